// SqliteStore: what server-to-server sync reads and records (migration 4):
// the change number, the revision index, deployment changes, downstream servers.
#include <map>

#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace openwsus::store {
namespace {

constexpr std::string_view kLatestRevisions =
    "SELECT r.revision_id, r.update_id, r.revision_number, r.update_type, r.change_number "
    "FROM updates u JOIN revisions r ON r.revision_id = u.latest_revision_id ORDER BY r.revision_id";
constexpr std::string_view kLatestCategories =
    "SELECT p.revision_id, p.update_id FROM prerequisites p "
    "JOIN updates u ON p.revision_id = u.latest_revision_id WHERE p.is_category = 1";
constexpr std::string_view kLatestBundles =
    "SELECT b.revision_id, b.member_update_id FROM bundle_members b "
    "JOIN updates u ON b.revision_id = u.latest_revision_id";

// Adds the id of column 1 to the list `pick` selects of the entry whose
// revision id is column 0.
Status AppendIds(SqliteDb* db, std::string_view sql, std::map<int64_t, RevisionEntry*>* by_revision,
                 std::vector<Guid> RevisionEntry::*pick) {
  OW_ASSIGN_OR_RETURN(auto stmt, db->Prepare(sql));
  return ForEachRow(&stmt, [&]() -> Status {
    auto it = by_revision->find(stmt.ColumnInt(0));
    if (it == by_revision->end()) return Status::Ok();
    OW_ASSIGN_OR_RETURN(Guid id, Guid::Parse(stmt.ColumnText(1)));
    (it->second->*pick).push_back(id);
    return Status::Ok();
  });
}

}  // namespace

Result<int64_t> SqliteStore::CurrentChangeNumber() {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT value FROM change_sequence"));
  OW_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return Status::DataLoss("change_sequence has no row");
  return stmt.ColumnInt(0);
}

Result<RevisionIndexRows> SqliteStore::ReadRevisionIndex() {
  if (in_transaction_) return ReadRevisionIndexRows();
  // One read transaction: the number and the rows are of the same moment.
  OW_RETURN_IF_ERROR(db_->Exec("BEGIN"));
  Result<RevisionIndexRows> rows = ReadRevisionIndexRows();
  (void)db_->Exec("COMMIT");
  return rows;
}

Result<RevisionIndexRows> SqliteStore::ReadRevisionIndexRows() {
  RevisionIndexRows rows;
  OW_ASSIGN_OR_RETURN(rows.change_number, CurrentChangeNumber());
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(kLatestRevisions));
  std::vector<int64_t> revision_ids;
  OW_RETURN_IF_ERROR(ForEachRow(&stmt, [&]() -> Status {
    RevisionEntry e;
    revision_ids.push_back(stmt.ColumnInt(0));
    OW_ASSIGN_OR_RETURN(e.identity.update_id, Guid::Parse(stmt.ColumnText(1)));
    e.identity.revision_number = static_cast<int32_t>(stmt.ColumnInt(2));
    e.type = static_cast<catalog::UpdateType>(stmt.ColumnInt(3));
    e.change_number = stmt.ColumnInt(4);
    rows.entries.push_back(std::move(e));
    return Status::Ok();
  }));
  std::map<int64_t, RevisionEntry*> by_revision;
  for (size_t i = 0; i < rows.entries.size(); ++i) by_revision[revision_ids[i]] = &rows.entries[i];
  OW_RETURN_IF_ERROR(AppendIds(db_.get(), kLatestCategories, &by_revision, &RevisionEntry::category_ids));
  OW_RETURN_IF_ERROR(AppendIds(db_.get(), kLatestBundles, &by_revision, &RevisionEntry::bundled_ids));
  return rows;
}

