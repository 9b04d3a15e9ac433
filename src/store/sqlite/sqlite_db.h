// SqliteDb: a thin RAII layer over the SQLite C API that turns its error codes
// into Status. Only store/sqlite/ includes sqlite3.h.
//
// Thread-safety: one SqliteDb and its statements belong to one thread at a time.
#ifndef OPENWSUS_STORE_SQLITE_SQLITE_DB_H_
#define OPENWSUS_STORE_SQLITE_SQLITE_DB_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace openwsus::store {

class SqliteDb {
 public:
  // A prepared statement. Bind indexes start at 1, column indexes at 0.
  class Statement {
   public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    Statement& Bind(int index, int64_t value);
    Statement& Bind(int index, std::string_view text);
    Statement& BindBlob(int index, std::string_view bytes);
    Statement& BindNull(int index);

    // True while a row is available; false when done. Errors are Status.
    Result<bool> Step();
    // Runs to completion, for statements that return no rows.
    Status Run();
    void Reset();  // ready to bind and step again

    int64_t ColumnInt(int column) const;
    std::string ColumnText(int column) const;
    std::string ColumnBlob(int column) const;
    bool ColumnIsNull(int column) const;

   private:
    friend class SqliteDb;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    sqlite3* db_;
    sqlite3_stmt* stmt_;
  };

  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  ~SqliteDb();

  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  int64_t LastInsertRowId() const;
  int Changes() const;

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_SQLITE_SQLITE_DB_H_
