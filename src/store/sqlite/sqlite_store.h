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
  Result<std::vector<std::pair<Guid, Guid>>> ListSupersedence() override;
  Result<std::vector<CategoryNode>> ListCategories(catalog::CategoryType type) override;
  Result<std::string> FindTitle(const Guid& update_id) override;
  Status ForEachLatestRevision(const std::function<Status(const StoredRevision&)>& visit) override;

  Status Transaction(const std::function<Status()>& body) override;
  Result<std::vector<policy::TargetGroup>> ListGroups() override;
  Status AddGroup(const policy::TargetGroup& group) override;
  Status SetGroupParent(const Guid& group_id, const Guid& parent_id) override;
  Status RemoveGroup(const Guid& group_id) override;
  Result<std::vector<policy::Approval>> ListApprovals() override;
  Result<std::vector<policy::Approval>> ListApprovalsForUpdate(const Guid& update_id) override;
  Status SetApproval(const policy::Approval& approval) override;
  Status RemoveApprovalsForUpdate(const Guid& update_id) override;
  Result<std::vector<Guid>> ListDeclined() override;
  Status SetDeclined(const Guid& update_id, bool declined) override;
  Result<std::vector<Guid>> ListEulaAccepted() override;
  Status AcceptEula(const Guid& update_id) override;
  Result<std::vector<ComputerRecord>> ListComputers() override;
  Result<std::optional<ComputerRecord>> FindComputer(const Guid& computer_id) override;
  Status UpsertComputer(const ComputerRecord& computer) override;
  Status RemoveComputer(const Guid& computer_id) override;
  Status AddComputerToGroup(const Guid& computer_id, const Guid& group_id) override;
  Status RemoveComputerFromGroup(const Guid& computer_id, const Guid& group_id) override;
  Result<size_t> AddEvents(const std::vector<ClientEvent>& events) override;
  Result<std::vector<ClientEvent>> ListEvents(const Guid& computer_id, size_t limit) override;
  Result<size_t> PruneEvents(DateTime cutoff) override;
  Status SetComputerActivity(const Guid& computer_id, std::optional<DateTime> last_sync,
                             std::optional<DateTime> last_report) override;
  Status SaveStatus(const std::vector<StatusRecord>& records) override;
  Status SaveStatusUnlessInstalled(const std::vector<StatusRecord>& records) override;
  Status ReplaceStatus(const Guid& computer_id, const std::vector<StatusRecord>& records) override;
  Status BumpCounter(const std::string& name) override;
  Result<int64_t> GetCounter(const std::string& name) override;
  Status ForEachStatus(const std::function<void(const StatusRecord&)>& visit) override;
  Result<std::vector<policy::AutoApprovalRule>> ListRules() override;
  Status SaveRule(const policy::AutoApprovalRule& rule) override;
  Status RemoveRule(const Guid& rule_id) override;
  Result<int64_t> CurrentChangeNumber() override;
  Result<RevisionIndexRows> ReadRevisionIndex() override;
  Result<DeploymentChanges> ListDeploymentChanges(int64_t after, int64_t upto) override;
  Status UpsertDownstreamServer(const DownstreamServer& server) override;
  Result<std::vector<DownstreamServer>> ListDownstreamServers() override;
  Result<std::optional<std::string>> FindFileOrigin(std::string_view sha1) override;
  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  Status SetSetting(const std::string& key, const std::string& value) override;
  Result<int64_t> AddToken(const ApiToken& token) override;
  Result<std::vector<ApiToken>> ListTokens() override;
  Result<std::optional<ApiToken>> FindTokenByHash(const std::string& hash) override;
  Status RevokeToken(int64_t token_id) override;
  Status AppendAudit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> ListAudit(size_t limit) override;

  // The schema version this build writes.
  static int SchemaVersion();

 private:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status Migrate();
  Result<StoredRevision> ReadRevision(SqliteDb::Statement* stmt);
  Result<std::vector<Guid>> QueryGuids(std::string_view sql, const Guid& key);
  // Runs a statement that returns no rows, binding the given texts to ?1, ?2...
  Status RunSql(std::string_view sql, std::initializer_list<std::string_view> texts);
  Result<std::vector<Guid>> QueryIdColumn(std::string_view sql);
  Result<std::vector<policy::Approval>> QueryApprovals(std::string_view where, const std::string& key);
  Status MarkGroupsChanged(const Guid& computer_id);
  Status ReplaceApproval(const policy::Approval& approval);
  // The three reads of ReadRevisionIndex, inside its read transaction.
  Result<RevisionIndexRows> ReadRevisionIndexRows();
  Status WriteStatus(std::string_view sql, const std::vector<StatusRecord>& records);
  bool in_transaction_ = false;

  std::unique_ptr<SqliteDb> db_;
};

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_SQLITE_SQLITE_STORE_H_
