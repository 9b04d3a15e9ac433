#include "store/sqlite/sqlite_rows.h"

namespace openwsus::store {

Status ForEachRow(SqliteDb::Statement* stmt, const std::function<Status()>& row) {
  while (true) {
    OW_ASSIGN_OR_RETURN(bool more, stmt->Step());
    if (!more) return Status::Ok();
    OW_RETURN_IF_ERROR(row());
  }
}

std::optional<DateTime> ParseOptionalTime(const SqliteDb::Statement& stmt, int column) {
  if (stmt.ColumnIsNull(column)) return std::nullopt;
  auto t = DateTime::Parse(stmt.ColumnText(column));
  return t.ok() ? std::optional<DateTime>(*t) : std::nullopt;
}

DateTime ParseTime(const std::string& text) {
  auto t = DateTime::Parse(text);
  return t.ok() ? *t : DateTime();
}

}  // namespace openwsus::store
