// SqliteStore: the administration tables (migration 2).
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace openwsus::store {
namespace {

std::string JoinIds(const std::vector<Guid>& ids) {
  std::string out;
  for (const Guid& id : ids) {
    if (!out.empty()) out += ' ';
    out += id.ToString();
  }
  return out;
}

std::vector<Guid> SplitIds(const std::string& text) {
  std::vector<Guid> ids;
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    auto id = Guid::Parse(word);
    if (id.ok()) ids.push_back(*id);
  }
  return ids;
}

}  // namespace

std::string_view TokenRoleName(TokenRole role) {
  return role == TokenRole::kAdministrator ? "administrator" : "reporter";
}

std::optional<TokenRole> ParseTokenRole(std::string_view name) {
  if (name == "administrator") return TokenRole::kAdministrator;
  if (name == "reporter") return TokenRole::kReporter;
  return std::nullopt;
}

Status SqliteStore::Transaction(const std::function<Status()>& body) {
  if (in_transaction_) return Status::Internal("nested store transaction");
  OW_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  in_transaction_ = true;
  Status s = body();
  if (s.ok()) s = db_->Exec("COMMIT");
  if (!s.ok()) (void)db_->Exec("ROLLBACK");
  in_transaction_ = false;
  return s;
}

Status SqliteStore::RunSql(std::string_view sql, std::initializer_list<std::string_view> texts) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(sql));
  int index = 1;
  for (std::string_view text : texts) stmt.Bind(index++, text);
  return stmt.Run();
}

Result<std::vector<Guid>> SqliteStore::QueryIdColumn(std::string_view sql) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(sql));
  std::vector<Guid> ids;
  OW_RETURN_IF_ERROR(ForEachRow(&stmt, [&]() -> Status {
    OW_ASSIGN_OR_RETURN(Guid id, Guid::Parse(stmt.ColumnText(0)));
    ids.push_back(id);
    return Status::Ok();
  }));
  return ids;
}

Result<std::vector<policy::TargetGroup>> SqliteStore::ListGroups() {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT group_id, name, parent_id FROM target_groups ORDER BY name"));
  std::vector<policy::TargetGroup> groups;
  OW_RETURN_IF_ERROR(ForEachRow(&stmt, [&]() -> Status {
    policy::TargetGroup g;
    OW_ASSIGN_OR_RETURN(g.id, Guid::Parse(stmt.ColumnText(0)));
    g.name = stmt.ColumnText(1);
    if (!stmt.ColumnIsNull(2)) {
      OW_ASSIGN_OR_RETURN(Guid parent, Guid::Parse(stmt.ColumnText(2)));
      g.parent_id = parent;
    }
    groups.push_back(std::move(g));
    return Status::Ok();
  }));
  return groups;
}

Status SqliteStore::AddGroup(const policy::TargetGroup& group) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("INSERT INTO target_groups (group_id, name, parent_id) VALUES (?,?,?)"));
  stmt.Bind(1, group.id.ToString()).Bind(2, group.name);
  if (group.parent_id) {
    stmt.Bind(3, group.parent_id->ToString());
  } else {
    stmt.BindNull(3);
  }
  return stmt.Run();
}

Status SqliteStore::SetGroupParent(const Guid& group_id, const Guid& parent_id) {
  return RunSql("UPDATE target_groups SET parent_id = ?2 WHERE group_id = ?1",
                {group_id.ToString(), parent_id.ToString()});
}

Status SqliteStore::RemoveGroup(const Guid& group_id) {
  std::string id = group_id.ToString();
  OW_RETURN_IF_ERROR(RunSql("DELETE FROM approvals WHERE group_id = ?1", {id}));
  OW_RETURN_IF_ERROR(
      RunSql("UPDATE computers SET groups_changed = ?2 WHERE computer_id IN "
             "(SELECT computer_id FROM computer_groups WHERE group_id = ?1)",
             {id, DateTime::Now().ToString()}));
  OW_RETURN_IF_ERROR(RunSql("DELETE FROM computer_groups WHERE group_id = ?1", {id}));
  return RunSql("DELETE FROM target_groups WHERE group_id = ?1", {id});
}

