// `openwsus rule add|list|run|remove`: automatic approval rules through the
// administration API.
#include <iostream>
#include <map>
#include <memory>

#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

struct AddOptions {
  std::string name;
  std::vector<std::string> classifications;
  std::vector<std::string> products;
  std::vector<std::string> groups;
  int deadline_days = -1;  // -1: no deadline
  std::string deadline_time;
  bool disabled = false;
};

std::string RulePath(const std::string& id) { return "/rules/" + PercentEncode(id); }

bool IsHhMm(const std::string& t) {
  if (t.size() != 5 || t[2] != ':') return false;
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  return (t[0] - '0') * 10 + (t[1] - '0') < 24 && (t[3] - '0') * 10 + (t[4] - '0') < 60;
}

std::string DeadlineText(const json& rule) {
  auto it = rule.find("deadline");
  if (it == rule.end() || !it->is_object()) return "";
  return Text(*it, "days") + " days at " + Text(*it, "time");
}

int RunAdd(const AddOptions& o, const CommandContext& context) {
  if (o.groups.empty()) return ReportError(Status::InvalidArgument("--group is required: the groups to approve for"));
  if (!o.deadline_time.empty() && o.deadline_days < 0) {
    return ReportError(Status::InvalidArgument("--deadline-time needs --deadline-days"));
  }
  if (!o.deadline_time.empty() && !IsHhMm(o.deadline_time)) {
    return ReportError(
        Status::InvalidArgument("--deadline-time must be HH:MM (24-hour, UTC), not '" + o.deadline_time + "'"));
  }
  if (o.deadline_days > 3650) return ReportError(Status::InvalidArgument("--deadline-days must be at most 3650"));
  json body = {{"name", o.name},         {"enabled", !o.disabled}, {"classifications", o.classifications},
               {"products", o.products}, {"groups", o.groups},     {"deadline", nullptr}};
  if (o.deadline_days >= 0) {
    body["deadline"] = {{"days", o.deadline_days}, {"time", o.deadline_time.empty() ? "03:00" : o.deadline_time}};
  }
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto rule = api->Post("/rules", body);
  if (!rule.ok()) return ReportError(rule.status());
  std::cout << "added rule " << Text(*rule, "id") << "  " << o.name << (o.disabled ? " (disabled)" : "") << "\n";
  return 0;
}

int RunList(bool as_json, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto answer = api->Get("/rules");
  if (!answer.ok()) return ReportError(answer.status());
  if (as_json) {
    PrintJson(*answer);
    return 0;
  }
  const json& rules = ListOf(*answer, "rules");
  // Rules name categories by id: show their titles where the server knows them.
  std::map<std::string, std::string> titles;
  for (const char* kind : {"classifications", "products"}) {
    auto categories = api->Get(std::string("/") + kind);
    if (!categories.ok()) continue;  // ids are still correct, just less readable
    for (const json& c : ListOf(*categories, kind)) titles[Text(c, "id")] = Text(c, "title");
  }
  auto named = [&titles](const json& list) {
    json out = json::array();
    for (const json& item : list.is_array() ? list : json::array()) {
      auto it = item.is_string() ? titles.find(item.get<std::string>()) : titles.end();
      out.push_back(it != titles.end() && !it->second.empty() ? json(it->second) : item);
    }
    return Names(out);
  };
  std::vector<std::vector<std::string>> rows = {
      {"RULE ID", "NAME", "ENABLED", "CLASSIFICATIONS", "PRODUCTS", "GROUPS", "DEADLINE"}};
  for (const json& r : rules) {
    rows.push_back({Text(r, "id"), Text(r, "name"), Text(r, "enabled"), named(r.value("classifications", json())),
                    named(r.value("products", json())), Names(r.value("groups", json())), DeadlineText(r)});
  }
  PrintTable(rows);
  std::cout << rules.size() << " rules\n";
  return 0;
}

int RunRun(const std::string& id, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto answer = api->Post(RulePath(id) + "/run");
  if (!answer.ok()) return ReportError(answer.status());
  std::cout << "rule " << id << ": " << Count(*answer, "approved") << " approvals made\n";
  return 0;
}

int RunRemove(const std::string& id, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto answer = api->Delete(RulePath(id));
  if (!answer.ok()) return ReportError(answer.status());
  std::cout << "removed rule " << id << "\n";
  return 0;
}

}  // namespace

void AddRuleCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto add = std::make_shared<AddOptions>();
  CLI::App* ad = command->add_subcommand("add", "Add an automatic approval rule: approve matching updates for groups");
  ad->add_option("name", add->name, "Name of the rule")->required();
  ad->add_option("--classification", add->classifications, "Classification title or id; repeat for several");
  ad->add_option("--product", add->products, "Product title or id; repeat for several");
  ad->add_option("--group", add->groups, "Computer group to approve for; repeat for several (required)");
  ad->add_option("--deadline-days", add->deadline_days, "Deadline this many days after the approval");
  ad->add_option("--deadline-time", add->deadline_time, "Deadline time of day, HH:MM UTC (default 03:00)");
  ad->add_flag("--disabled", add->disabled, "Create the rule disabled");
  ad->callback([add, context] { context->exit_code = RunAdd(*add, *context); });

  auto as_json = std::make_shared<bool>(false);
  CLI::App* ls = command->add_subcommand("list", "List automatic approval rules");
  ls->add_flag("--json", *as_json, "JSON for scripts");
  ls->callback([as_json, context] { context->exit_code = RunList(*as_json, *context); });

  auto run_id = std::make_shared<std::string>();
  CLI::App* run = command->add_subcommand("run", "Apply a rule now to the updates already on the server");
  run->add_option("id", *run_id, "Rule id")->required();
  run->callback([run_id, context] { context->exit_code = RunRun(*run_id, *context); });

  auto remove_id = std::make_shared<std::string>();
  CLI::App* rm = command->add_subcommand("remove", "Delete a rule (its approvals stay)");
  rm->add_option("id", *remove_id, "Rule id")->required();
  rm->callback([remove_id, context] { context->exit_code = RunRemove(*remove_id, *context); });
}

}  // namespace openwsus::cli
