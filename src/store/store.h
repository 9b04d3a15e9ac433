// Store: where OpenWSUS keeps its state: the catalog (the original XML of
// every revision and what is derived from it), target groups, approvals,
// declines, computers with their events and status, automatic approval
// rules, settings, API tokens and the audit log. This is the interface; the
// back ends live under store/ (sqlite/, the embedded default; postgres/
// later), and OpenStore (open_store.h) is the one place that picks one, by
// URL.
//
// Contracts every back end keeps:
// - The original XML is kept byte for byte: FindRevision returns exactly the
//   bytes ImportTransaction::Add was first given for that revision. A
//   revision already stored is never rewritten (kUnchanged, kKeptStored).
// - Revision ids are forever (architecture.md, principle 5): a (update id,
//   revision number) gets an int32 revision id when it is first added; the id
//   never changes and is never given to another revision, even after a
//   revision is removed, since clients cache them for weeks. An id that
//   would pass INT32_MAX is refused, not wrapped.
// - Deployment ids: SetApproval gives the approval row a fresh id each time
//   it writes it, from policy::kFirstDeploymentId up, so that a deployment id
//   is never a revision id and never comes back.
// - What is atomic: an ImportTransaction commits all its revisions or none
//   (destroyed without Commit(), it rolls back), so a failed import or sync
//   batch leaves the store as it was; the calls made inside Transaction()
//   commit together or not at all; every other write is atomic on its own.
//   BumpCounter moves with the transaction it is called in.
// - The change number (CurrentChangeNumber) moves forward in the same
//   transaction as every change a downstream server syncs: revisions added
//   (one number per import transaction), an approval written or removed, a
//   decline set or cleared, a group added, moved or removed, an EULA
//   accepted. A reader that sees number n sees every change up to n and none
//   after it: that is what makes an MS-WSUSSS anchor "exactly what changed".
// - What others see: a commit is visible to every Store opened on the same
//   URL, in this process or another (the admin API, the client writer, the
//   scan snapshot and `openwsus import` each hold their own).
// - Errors: NotFound for an unknown id; Unavailable when another writer holds
//   the database longer than the back end waits (the client services answer
//   ServerBusy); DataLoss for stored data that does not read back.
//
// Thread-safety: a Store may be used from one thread at a time; open one per
// part of the program that needs one.
#ifndef OPENWSUS_STORE_STORE_H_
#define OPENWSUS_STORE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <functional>

#include "catalog/update.h"
#include "common/result.h"
#include "policy/approval.h"
#include "policy/auto_approval_rule.h"
#include "policy/target_group.h"
#include "store/admin_records.h"

namespace openwsus::store {

// One row of `update list`: the latest revision of an update.
struct UpdateSummary {
  int32_t revision_id = 0;
  Guid update_id;
  int32_t revision_number = 0;
  catalog::UpdateType type = catalog::UpdateType::kSoftware;
  catalog::CategoryType category_type = catalog::CategoryType::kNone;
  std::string title;  // English, else the default language
  std::string kb_article_id;
  std::string msrc_severity;
  std::string creation_date;
  std::string publication_state;
  bool is_bundle = false;
  bool can_uninstall = false;
  bool has_eula = false;
  std::vector<Guid> product_ids;         // IsCategory prerequisites that are products
  std::vector<Guid> classification_ids;  // ... that are update classifications
};

struct UpdateFilter {
  std::optional<catalog::UpdateType> type;
  std::optional<Guid> product_id;  // includes sub-products' members? no: direct membership
  std::optional<Guid> classification_id;
  std::string title_contains;  // case-insensitive substring
  std::string kb_article_id;
  size_t limit = 0;  // 0: no limit
};

// A category (company, product family, product or classification) and its parents.
struct CategoryNode {
  Guid update_id;
  int32_t revision_id = 0;
  catalog::CategoryType category_type = catalog::CategoryType::kNone;
  std::string title;
  std::vector<Guid> parent_ids;  // IsCategory prerequisites of the category itself
};

struct StoredRevision {
  int32_t revision_id = 0;
  Guid update_id;
  int32_t revision_number = 0;
  std::string xml;  // the original document, byte for byte
};

// The latest revision of an update as server-to-server sync sees it: which
// categories it belongs to, what it bundles, and the change that added it.
struct RevisionEntry {
  catalog::UpdateIdentity identity;
  catalog::UpdateType type = catalog::UpdateType::kSoftware;
  int64_t change_number = 0;
  std::vector<Guid> category_ids;  // IsCategory prerequisites: products and classifications
  std::vector<Guid> bundled_ids;   // update ids of its bundled updates
};

// Every latest revision, read in one transaction with the change number it
// is complete up to.
struct RevisionIndexRows {
  int64_t change_number = 0;
  std::vector<RevisionEntry> entries;
};

// What a replica downstream server needs of the approvals between two change
// numbers: rows written, with the revision number of their update's latest
// revision, and the deployment ids removed (DeadDeployments).
struct DeploymentChange {
  policy::Approval approval;
  int32_t revision_number = 0;
};
struct DeadDeployment {
  int32_t deployment_id = 0;
  Guid update_id;
  Guid group_id;
};
struct DeploymentChanges {
  std::vector<DeploymentChange> changed;
  std::vector<DeadDeployment> dead;
};

struct CatalogCounts {
  int64_t revisions = 0;
  int64_t updates = 0;
};

// Adds revisions in one transaction. Destroying it without Commit() rolls back.
class ImportTransaction {
 public:
  virtual ~ImportTransaction() = default;
  // Adds one parsed revision and its original XML. A revision already stored
  // changes nothing: kUnchanged when the bytes are the same, kKeptStored when
  // they differ (a published revision never changes; another serialization of
  // it, e.g. from an export rather than a sync, keeps the stored bytes and,
  // above all, the revision id clients already cached).
  // kAdded: the first revision of a new update; kAddedRevision: a new
  // revision of an update already stored.
  enum class Outcome { kAdded, kAddedRevision, kUnchanged, kKeptStored };
  virtual Result<Outcome> Add(const catalog::Update& update, std::string_view xml) = 0;
  // Records where the file with SHA-1 `sha1` (raw 20 bytes) is hosted on
  // Microsoft Update (an export's or an upstream's MUUrl); the last one wins.
  virtual Status AddFileOrigin(std::string_view sha1, std::string_view url) = 0;
  virtual Status Commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<std::unique_ptr<ImportTransaction>> BeginImport() = 0;