Result<std::vector<policy::Approval>> SqliteStore::QueryApprovals(std::string_view where, const std::string& key) {
  std::string sql = "SELECT update_id, group_id, action, deadline, created, admin, deployment_id FROM approvals";
  sql += where;
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(sql));
  if (!key.empty()) stmt.Bind(1, key);
  std::vector<policy::Approval> approvals;
  OW_RETURN_IF_ERROR(ForEachRow(&stmt, [&]() -> Status {
    policy::Approval a;
    OW_ASSIGN_OR_RETURN(a.update_id, Guid::Parse(stmt.ColumnText(0)));
    OW_ASSIGN_OR_RETURN(a.group_id, Guid::Parse(stmt.ColumnText(1)));
    a.action = static_cast<policy::ApprovalAction>(stmt.ColumnInt(2));
    a.deadline = ParseOptionalTime(stmt, 3);
    a.created = ParseTime(stmt.ColumnText(4));
    a.admin = stmt.ColumnText(5);
    a.deployment_id = static_cast<int32_t>(stmt.ColumnInt(6));
    approvals.push_back(std::move(a));
    return Status::Ok();
  }));
  return approvals;
}

Result<std::vector<policy::Approval>> SqliteStore::ListApprovals() { return QueryApprovals("", ""); }

Result<std::vector<policy::Approval>> SqliteStore::ListApprovalsForUpdate(const Guid& update_id) {
  return QueryApprovals(" WHERE update_id = ?1", update_id.ToString());
}

Status SqliteStore::SetApproval(const policy::Approval& a) {
  // Delete, then insert, rather than INSERT OR REPLACE: a REPLACE fires no
  // delete trigger, and the old deployment id must reach dead_deployments.
  // The savepoint keeps the pair atomic inside or outside Transaction().
  OW_RETURN_IF_ERROR(db_->Exec("SAVEPOINT set_approval"));
  Status s = ReplaceApproval(a);
  if (!s.ok()) {
    (void)db_->Exec("ROLLBACK TO set_approval");
    (void)db_->Exec("RELEASE set_approval");
    return s;
  }
  return db_->Exec("RELEASE set_approval");
}

Status SqliteStore::ReplaceApproval(const policy::Approval& a) {
  OW_RETURN_IF_ERROR(RunSql("DELETE FROM approvals WHERE update_id = ?1 AND group_id = ?2",
                            {a.update_id.ToString(), a.group_id.ToString()}));
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("INSERT INTO approvals (update_id, group_id, action, "
                                              "deadline, created, admin) VALUES (?,?,?,?,?,?)"));
  stmt.Bind(1, a.update_id.ToString()).Bind(2, a.group_id.ToString()).Bind(3, static_cast<int64_t>(a.action));
  if (a.deadline) {
    stmt.Bind(4, a.deadline->ToString());
  } else {
    stmt.BindNull(4);
  }
  stmt.Bind(5, a.created.ToString()).Bind(6, a.admin);
  return stmt.Run();
}

Status SqliteStore::RemoveApprovalsForUpdate(const Guid& update_id) {
  return RunSql("DELETE FROM approvals WHERE update_id = ?1", {update_id.ToString()});
}

Result<std::vector<Guid>> SqliteStore::ListDeclined() {
  return QueryIdColumn("SELECT update_id FROM declined_updates");
}

Status SqliteStore::SetDeclined(const Guid& update_id, bool declined) {
  return RunSql(declined ? "INSERT OR IGNORE INTO declined_updates (update_id) VALUES (?1)"
                         : "DELETE FROM declined_updates WHERE update_id = ?1",
                {update_id.ToString()});
}

