// `openwsus computer list|show|remove|assign|unassign`: Get-WsusComputer and
// Add-WsusComputer through the administration API.
#include <iostream>
#include <memory>
#include <set>

#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

struct ListOptions {
  std::string name;
  std::vector<std::string> groups;
  bool include_subgroups = false;
  std::string status;
  std::string synced_before, synced_after, reported_before, reported_after;
  bool json = false;
};

std::string ComputerPath(const std::string& id) { return "/computers/" + PercentEncode(id); }

// The query of Get-WsusComputer, without the group; times checked and made
// canonical before anything is sent.
Result<QueryParams> ListQuery(const ListOptions& o) {
  OW_ASSIGN_OR_RETURN(std::string synced_before, CheckDateTime("--synced-before", o.synced_before));
  OW_ASSIGN_OR_RETURN(std::string synced_after, CheckDateTime("--synced-after", o.synced_after));
  OW_ASSIGN_OR_RETURN(std::string reported_before, CheckDateTime("--reported-before", o.reported_before));
  OW_ASSIGN_OR_RETURN(std::string reported_after, CheckDateTime("--reported-after", o.reported_after));
  return QueryParams{{"name", o.name},
                     {"include_subgroups", o.include_subgroups ? "true" : ""},
                     {"status", o.status},
                     {"synced_before", synced_before},
                     {"synced_after", synced_after},
                     {"reported_before", reported_before},
                     {"reported_after", reported_after}};
}

std::string GroupNames(const json& computer) {
  std::string groups = Names(computer.value("groups", json::array()));
  return groups.empty() ? "Unassigned Computers" : groups;
}

