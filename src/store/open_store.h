// OpenStore: the one factory of stores. The URL's scheme names the back end:
//   sqlite:PATH   the embedded SQLite database at PATH (created and migrated
//                 as needed), what `openwsus serve` uses by default
// and later postgresql://... for the shared-database topology
// (architecture.md, principle 7). Each call opens a new connection: give
// each part of the program that writes its own (store.h, thread-safety).
#ifndef OPENWSUS_STORE_OPEN_STORE_H_
#define OPENWSUS_STORE_OPEN_STORE_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "store/store.h"

namespace openwsus::store {

inline constexpr std::string_view kSqliteScheme = "sqlite:";

// InvalidArgument for a URL of no scheme we know; otherwise what the back end
// says (IoError for a file it cannot open, DataLoss for one that is not its
// database, FailedPrecondition for a database of a newer OpenWSUS).
Result<std::unique_ptr<Store>> OpenStore(std::string_view url);

// "sqlite:" + path, the URL of the embedded database at `path`.
std::string SqliteUrl(std::string_view path);

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_OPEN_STORE_H_