Result<std::vector<Guid>> SqliteStore::ListEulaAccepted() {
  return QueryIdColumn("SELECT update_id FROM eula_accepted");
}

Status SqliteStore::AcceptEula(const Guid& update_id) {
  return RunSql("INSERT OR IGNORE INTO eula_accepted (update_id) VALUES (?1)", {update_id.ToString()});
}

namespace {

constexpr std::string_view kComputerColumns =
    "SELECT computer_id, name, ip_address, os_description, last_sync, last_report, created, requested_groups, info, "
    "groups_changed FROM computers";

Result<ComputerRecord> ReadComputer(const SqliteDb::Statement& stmt) {
  ComputerRecord c;
  OW_ASSIGN_OR_RETURN(c.id, Guid::Parse(stmt.ColumnText(0)));
  c.name = stmt.ColumnText(1);
  c.ip_address = stmt.ColumnText(2);
  c.os_description = stmt.ColumnText(3);
  c.last_sync = ParseOptionalTime(stmt, 4);
  c.last_report = ParseOptionalTime(stmt, 5);
  c.created = ParseTime(stmt.ColumnText(6));
  std::istringstream requested(stmt.ColumnText(7));
  for (std::string line; std::getline(requested, line);) {
    if (!line.empty()) c.requested_groups.push_back(line);
  }
  // Written by UpsertComputer only; a damaged value costs the details, not the computer.
  auto info = nlohmann::ordered_json::parse(stmt.ColumnText(8), nullptr, /*allow_exceptions=*/false);
  if (info.is_object()) {
    for (const auto& [key, value] : info.items()) {
      if (value.is_string()) c.info.emplace_back(key, value.get<std::string>());
    }
  }
  c.groups_changed = ParseOptionalTime(stmt, 9);
  return c;
}

}  // namespace

Result<std::vector<ComputerRecord>> SqliteStore::ListComputers() {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(std::string(kComputerColumns) + " ORDER BY name, computer_id"));
  std::vector<ComputerRecord> computers;
  std::map<Guid, size_t> index;
  OW_RETURN_IF_ERROR(ForEachRow(&stmt, [&]() -> Status {
    OW_ASSIGN_OR_RETURN(ComputerRecord c, ReadComputer(stmt));
    index[c.id] = computers.size();
    computers.push_back(std::move(c));
    return Status::Ok();
  }));
  OW_ASSIGN_OR_RETURN(auto members, db_->Prepare("SELECT computer_id, group_id FROM computer_groups"));
  OW_RETURN_IF_ERROR(ForEachRow(&members, [&]() -> Status {
    OW_ASSIGN_OR_RETURN(Guid computer, Guid::Parse(members.ColumnText(0)));
    OW_ASSIGN_OR_RETURN(Guid group, Guid::Parse(members.ColumnText(1)));
    auto it = index.find(computer);
    if (it != index.end()) computers[it->second].group_ids.push_back(group);
    return Status::Ok();
  }));
  return computers;
}

Result<std::optional<ComputerRecord>> SqliteStore::FindComputer(const Guid& computer_id) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(std::string(kComputerColumns) + " WHERE computer_id = ?1"));
  stmt.Bind(1, computer_id.ToString());
  OW_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<ComputerRecord>();
  OW_ASSIGN_OR_RETURN(ComputerRecord c, ReadComputer(stmt));
  OW_ASSIGN_OR_RETURN(auto members, db_->Prepare("SELECT group_id FROM computer_groups WHERE computer_id = ?1"));
  members.Bind(1, computer_id.ToString());
  OW_RETURN_IF_ERROR(ForEachRow(&members, [&]() -> Status {
    OW_ASSIGN_OR_RETURN(Guid group, Guid::Parse(members.ColumnText(0)));
    c.group_ids.push_back(group);
    return Status::Ok();
  }));
  return std::optional<ComputerRecord>(std::move(c));
}

