// Row helpers the SqliteStore files share: stepping through a result and
// reading the times the schema keeps as xs:dateTime text.
#ifndef OPENWSUS_STORE_SQLITE_SQLITE_ROWS_H_
#define OPENWSUS_STORE_SQLITE_SQLITE_ROWS_H_

#include <functional>
#include <optional>
#include <string>

#include "common/date_time.h"
#include "store/sqlite/sqlite_db.h"

namespace openwsus::store {

// Steps through every row, calling `row` for each; stops at the first error.
Status ForEachRow(SqliteDb::Statement* stmt, const std::function<Status()>& row);

// The time in `column`; nullopt when NULL or unreadable.
std::optional<DateTime> ParseOptionalTime(const SqliteDb::Statement& stmt, int column);
// The time `text` spells; the epoch when it is unreadable (the store wrote it).
DateTime ParseTime(const std::string& text);

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_SQLITE_SQLITE_ROWS_H_
