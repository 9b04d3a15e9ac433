// `openwsus settings show|set`: the server's targeting mode and approval
// options, through the administration API.
#include <iostream>
#include <memory>

#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

struct SetOptions {
  std::string targeting_mode;
  std::string approve_new_revisions;
  std::string decline_expired;
};

int RunShow(bool as_json, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto settings = api->Get("/settings");
  if (!settings.ok()) return ReportError(settings.status());
  if (as_json) {
    PrintJson(*settings);
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, value] : settings->items()) {
    rows.push_back({key + ":", value.is_string() ? value.get<std::string>() : value.dump()});
  }
  PrintTable(rows);
  return 0;
}

Result<bool> ParseBool(std::string_view flag, const std::string& value) {
  OW_RETURN_IF_ERROR(CheckChoice(flag, value, {"true", "false"}));
  return value == "true";
}

int RunSet(const SetOptions& o, const CommandContext& context) {
  json changes = json::object();
  if (!o.targeting_mode.empty()) {
    Status s = CheckChoice("--targeting-mode", o.targeting_mode, {"server", "client"});
    if (!s.ok()) return ReportError(s);
    changes["targeting_mode"] = o.targeting_mode;
  }
  for (const auto& [flag, key, value] :
       {std::tuple<const char*, const char*, const std::string&>{"--approve-new-revisions", "approve_new_revisions",
                                                                 o.approve_new_revisions},
        std::tuple<const char*, const char*, const std::string&>{"--decline-expired", "decline_expired",
                                                                 o.decline_expired}}) {
    if (value.empty()) continue;
    auto parsed = ParseBool(flag, value);
    if (!parsed.ok()) return ReportError(parsed.status());
    changes[key] = *parsed;
  }
  if (changes.empty()) {
    return ReportError(
        Status::InvalidArgument("nothing to set: give --targeting-mode, --approve-new-revisions or --decline-expired"));
  }
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  // PUT takes the whole object: start from the current one, so that settings
  // not named here keep their values.
  auto current = api->Get("/settings");
  if (!current.ok()) return ReportError(current.status());
  json updated = current->is_object() ? *current : json::object();
  updated.update(changes);
  auto answer = api->Put("/settings", updated);
  if (!answer.ok()) return ReportError(answer.status());
  for (const auto& [key, value] : changes.items()) {
    std::cout << "set " << key << " = " << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
  }
  return 0;
}

}  // namespace

void AddSettingsCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto as_json = std::make_shared<bool>(false);
  CLI::App* sh = command->add_subcommand("show", "Show the server's settings");
  sh->add_flag("--json", *as_json, "JSON for scripts");
  sh->callback([as_json, context] { context->exit_code = RunShow(*as_json, *context); });

  auto set = std::make_shared<SetOptions>();
  CLI::App* st = command->add_subcommand("set", "Change the server's settings; those not named keep their values");
  st->add_option("--targeting-mode", set->targeting_mode,
                 "server: groups are assigned here; client: computers name their groups (Group Policy)");
  st->add_option("--approve-new-revisions", set->approve_new_revisions,
                 "true or false: new revisions of approved updates are approved too");
  st->add_option("--decline-expired", set->decline_expired,
                 "true or false: updates that Microsoft expires are declined");
  st->callback([set, context] { context->exit_code = RunSet(*set, *context); });
}

}  // namespace openwsus::cli