Status SqliteStore::UpsertComputer(const ComputerRecord& c) {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare(
          "INSERT INTO computers (computer_id, name, ip_address, os_description, last_sync, last_report, created, "
          "requested_groups, info) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT (computer_id) DO UPDATE SET name = "
          "?2, "
          "ip_address = ?3, os_description = ?4, last_sync = ?5, last_report = ?6, requested_groups = ?8, info = ?9"));
  nlohmann::ordered_json info = nlohmann::ordered_json::object();
  for (const auto& [key, value] : c.info) info[key] = value;
  std::string requested;
  for (const std::string& g : c.requested_groups) requested += g + "\n";
  stmt.Bind(1, c.id.ToString()).Bind(2, c.name).Bind(3, c.ip_address).Bind(4, c.os_description);
  if (c.last_sync) {
    stmt.Bind(5, c.last_sync->ToString());
  } else {
    stmt.BindNull(5);
  }
  if (c.last_report) {
    stmt.Bind(6, c.last_report->ToString());
  } else {
    stmt.BindNull(6);
  }
  // Replaced, not thrown: client-supplied text need not be valid UTF-8.
  stmt.Bind(7, c.created.ToString())
      .Bind(8, requested)
      .Bind(9, info.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  return stmt.Run();
}

Status SqliteStore::RemoveComputer(const Guid& computer_id) {
  std::string id = computer_id.ToString();
  OW_RETURN_IF_ERROR(RunSql("DELETE FROM computer_groups WHERE computer_id = ?1", {id}));
  OW_RETURN_IF_ERROR(RunSql("DELETE FROM update_status WHERE computer_id = ?1", {id}));
  return RunSql("DELETE FROM computers WHERE computer_id = ?1", {id});
}

Status SqliteStore::AddComputerToGroup(const Guid& computer_id, const Guid& group_id) {
  OW_RETURN_IF_ERROR(RunSql("INSERT OR IGNORE INTO computer_groups (computer_id, group_id) VALUES (?1, ?2)",
                            {computer_id.ToString(), group_id.ToString()}));
  return db_->Changes() == 0 ? Status::Ok() : MarkGroupsChanged(computer_id);
}

Status SqliteStore::RemoveComputerFromGroup(const Guid& computer_id, const Guid& group_id) {
  OW_RETURN_IF_ERROR(RunSql("DELETE FROM computer_groups WHERE computer_id = ?1 AND group_id = ?2",
                            {computer_id.ToString(), group_id.ToString()}));
  return db_->Changes() == 0 ? Status::Ok() : MarkGroupsChanged(computer_id);
}

Status SqliteStore::MarkGroupsChanged(const Guid& computer_id) {
  return RunSql("UPDATE computers SET groups_changed = ?2 WHERE computer_id = ?1",
                {computer_id.ToString(), DateTime::Now().ToString()});
}