Result<DeploymentChanges> SqliteStore::ListDeploymentChanges(int64_t after, int64_t upto) {
  DeploymentChanges changes;
  OW_ASSIGN_OR_RETURN(auto written,
                      db_->Prepare("SELECT a.update_id, a.group_id, a.action, a.deadline, a.created, a.admin, "
                                   "a.deployment_id, r.revision_number FROM approvals a "
                                   "JOIN updates u ON u.update_id = a.update_id "
                                   "JOIN revisions r ON r.revision_id = u.latest_revision_id "
                                   "WHERE a.change_number > ?1 AND a.change_number <= ?2 ORDER BY a.deployment_id"));
  written.Bind(1, after).Bind(2, upto);
  OW_RETURN_IF_ERROR(ForEachRow(&written, [&]() -> Status {
    DeploymentChange c;
    OW_ASSIGN_OR_RETURN(c.approval.update_id, Guid::Parse(written.ColumnText(0)));
    OW_ASSIGN_OR_RETURN(c.approval.group_id, Guid::Parse(written.ColumnText(1)));
    c.approval.action = static_cast<policy::ApprovalAction>(written.ColumnInt(2));
    c.approval.deadline = ParseOptionalTime(written, 3);
    c.approval.created = ParseTime(written.ColumnText(4));
    c.approval.admin = written.ColumnText(5);
    c.approval.deployment_id = static_cast<int32_t>(written.ColumnInt(6));
    c.revision_number = static_cast<int32_t>(written.ColumnInt(7));
    changes.changed.push_back(std::move(c));
    return Status::Ok();
  }));
  OW_ASSIGN_OR_RETURN(auto dead, db_->Prepare("SELECT deployment_id, update_id, group_id FROM dead_deployments "
                                              "WHERE change_number > ?1 AND change_number <= ?2 "
                                              "ORDER BY deployment_id"));
  dead.Bind(1, after).Bind(2, upto);
  OW_RETURN_IF_ERROR(ForEachRow(&dead, [&]() -> Status {
    DeadDeployment d;
    d.deployment_id = static_cast<int32_t>(dead.ColumnInt(0));
    OW_ASSIGN_OR_RETURN(d.update_id, Guid::Parse(dead.ColumnText(1)));
    OW_ASSIGN_OR_RETURN(d.group_id, Guid::Parse(dead.ColumnText(2)));
    changes.dead.push_back(d);
    return Status::Ok();
  }));
  return changes;
}

Status SqliteStore::UpsertDownstreamServer(const DownstreamServer& s) {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("INSERT INTO downstream_servers (server_id, name, address, mode, protocol_version, first_seen, "
                   "last_seen, last_sync, last_rollup) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9) "
                   "ON CONFLICT (server_id) DO UPDATE SET name = ?2, address = ?3, mode = MAX(mode, ?4), "
                   "protocol_version = ?5, last_seen = ?7, last_sync = COALESCE(?8, last_sync), "
                   "last_rollup = COALESCE(?9, last_rollup)"));
  stmt.Bind(1, s.server_id.ToString())
      .Bind(2, s.name)
      .Bind(3, s.address)
      .Bind(4, static_cast<int64_t>(s.mode))
      .Bind(5, s.protocol_version)
      .Bind(6, s.first_seen.ToString())
      .Bind(7, s.last_seen.ToString());
  if (s.last_sync) {
    stmt.Bind(8, s.last_sync->ToString());
  } else {
    stmt.BindNull(8);
  }
  if (s.last_rollup) {
    stmt.Bind(9, s.last_rollup->ToString());
  } else {
    stmt.BindNull(9);
  }
  return stmt.Run();
}

Result<std::vector<DownstreamServer>> SqliteStore::ListDownstreamServers() {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT server_id, name, address, mode, protocol_version, first_seen, "
                                              "last_seen, last_sync, last_rollup FROM downstream_servers "
                                              "ORDER BY name, server_id"));
  std::vector<DownstreamServer> servers;
  OW_RETURN_IF_ERROR(ForEachRow(&stmt, [&]() -> Status {
    DownstreamServer s;
    OW_ASSIGN_OR_RETURN(s.server_id, Guid::Parse(stmt.ColumnText(0)));
    s.name = stmt.ColumnText(1);
    s.address = stmt.ColumnText(2);
    s.mode = stmt.ColumnInt(3) == 1 ? DownstreamMode::kReplica : DownstreamMode::kAutonomous;
    s.protocol_version = stmt.ColumnText(4);
    s.first_seen = ParseTime(stmt.ColumnText(5));
    s.last_seen = ParseTime(stmt.ColumnText(6));
    s.last_sync = ParseOptionalTime(stmt, 7);
    s.last_rollup = ParseOptionalTime(stmt, 8);
    servers.push_back(std::move(s));
    return Status::Ok();
  }));
  return servers;
}

Result<std::optional<std::string>> SqliteStore::FindFileOrigin(std::string_view sha1) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT url FROM file_origins WHERE sha1 = ?1"));
  stmt.BindBlob(1, sha1);
  OW_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return std::optional<std::string>();
  return std::optional<std::string>(stmt.ColumnText(0));
}

}  // namespace openwsus::store
