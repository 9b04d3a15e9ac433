// `openwsus server downstream list|allow|disallow`: the downstream servers
// that sync from this one (WSUS's Get-WsusServer / GetDownstreamServers) and
// the allow-list that restricts who may, through the administration API.
#include <memory>
#include <string>

#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

int RunList(bool as_json, CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto answer = api->Get("/downstream-servers");
  if (!answer.ok()) return ReportError(answer.status());
  if (as_json) {
    PrintJson(*answer);
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {
      {"ID", "NAME", "ADDRESS", "MODE", "VERSION", "LAST SYNC", "LAST ROLLUP", "ALLOWED"}};
  for (const json& s : ListOf(*answer, "servers")) {
    rows.push_back({Text(s, "id"), Text(s, "name"), Text(s, "address"), Text(s, "mode"), Text(s, "protocol_version"),
                    Text(s, "last_sync"), Text(s, "last_rollup"), s.value("allowed", false) ? "yes" : "no"});
  }
  PrintTable(rows);
  bool open = answer->value("open", true);
  std::printf("%s\n", open ? "Any downstream server may sync from this server (no allow-list)."
                           : "Only the servers on the allow-list may sync from this server.");
  return 0;
}

int RunAllow(const std::string& id, bool allow, CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto answer = allow ? api->Post("/downstream-servers/allow-list", json{{"id", id}})
                      : api->Delete("/downstream-servers/allow-list/" + id);
  if (!answer.ok()) return ReportError(answer.status());
  std::printf("%s %s; the allow-list has %zu server(s)%s\n", allow ? "allowed" : "removed", id.c_str(),
              ListOf(*answer, "allow_list").size(), answer->value("open", true) ? ": open to any" : "");
  return 0;
}

}  // namespace

void AddServerCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  CLI::App* downstream = command->add_subcommand("downstream", "The downstream servers that sync from this one");
  downstream->require_subcommand(1);
  auto as_json = std::make_shared<bool>(false);
  CLI::App* ls = downstream->add_subcommand("list", "List them: name, address, mode, last sync and roll-up");
  ls->add_flag("--json", *as_json, "JSON for scripts: {\"servers\": [...], \"allow_list\": [...]}");
  ls->callback([as_json, context] { context->exit_code = RunList(*as_json, *context); });
  for (bool allow : {true, false}) {
    auto id = std::make_shared<std::string>();
    CLI::App* sub = downstream->add_subcommand(
        allow ? "allow" : "disallow",
        allow ? "Put a server id on the allow-list (once it has one entry, only listed servers may sync)"
              : "Take a server id off the allow-list (an empty list lets any server sync)");
    sub->add_option("ID", *id, "The downstream server's id (its accountGuid)")->required();
    sub->callback([id, allow, context] { context->exit_code = RunAllow(*id, allow, *context); });
  }
}

}  // namespace openwsus::cli