namespace {

std::string JsonStrings(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> ParseJsonStrings(const std::string& text) {
  std::vector<std::string> out;
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return out;
  for (const auto& item : parsed) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

Result<size_t> SqliteStore::AddEvents(const std::vector<ClientEvent>& events) {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare(
          "INSERT OR IGNORE INTO client_events (computer_id, event_instance_id, namespace_id, event_id, source_id, "
          "time_at_target, received, update_id, revision_number, win32_hresult, app_name, replacement_strings, "
          "misc_data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  size_t added = 0;
  for (const ClientEvent& e : events) {
    stmt.Bind(1, e.computer_id.ToString())
        .Bind(2, e.event_instance_id.ToString())
        .Bind(3, e.namespace_id)
        .Bind(4, e.event_id)
        .Bind(5, e.source_id)
        .Bind(6, e.time_at_target.ToString())
        .Bind(7, e.received.ToString())
        .Bind(8, e.update_id.ToString())
        .Bind(9, e.revision_number)
        .Bind(10, e.win32_hresult)
        .Bind(11, e.app_name)
        .Bind(12, JsonStrings(e.replacement_strings))
        .Bind(13, JsonStrings(e.misc_data));
    OW_RETURN_IF_ERROR(stmt.Run());
    added += static_cast<size_t>(db_->Changes());
  }
  return added;
}

Result<std::vector<ClientEvent>> SqliteStore::ListEvents(const Guid& computer_id, size_t limit) {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("SELECT event_instance_id, namespace_id, event_id, source_id, time_at_target, received, update_id, "
                   "revision_number, win32_hresult, app_name, replacement_strings, misc_data FROM client_events "
                   "WHERE computer_id = ?1 ORDER BY received DESC, time_at_target DESC LIMIT ?2"));
  stmt.Bind(1, computer_id.ToString()).Bind(2, static_cast<int64_t>(limit == 0 ? 1000 : limit));
  std::vector<ClientEvent> events;
  OW_RETURN_IF_ERROR(ForEachRow(&stmt, [&]() -> Status {
    ClientEvent e;
    e.computer_id = computer_id;
    OW_ASSIGN_OR_RETURN(e.event_instance_id, Guid::Parse(stmt.ColumnText(0)));
    e.namespace_id = static_cast<int32_t>(stmt.ColumnInt(1));
    e.event_id = static_cast<int32_t>(stmt.ColumnInt(2));
    e.source_id = static_cast<int32_t>(stmt.ColumnInt(3));
    e.time_at_target = ParseTime(stmt.ColumnText(4));
    e.received = ParseTime(stmt.ColumnText(5));
    OW_ASSIGN_OR_RETURN(e.update_id, Guid::Parse(stmt.ColumnText(6)));
    e.revision_number = static_cast<int32_t>(stmt.ColumnInt(7));
    e.win32_hresult = static_cast<int32_t>(stmt.ColumnInt(8));
    e.app_name = stmt.ColumnText(9);
    e.replacement_strings = ParseJsonStrings(stmt.ColumnText(10));
    e.misc_data = ParseJsonStrings(stmt.ColumnText(11));
    events.push_back(std::move(e));
    return Status::Ok();
  }));
  return events;
}

Result<size_t> SqliteStore::PruneEvents(DateTime cutoff) {
  OW_RETURN_IF_ERROR(RunSql("DELETE FROM client_events WHERE received < ?1", {cutoff.ToString()}));
  return static_cast<size_t>(db_->Changes());
}

Status SqliteStore::SetComputerActivity(const Guid& computer_id, std::optional<DateTime> last_sync,
                                        std::optional<DateTime> last_report) {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("UPDATE computers SET last_sync = coalesce(?2, last_sync), last_report = coalesce(?3, last_report) "
                   "WHERE computer_id = ?1"));
  stmt.Bind(1, computer_id.ToString());
  if (last_sync) {
    stmt.Bind(2, last_sync->ToString());
  } else {
    stmt.BindNull(2);
  }
  if (last_report) {
    stmt.Bind(3, last_report->ToString());
  } else {
    stmt.BindNull(3);
  }
  return stmt.Run();
}

Status SqliteStore::WriteStatus(std::string_view sql, const std::vector<StatusRecord>& records) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(sql));
  for (const StatusRecord& r : records) {
    OW_RETURN_IF_ERROR(stmt.Bind(1, r.computer_id.ToString())
                           .Bind(2, r.update_id.ToString())
                           .Bind(3, r.state)
                           .Bind(4, r.time.ToString())
                           .Run());
  }
  return Status::Ok();
}

Status SqliteStore::SaveStatus(const std::vector<StatusRecord>& records) {
  return WriteStatus("INSERT OR REPLACE INTO update_status (computer_id, update_id, state, time) VALUES (?,?,?,?)",
                     records);
}

Status SqliteStore::SaveStatusUnlessInstalled(const std::vector<StatusRecord>& records) {
  // 4 and 6: policy::InstallationState kInstalled and kInstalledPendingReboot.
  return WriteStatus(
      "INSERT INTO update_status (computer_id, update_id, state, time) VALUES (?,?,?,?) "
      "ON CONFLICT (computer_id, update_id) DO UPDATE SET state = excluded.state, "
      "time = excluded.time WHERE update_status.state NOT IN (4, 6)",
      records);
}