  virtual Result<CatalogCounts> Counts() = 0;
  virtual Result<std::vector<UpdateSummary>> ListUpdates(const UpdateFilter& filter) = 0;
  // The latest revision of `update_id`.
  virtual Result<StoredRevision> FindLatestRevision(const Guid& update_id) = 0;
  virtual Result<StoredRevision> FindRevision(int32_t revision_id) = 0;
  virtual Result<int32_t> FindRevisionId(const catalog::UpdateIdentity& identity) = 0;
  // Update ids whose latest revision supersedes / bundles `update_id`.
  virtual Result<std::vector<Guid>> FindSupersedingUpdates(const Guid& update_id) = 0;
  virtual Result<std::vector<Guid>> FindBundlingUpdates(const Guid& update_id) = 0;
  // Every (superseding update, superseded update) pair among latest revisions.
  virtual Result<std::vector<std::pair<Guid, Guid>>> ListSupersedence() = 0;
  // Categories of the given type (kNone: all), latest revision each.
  virtual Result<std::vector<CategoryNode>> ListCategories(catalog::CategoryType type) = 0;
  // Title of the latest revision of an update, empty if unknown.
  virtual Result<std::string> FindTitle(const Guid& update_id) = 0;
  // Visits the latest revision of every update, with its original XML, in
  // revision id order; stops at the first error `visit` returns.
  virtual Status ForEachLatestRevision(const std::function<Status(const StoredRevision&)>& visit) = 0;

  // ---- Administration. Calls made inside Transaction() commit together or
  // not at all: the admin API wraps each change and its audit entry in one.
  virtual Status Transaction(const std::function<Status()>& body) = 0;

  // Target groups (the two built-ins exist from the first migration on).
  virtual Result<std::vector<policy::TargetGroup>> ListGroups() = 0;
  virtual Status AddGroup(const policy::TargetGroup& group) = 0;
  virtual Status SetGroupParent(const Guid& group_id, const Guid& parent_id) = 0;
  // Removes the group, its approvals and its memberships.
  virtual Status RemoveGroup(const Guid& group_id) = 0;

  // Approvals: at most one explicit row per (update, group); NotApproved rows
  // are kept, since an explicit not-approved in a child group overrides an
  // approval inherited from its parent. SetApproval gives the row a fresh
  // deployment id each time it is written (the id clients see in Deployment).
  virtual Result<std::vector<policy::Approval>> ListApprovals() = 0;
  virtual Result<std::vector<policy::Approval>> ListApprovalsForUpdate(const Guid& update_id) = 0;
  virtual Status SetApproval(const policy::Approval& approval) = 0;
  virtual Status RemoveApprovalsForUpdate(const Guid& update_id) = 0;

  // Declined updates are hidden from clients and refuse approvals.
  virtual Result<std::vector<Guid>> ListDeclined() = 0;
  virtual Status SetDeclined(const Guid& update_id, bool declined) = 0;
  virtual Result<std::vector<Guid>> ListEulaAccepted() = 0;
  virtual Status AcceptEula(const Guid& update_id) = 0;

