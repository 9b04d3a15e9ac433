#include "store/open_store.h"

#include "store/sqlite/sqlite_store.h"

namespace openwsus::store {

Result<std::unique_ptr<Store>> OpenStore(std::string_view url) {
  if (url.starts_with(kSqliteScheme)) {
    std::string path(url.substr(kSqliteScheme.size()));
    if (path.empty()) return Status::InvalidArgument("store URL 'sqlite:' names no file");
    OW_ASSIGN_OR_RETURN(auto store, SqliteStore::Open(path));
    return std::unique_ptr<Store>(std::move(store));
  }
  return Status::InvalidArgument("store URL '" + std::string(url.substr(0, 200)) +
                                 "' has no scheme this build knows (sqlite:PATH)");
}

std::string SqliteUrl(std::string_view path) { return std::string(kSqliteScheme) + std::string(path); }

}  // namespace openwsus::store