Status SqliteStore::ReplaceStatus(const Guid& computer_id, const std::vector<StatusRecord>& records) {
  OW_RETURN_IF_ERROR(RunSql("DELETE FROM update_status WHERE computer_id = ?1", {computer_id.ToString()}));
  return SaveStatus(records);
}

Status SqliteStore::BumpCounter(const std::string& name) {
  return RunSql(
      "INSERT INTO settings (key, value) VALUES (?1, '1') "
      "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
      {"counter." + name});
}

Result<int64_t> SqliteStore::GetCounter(const std::string& name) {
  OW_ASSIGN_OR_RETURN(auto value, GetSetting("counter." + name));
  int64_t count = 0;
  if (value) {
    auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), count);
    if (ec != std::errc() || end != value->data() + value->size()) {
      return Status::DataLoss("counter " + name + " holds '" + *value + "'");
    }
  }
  return count;
}

Status SqliteStore::ForEachStatus(const std::function<void(const StatusRecord&)>& visit) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT computer_id, update_id, state, time FROM update_status"));
  return ForEachRow(&stmt, [&]() -> Status {
    StatusRecord r;
    OW_ASSIGN_OR_RETURN(r.computer_id, Guid::Parse(stmt.ColumnText(0)));
    OW_ASSIGN_OR_RETURN(r.update_id, Guid::Parse(stmt.ColumnText(1)));
    r.state = static_cast<int>(stmt.ColumnInt(2));
    r.time = ParseTime(stmt.ColumnText(3));
    visit(r);
    return Status::Ok();
  });
}

Result<std::vector<policy::AutoApprovalRule>> SqliteStore::ListRules() {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare(
          "SELECT rule_id, name, enabled, classification_ids, product_ids, group_ids, deadline_days, deadline_minutes "
          "FROM auto_approval_rules ORDER BY name"));
  std::vector<policy::AutoApprovalRule> rules;
  OW_RETURN_IF_ERROR(ForEachRow(&stmt, [&]() -> Status {
    policy::AutoApprovalRule r;
    OW_ASSIGN_OR_RETURN(r.id, Guid::Parse(stmt.ColumnText(0)));
    r.name = stmt.ColumnText(1);
    r.enabled = stmt.ColumnInt(2) != 0;
    r.classification_ids = SplitIds(stmt.ColumnText(3));
    r.product_ids = SplitIds(stmt.ColumnText(4));
    r.group_ids = SplitIds(stmt.ColumnText(5));
    if (!stmt.ColumnIsNull(6)) {
      r.deadline = policy::RuleDeadline{static_cast<int>(stmt.ColumnInt(6)), static_cast<int>(stmt.ColumnInt(7))};
    }
    rules.push_back(std::move(r));
    return Status::Ok();
  }));
  return rules;
}

Status SqliteStore::SaveRule(const policy::AutoApprovalRule& r) {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare(
          "INSERT OR REPLACE INTO auto_approval_rules (rule_id, name, enabled, classification_ids, product_ids, "
          "group_ids, deadline_days, deadline_minutes) VALUES (?,?,?,?,?,?,?,?)"));
  stmt.Bind(1, r.id.ToString())
      .Bind(2, r.name)
      .Bind(3, r.enabled ? 1 : 0)
      .Bind(4, JoinIds(r.classification_ids))
      .Bind(5, JoinIds(r.product_ids))
      .Bind(6, JoinIds(r.group_ids));
  if (r.deadline) {
    stmt.Bind(7, r.deadline->days).Bind(8, r.deadline->minutes_after_midnight);
  } else {
    stmt.BindNull(7).BindNull(8);
  }
  return stmt.Run();
}

