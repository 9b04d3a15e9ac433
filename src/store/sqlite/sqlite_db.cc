#include "store/sqlite/sqlite_db.h"

#include <sqlite3.h>

namespace openwsus::store {
namespace {

Status Error(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return Status::Unavailable(message);
  if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) return Status::DataLoss(message);
  if (rc == SQLITE_CANTOPEN || rc == SQLITE_IOERR || rc == SQLITE_FULL) return Status::IoError(message);
  if (rc == SQLITE_CONSTRAINT) return Status::AlreadyExists(message);
  return Status::Internal(message);
}

}  // namespace

SqliteDb::Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

SqliteDb::Statement::~Statement() { sqlite3_finalize(stmt_); }

SqliteDb::Statement& SqliteDb::Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

SqliteDb::Statement& SqliteDb::Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

SqliteDb::Statement& SqliteDb::Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

SqliteDb::Statement& SqliteDb::Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> SqliteDb::Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error(db_, rc, "SQLite step");
}

Status SqliteDb::Statement::Run() {
  Result<bool> r = Step();
  while (r.ok() && *r) r = Step();
  Reset();
  return r.status();
}

void SqliteDb::Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t SqliteDb::Statement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string SqliteDb::Statement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  return text == nullptr ? std::string()
                         : std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column));
}

std::string SqliteDb::Statement::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  return blob == nullptr ? std::string()
                         : std::string(static_cast<const char*>(blob), sqlite3_column_bytes(stmt_, column));
}

bool SqliteDb::Statement::ColumnIsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status s = Error(db, rc, "cannot open database " + path);
    sqlite3_close(db);
    return s;
  }
  sqlite3_busy_timeout(db, 5000);
  return std::unique_ptr<SqliteDb>(new SqliteDb(db));
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

Status SqliteDb::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Status::Ok();
  Status s = Error(db_, rc, "SQLite");
  sqlite3_free(message);
  return s;
}

Result<SqliteDb::Statement> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(db_, rc, "SQLite prepare");
  return Statement(db_, stmt);
}

int64_t SqliteDb::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int SqliteDb::Changes() const { return sqlite3_changes(db_); }

}  // namespace openwsus::store