  // Computers and their group memberships.
  virtual Result<std::vector<ComputerRecord>> ListComputers() = 0;
  virtual Result<std::optional<ComputerRecord>> FindComputer(const Guid& computer_id) = 0;
  // Memberships and groups_changed untouched.
  virtual Status UpsertComputer(const ComputerRecord& computer) = 0;
  virtual Status RemoveComputer(const Guid& computer_id) = 0;
  virtual Status AddComputerToGroup(const Guid& computer_id, const Guid& group_id) = 0;
  virtual Status RemoveComputerFromGroup(const Guid& computer_id, const Guid& group_id) = 0;

  // Client events. AddEvents ignores an event already stored (same computer
  // and event instance id) and returns how many were new.
  virtual Result<size_t> AddEvents(const std::vector<ClientEvent>& events) = 0;
  // A computer's events, newest (by arrival) first; limit 0 means 1,000.
  virtual Result<std::vector<ClientEvent>> ListEvents(const Guid& computer_id, size_t limit) = 0;
  // Forgets events that arrived before `cutoff`; returns how many.
  virtual Result<size_t> PruneEvents(DateTime cutoff) = 0;

  // Sets last_sync and/or last_report of a known computer (nullopt: unchanged).
  virtual Status SetComputerActivity(const Guid& computer_id, std::optional<DateTime> last_sync,
                                     std::optional<DateTime> last_report) = 0;

  // The latest status of each (computer, update) pair.
  virtual Status SaveStatus(const std::vector<StatusRecord>& records) = 0;
  // As SaveStatus, but a pair already Installed or InstalledPendingReboot
  // keeps that state (a download reported after the install changes nothing).
  virtual Status SaveStatusUnlessInstalled(const std::vector<StatusRecord>& records) = 0;
  // A computer's complete status list (its event 156): its rows are replaced
  // by `records`; an update left out has no row, which counts as not
  // applicable once the computer has reported (last_report set).
  virtual Status ReplaceStatus(const Guid& computer_id, const std::vector<StatusRecord>& records) = 0;
  virtual Status ForEachStatus(const std::function<void(const StatusRecord&)>& visit) = 0;

  // Automatic approval rules.
  virtual Result<std::vector<policy::AutoApprovalRule>> ListRules() = 0;
  virtual Status SaveRule(const policy::AutoApprovalRule& rule) = 0;  // insert or replace by id
  virtual Status RemoveRule(const Guid& rule_id) = 0;

  // Change counters, so that a running server sees what another process (an
  // `openwsus import`, say) wrote: BumpCounter adds one inside the caller's
  // transaction; GetCounter is 0 for a counter never bumped.
  virtual Status BumpCounter(const std::string& name) = 0;
  virtual Result<int64_t> GetCounter(const std::string& name) = 0;

  // ---- Server-to-server sync (MS-WSUSSS).
  virtual Result<int64_t> CurrentChangeNumber() = 0;
  virtual Result<RevisionIndexRows> ReadRevisionIndex() = 0;
  // Approvals written, and deployments removed, with change numbers in
  // (after, upto].
  virtual Result<DeploymentChanges> ListDeploymentChanges(int64_t after, int64_t upto) = 0;
  // Inserts or updates by server_id; an update keeps first_seen, and keeps
  // last_sync / last_rollup where `server` has none.
  virtual Status UpsertDownstreamServer(const DownstreamServer& server) = 0;
  virtual Result<std::vector<DownstreamServer>> ListDownstreamServers() = 0;
  // Where the file with SHA-1 `sha1` (raw 20 bytes) can be fetched from its
  // origin, Microsoft Update's CDN (ImportTransaction::AddFileOrigin).
  virtual Result<std::optional<std::string>> FindFileOrigin(std::string_view sha1) = 0;

  // Settings: small named values (targeting mode, auto-approval options,
  // products and classifications to sync), kept as text.
  virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual Status SetSetting(const std::string& key, const std::string& value) = 0;

  // API tokens.
  virtual Result<int64_t> AddToken(const ApiToken& token) = 0;
  virtual Result<std::vector<ApiToken>> ListTokens() = 0;
  virtual Result<std::optional<ApiToken>> FindTokenByHash(const std::string& hash) = 0;
  virtual Status RevokeToken(int64_t token_id) = 0;

  // The audit log, newest first.
  virtual Status AppendAudit(const AuditEntry& entry) = 0;
  virtual Result<std::vector<AuditEntry>> ListAudit(size_t limit) = 0;
};

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_STORE_H_