Status SqliteStore::RemoveRule(const Guid& rule_id) {
  return RunSql("DELETE FROM auto_approval_rules WHERE rule_id = ?1", {rule_id.ToString()});
}

Result<std::optional<std::string>> SqliteStore::GetSetting(const std::string& key) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT value FROM settings WHERE key = ?"));
  stmt.Bind(1, key);
  OW_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? std::optional<std::string>(stmt.ColumnText(0)) : std::nullopt;
}

Status SqliteStore::SetSetting(const std::string& key, const std::string& value) {
  return RunSql("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)", {key, value});
}

Result<int64_t> SqliteStore::AddToken(const ApiToken& t) {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("INSERT INTO api_tokens (name, role, hash, prefix, created, revoked) VALUES (?,?,?,?,?,0)"));
  stmt.Bind(1, t.name)
      .Bind(2, static_cast<int64_t>(t.role))
      .Bind(3, t.hash)
      .Bind(4, t.prefix)
      .Bind(5, t.created.ToString());
  OW_RETURN_IF_ERROR(stmt.Run());
  return db_->LastInsertRowId();
}

namespace {

ApiToken ReadToken(const SqliteDb::Statement& stmt) {
  ApiToken t;
  t.id = stmt.ColumnInt(0);
  t.name = stmt.ColumnText(1);
  t.role = static_cast<TokenRole>(stmt.ColumnInt(2));
  t.hash = stmt.ColumnText(3);
  t.prefix = stmt.ColumnText(4);
  t.created = ParseTime(stmt.ColumnText(5));
  t.revoked = stmt.ColumnInt(6) != 0;
  return t;
}

constexpr std::string_view kTokenColumns =
    "SELECT token_id, name, role, hash, prefix, created, revoked FROM api_tokens";

}  // namespace

Result<std::vector<ApiToken>> SqliteStore::ListTokens() {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(std::string(kTokenColumns) + " ORDER BY token_id"));
  std::vector<ApiToken> tokens;
  OW_RETURN_IF_ERROR(ForEachRow(&stmt, [&]() -> Status {
    tokens.push_back(ReadToken(stmt));
    return Status::Ok();
  }));
  return tokens;
}

Result<std::optional<ApiToken>> SqliteStore::FindTokenByHash(const std::string& hash) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(std::string(kTokenColumns) + " WHERE hash = ?"));
  stmt.Bind(1, hash);
  OW_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? std::optional<ApiToken>(ReadToken(stmt)) : std::nullopt;
}

Status SqliteStore::RevokeToken(int64_t token_id) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("UPDATE api_tokens SET revoked = 1 WHERE token_id = ?"));
  stmt.Bind(1, token_id);
  OW_RETURN_IF_ERROR(stmt.Run());
  if (db_->Changes() == 0) return Status::NotFound("no token " + std::to_string(token_id));
  return Status::Ok();
}

Status SqliteStore::AppendAudit(const AuditEntry& e) {
  return RunSql("INSERT INTO audit_log (time, actor, action, target, details) VALUES (?1, ?2, ?3, ?4, ?5)",
                {e.time.ToString(), e.actor, e.action, e.target, e.details});
}

Result<std::vector<AuditEntry>> SqliteStore::ListAudit(size_t limit) {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare(
          "SELECT entry_id, time, actor, action, target, details FROM audit_log ORDER BY entry_id DESC LIMIT ?"));
  stmt.Bind(1, static_cast<int64_t>(limit == 0 ? 1000 : limit));
  std::vector<AuditEntry> entries;
  OW_RETURN_IF_ERROR(ForEachRow(&stmt, [&]() -> Status {
    entries.push_back({stmt.ColumnInt(0), ParseTime(stmt.ColumnText(1)), stmt.ColumnText(2), stmt.ColumnText(3),
                       stmt.ColumnText(4), stmt.ColumnText(5)});
    return Status::Ok();
  }));
  return entries;
}

}  // namespace openwsus::store
