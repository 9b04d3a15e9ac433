// `openwsus report update|computer|group` (status counts) and
// `openwsus audit list`, through the administration API.
#include <iostream>
#include <memory>

#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

struct Report {
  const char* name;      // the subcommand
  const char* path;      // below /api/v1
  const char* list_key;  // the list in the answer
  const char* help;
  std::vector<const char*> id_keys;    // first present wins
  std::vector<const char*> name_keys;  // first present wins
  const char* id_header;
  const char* name_header;
};

const Report kReports[] = {
    {"update",
     "/reports/updates",
     "updates",
     "Status counts per update: how many computers need, failed, installed",
     {"update_id", "id"},
     {"title", "name"},
     "UPDATE ID",
     "TITLE"},
    {"computer",
     "/reports/computers",
     "computers",
     "Status counts per computer: how many updates it needs, failed",
     {"computer_id", "id"},
     {"name", "title"},
     "COMPUTER ID",
     "NAME"},
    {"group",
     "/reports/groups",
     "groups",
     "Status counts per computer group",
     {"group_id", "id"},
     {"path", "name"},
     "GROUP ID",
     "GROUP"},
};

// The seven states a client reports, in the order of the WSUS console.
const std::pair<const char*, const char*> kStates[] = {
    {"not_installed", "NOT INSTALLED"},
    {"downloaded", "DOWNLOADED"},
    {"installed_pending_reboot", "PENDING REBOOT"},
    {"failed", "FAILED"},
    {"installed", "INSTALLED"},
    {"not_applicable", "NOT APPLICABLE"},
    {"unknown", "NO STATUS"},
};

std::string First(const json& item, const std::vector<const char*>& keys) {
  for (const char* key : keys) {
    std::string value = Text(item, key);
    if (!value.empty()) return value;
  }
  return "";
}

int RunReport(const Report& report, bool as_json, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto answer = api->Get(report.path);
  if (!answer.ok()) return ReportError(answer.status());
  if (as_json) {
    PrintJson(*answer);
    return 0;
  }
  const json& items = ListOf(*answer, report.list_key);
  std::vector<std::vector<std::string>> rows(1);
  rows[0] = {report.id_header};
  for (const auto& [key, header] : kStates) rows[0].push_back(header);
  rows[0].push_back(report.name_header);
  for (const json& item : items) {
    // Counts in "status" as in the update and computer objects, or at the top.
    const json& counts = item.contains("status") && item["status"].is_object() ? item["status"] : item;
    std::vector<std::string> row = {First(item, report.id_keys)};
    for (const auto& [key, header] : kStates) row.push_back(std::to_string(Count(counts, key)));
    row.push_back(First(item, report.name_keys));
    rows.push_back(std::move(row));
  }
  PrintTable(rows);
  std::cout << items.size() << " " << report.list_key << "\n";
  return 0;
}

int RunAudit(int64_t limit, bool as_json, const CommandContext& context) {
  if (limit < 1) return ReportError(Status::InvalidArgument("--limit must be at least 1"));
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto answer = api->Get("/audit", {{"limit", std::to_string(limit)}});
  if (!answer.ok()) return ReportError(answer.status());
  if (as_json) {
    PrintJson(*answer);
    return 0;
  }
  const json& entries = ListOf(*answer, "entries");
  std::vector<std::vector<std::string>> rows = {{"TIME", "ACTOR", "ACTION", "TARGET", "DETAILS"}};
  for (const json& e : entries) {
    // details is JSON text; show it compact either way.
    std::string details;
    auto it = e.find("details");
    if (it != e.end() && !it->is_null()) {
      details = it->is_string() ? it->get<std::string>() : it->dump();
      if (details == "{}" || details == "null") details.clear();
    }
    rows.push_back({Text(e, "time"), Text(e, "actor"), Text(e, "action"), Text(e, "target"), details});
  }
  PrintTable(rows);
  return 0;
}

}  // namespace

void AddReportCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  for (const Report& report : kReports) {
    auto as_json = std::make_shared<bool>(false);
    CLI::App* sub = command->add_subcommand(report.name, report.help);
    sub->add_flag("--json", *as_json, "JSON for scripts");
    sub->callback([&report, as_json, context] { context->exit_code = RunReport(report, *as_json, *context); });
  }
}

void AddAuditCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto limit = std::make_shared<int64_t>(50);
  auto as_json = std::make_shared<bool>(false);
  CLI::App* ls = command->add_subcommand("list", "List the newest changes made through the API and the CLI");
  ls->add_option("--limit", *limit, "At most this many entries (default 50)");
  ls->add_flag("--json", *as_json, "JSON for scripts: {\"entries\": [...]}");
  ls->callback([limit, as_json, context] { context->exit_code = RunAudit(*limit, *as_json, *context); });
}

}  // namespace openwsus::cli
