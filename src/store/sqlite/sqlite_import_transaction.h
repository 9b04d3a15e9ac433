// SqliteImportTransaction: adds revisions inside one BEGIN IMMEDIATE ...
// COMMIT. Destroying it before Commit() rolls everything back, so an import
// that fails half-way leaves the database exactly as it was.
#ifndef OPENWSUS_STORE_SQLITE_SQLITE_IMPORT_TRANSACTION_H_
#define OPENWSUS_STORE_SQLITE_SQLITE_IMPORT_TRANSACTION_H_

#include <memory>
#include <optional>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace openwsus::store {

class SqliteImportTransaction final : public ImportTransaction {
 public:
  static Result<std::unique_ptr<SqliteImportTransaction>> Begin(SqliteDb* db);
  ~SqliteImportTransaction() override;

  Result<Outcome> Add(const catalog::Update& update, std::string_view xml) override;
  Status AddFileOrigin(std::string_view sha1, std::string_view url) override;
  Status Commit() override;

 private:
  struct Statements;
  SqliteImportTransaction(SqliteDb* db, std::unique_ptr<Statements> statements);
  Result<int32_t> InsertRevision(const catalog::Update& update, std::string_view xml, const std::string& digest);
  Status InsertRelations(int32_t revision_id, const catalog::Update& update);
  Status UpdateLatest(const catalog::Update& update, int32_t revision_id);

  SqliteDb* db_;  // not owned
  std::unique_ptr<Statements> stmts_;
  bool done_ = false;
  size_t added_ = 0;  // revisions added so far
};

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_SQLITE_SQLITE_IMPORT_TRANSACTION_H_