int RunList(const ListOptions& o, const CommandContext& context) {
  if (!o.status.empty()) {
    Status s = CheckChoice("--status", o.status,
                           {"needed", "failed-or-needed", "installed-or-not-applicable", "failed", "no-status", "any"});
    if (!s.ok()) return ReportError(s);
  }
  if (o.include_subgroups && o.groups.empty()) {
    return ReportError(Status::InvalidArgument("--include-subgroups needs --group"));
  }
  auto query = ListQuery(o);
  if (!query.ok()) return ReportError(query.status());
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  // Get-WsusComputer -ComputerTargetGroups takes several groups: their union.
  json computers = json::array();
  std::set<std::string> seen;
  std::vector<std::string> groups = o.groups.empty() ? std::vector<std::string>{""} : o.groups;
  for (const std::string& group : groups) {
    QueryParams params = *query;
    params.emplace_back("group", group);
    auto answer = api->Get("/computers", params);
    if (!answer.ok()) return ReportError(answer.status());
    for (const json& c : ListOf(*answer, "computers")) {
      if (seen.insert(Text(c, "id")).second) computers.push_back(c);
    }
  }
  if (o.json) {
    PrintJson({{"computers", computers}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {
      {"COMPUTER ID", "NAME", "IP ADDRESS", "LAST SYNC", "LAST REPORT", "GROUPS", "NEEDED", "FAILED"}};
  for (const json& c : computers) {
    StatusSummary status = SummarizeStatus(c.value("status", json::object()));
    rows.push_back({Text(c, "id"), Text(c, "name"), Text(c, "ip_address"), Text(c, "last_sync"), Text(c, "last_report"),
                    GroupNames(c), std::to_string(status.needed), std::to_string(status.failed)});
  }
  PrintTable(rows);
  std::cout << computers.size() << " computers\n";
  return 0;
}

// The computer's latest events, newest first, as a table under its details.
int PrintRecentEvents(ApiClient& api, const std::string& id) {
  auto events = api.Get(ComputerPath(id) + "/events?limit=10");
  if (!events.ok()) return ReportError(events.status());
  const json list = events->value("events", json::array());
  if (list.empty()) return 0;
  std::vector<std::vector<std::string>> rows = {{"EVENT", "TIME AT TARGET", "UPDATE", "HRESULT"}};
  for (const json& e : list) {
    rows.push_back({std::to_string(e.value("event_id", 0)), Text(e, "time_at_target"), Text(e, "update_id"),
                    std::to_string(e.value("win32_hresult", 0))});
  }
  std::cout << "\nrecent events:\n";
  PrintTable(rows);
  return 0;
}

int RunShow(const std::string& id_text, bool as_json, const CommandContext& context) {
  auto ids = IdsFromArgs({id_text}, IdKind::kComputer, false);
  if (!ids.ok()) return ReportError(ids.status());
  if (ids->size() != 1) return ReportError(Status::InvalidArgument("give exactly one computer id"));
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto computer = api->Get(ComputerPath(ids->front()));
  if (!computer.ok()) return ReportError(computer.status());
  if (as_json) {
    PrintJson(*computer);
    return 0;
  }
  const json& c = *computer;
  std::vector<std::vector<std::string>> rows;
  for (const char* key : {"name", "id", "ip_address", "os_description", "last_sync", "last_report"}) {
    rows.push_back({std::string(key) + ":", Text(c, key)});
  }
  rows.push_back({"groups:", GroupNames(c)});
  std::string requested = Names(c.value("requested_groups", json::array()));
  if (!requested.empty()) rows.push_back({"requested_groups:", requested});
  const json status = c.value("status", json::object());
  for (const char* key : {"unknown", "not_applicable", "not_installed", "downloaded", "installed",
                          "installed_pending_reboot", "failed"}) {
    if (status.contains(key)) rows.push_back({std::string("updates ") + key + ":", std::to_string(Count(status, key))});
  }
  // What the computer said of itself when it registered (ComputerInfo).
  const json info = c.contains("info") && c["info"].is_object() ? c["info"] : json::object();
  for (auto it = info.begin(); it != info.end(); ++it) {
    if (it->is_string()) rows.push_back({it.key() + ":", it->get<std::string>()});
  }
  PrintTable(rows);
  return PrintRecentEvents(*api, ids->front());
}

int RunRemove(const std::vector<std::string>& args, const CommandContext& context) {
  // Removal is destructive: standard input only with an explicit "-".
  auto ids = IdsFromArgs(args, IdKind::kComputer, /*implicit_stdin=*/false);
  if (!ids.ok()) return ReportError(ids.status());
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  return ForEachId(*ids, "computer", "removed", [&](const std::string& id) -> Result<std::string> {
    OW_ASSIGN_OR_RETURN(json answer, api->Delete(ComputerPath(id)));
    return Text(answer, "name");
  });
}

int RunAssign(const std::vector<std::string>& args, const std::string& group, const CommandContext& context) {
  if (group.empty()) return ReportError(Status::InvalidArgument("--group is required: the computer group to add to"));
  auto ids = IdsFromArgs(args, IdKind::kComputer);
  if (!ids.ok()) return ReportError(ids.status());
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  return ForEachId(*ids, "computer", "assigned", [&](const std::string& id) -> Result<std::string> {
    OW_ASSIGN_OR_RETURN(json answer, api->Post(ComputerPath(id) + "/groups", {{"group", group}}));
    std::string name = Text(answer, "name");
    return (name.empty() ? "" : name + ": ") + "added to " + group;
  });
}

int RunUnassign(const std::string& id_text, const std::string& group, const CommandContext& context) {
  if (group.empty()) return ReportError(Status::InvalidArgument("--group is required: the computer group to leave"));
  auto ids = IdsFromArgs({id_text}, IdKind::kComputer, false);
  if (!ids.ok()) return ReportError(ids.status());
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  return ForEachId(*ids, "computer", "unassigned", [&](const std::string& id) -> Result<std::string> {
    OW_ASSIGN_OR_RETURN(json answer, api->Delete(ComputerPath(id) + "/groups/" + PercentEncode(group)));
    std::string name = Text(answer, "name");
    return (name.empty() ? "" : name + ": ") + "removed from " + group;
  });
}

}  // namespace

void AddComputerCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto list = std::make_shared<ListOptions>();
  CLI::App* ls = command->add_subcommand("list", "List computers (Get-WsusComputer)");
  ls->add_option("--name", list->name, "Only names containing this text (-NameIncludes)");
  ls->add_option("--group", list->groups, "Only members of this group; repeat for several (-ComputerTargetGroups)");
  ls->add_flag("--include-subgroups", list->include_subgroups, "With --group: members of its subgroups too");
  ls->add_option("--status", list->status,
                 "Computers with an update in this state: needed, failed-or-needed, installed-or-not-applicable, "
                 "failed, no-status or any");
  ls->add_option("--synced-before", list->synced_before, "Last synced before this UTC time (-ToLastSyncTime)");
  ls->add_option("--synced-after", list->synced_after, "Last synced after this UTC time (-FromLastSyncTime)");
  ls->add_option("--reported-before", list->reported_before, "Last reported status before this UTC time");
  ls->add_option("--reported-after", list->reported_after, "Last reported status after this UTC time");
  ls->add_flag("--json", list->json, "JSON for scripts: {\"computers\": [...]}");
  ls->callback([list, context] { context->exit_code = RunList(*list, *context); });

  auto show_id = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  CLI::App* sh = command->add_subcommand("show", "Show one computer: groups and update status counts");
  sh->add_option("id", *show_id, "Computer id")->required();
  sh->add_flag("--json", *show_json, "JSON for scripts");
  sh->callback([show_id, show_json, context] { context->exit_code = RunShow(*show_id, *show_json, *context); });

  auto remove_ids = std::make_shared<std::vector<std::string>>();
  CLI::App* rm = command->add_subcommand("remove", "Remove computers from the server (they return at their next sync)");
  rm->add_option("ids", *remove_ids, "Computer ids; - reads `computer list --json` output or ids from standard input");
  rm->callback([remove_ids, context] { context->exit_code = RunRemove(*remove_ids, *context); });

  auto assign_ids = std::make_shared<std::vector<std::string>>();
  auto assign_group = std::make_shared<std::string>();
  CLI::App* as = command->add_subcommand("assign", "Add computers to a computer group (Add-WsusComputer)");
  as->add_option("ids", *assign_ids,
                 "Computer ids; - (or a pipe) reads `computer list --json` output or ids from standard input");
  as->add_option("--group", *assign_group, "Computer group: name, path or id (required)");
  as->callback(
      [assign_ids, assign_group, context] { context->exit_code = RunAssign(*assign_ids, *assign_group, *context); });

  auto unassign_id = std::make_shared<std::string>();
  auto unassign_group = std::make_shared<std::string>();
  CLI::App* un = command->add_subcommand("unassign", "Remove a computer from a computer group");
  un->add_option("id", *unassign_id, "Computer id")->required();
  un->add_option("--group", *unassign_group, "Computer group: name, path or id (required)");
  un->callback([unassign_id, unassign_group, context] {
    context->exit_code = RunUnassign(*unassign_id, *unassign_group, *context);
  });
}

}  // namespace openwsus::cli
