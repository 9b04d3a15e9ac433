// SqliteStore: the embedded Store back end (one SQLite file in WAL mode).
//
// Schema changes are numbered migrations applied in order at open time and
// recorded in PRAGMA user_version; a database from a newer OpenWSUS is refused.
// Revision ids come from an AUTOINCREMENT key, which SQLite never reuses, and
// are checked to fit the protocol's int32.
#ifndef OPENWSUS_STORE_SQLITE_SQLITE_STORE_H_
#define OPENWSUS_STORE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace openwsus::store {

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);

  Result<std::unique_ptr<ImportTransaction>> BeginImport() override;
  Result<CatalogCounts> Counts() override;
  Result<std::vector<UpdateSummary>> ListUpdates(const UpdateFilter& filter) override;
  Result<StoredRevision> FindLatestRevision(const Guid& update_id) override;
  Result<StoredRevision> FindRevision(int32_t revision_id) override;
  Result<int32_t> FindRevisionId(const catalog::UpdateIdentity& identity) override;
  Result<std::vector<Guid>> FindSupersedingUpdates(const Guid& update_id) override;
  Result<std::vector<Guid>> FindBundlingUpdates(const Guid& update_id) override;
  Result<std::vector<CategoryNode>> ListCategories(catalog::CategoryType type) override;
  Result<std::string> FindTitle(const Guid& update_id) override;

  // The schema version this build writes.
  static int SchemaVersion();

 private:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status Migrate();
  Result<StoredRevision> ReadRevision(SqliteDb::Statement* stmt);
  Result<std::vector<Guid>> QueryGuids(std::string_view sql, const Guid& key);

  std::unique_ptr<SqliteDb> db_;
};

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_SQLITE_SQLITE_STORE_H_
