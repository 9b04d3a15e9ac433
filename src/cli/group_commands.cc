// `openwsus group list|add|remove|move`: computer groups through the
// administration API (the PowerShell module has no cmdlets for these).
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

std::string GroupPath(const std::string& group) { return "/groups/" + PercentEncode(group); }

void PrintGroup(const json& groups, const std::map<std::string, std::vector<size_t>>& children, size_t index, int depth,
                std::vector<std::vector<std::string>>* rows) {
  const json& g = groups[index];
  rows->push_back(
      {std::string(depth * 2, ' ') + Text(g, "name"), std::to_string(Count(g, "computer_count")), Text(g, "id")});
  auto it = children.find(Text(g, "id"));
  if (it == children.end() || depth >= 32) return;  // depth bound: a cycle in a broken answer
  for (size_t child : it->second) PrintGroup(groups, children, child, depth + 1, rows);
}

int RunList(bool as_json, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto answer = api->Get("/groups");
  if (!answer.ok()) return ReportError(answer.status());
  if (as_json) {
    PrintJson(*answer);
    return 0;
  }
  const json& groups = ListOf(*answer, "groups");
  std::map<std::string, std::vector<size_t>> children;
  std::vector<size_t> roots;
  std::set<std::string> ids;
  for (const json& g : groups) ids.insert(Text(g, "id"));
  for (size_t i = 0; i < groups.size(); ++i) {
    std::string parent = Text(groups[i], "parent_id");
    if (parent.empty() || ids.count(parent) == 0) {
      roots.push_back(i);
    } else {
      children[parent].push_back(i);
    }
  }
  std::vector<std::vector<std::string>> rows = {{"GROUP", "COMPUTERS", "ID"}};
  for (size_t root : roots) PrintGroup(groups, children, root, 0, &rows);
  PrintTable(rows);
  return 0;
}

int RunAdd(const std::string& name, const std::string& parent, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  json body = {{"name", name}};
  if (!parent.empty()) body["parent"] = parent;
  auto group = api->Post("/groups", body);
  if (!group.ok()) return ReportError(group.status());
  std::string path = Text(*group, "path");
  std::cout << "added group " << (path.empty() ? name : path) << "  " << Text(*group, "id") << "\n";
  return 0;
}

int RunRemove(const std::string& group, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto answer = api->Delete(GroupPath(group));
  if (!answer.ok()) return ReportError(answer.status());
  std::cout << "removed group " << group << "\n";
  return 0;
}

int RunMove(const std::string& group, const std::string& parent, const CommandContext& context) {
  if (parent.empty()) return ReportError(Status::InvalidArgument("--parent is required: the group to move under"));
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto answer = api->Post(GroupPath(group) + "/move", {{"parent", parent}});
  if (!answer.ok()) return ReportError(answer.status());
  std::string path = Text(*answer, "path");
  std::cout << "moved group " << group << (path.empty() ? " under " + parent : " to " + path) << "\n";
  return 0;
}

}  // namespace

void AddGroupCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto as_json = std::make_shared<bool>(false);
  CLI::App* ls = command->add_subcommand("list", "List computer groups as a tree, with their computer counts");
  ls->add_flag("--json", *as_json, "JSON for scripts: {\"groups\": [...]}");
  ls->callback([as_json, context] { context->exit_code = RunList(*as_json, *context); });

  auto add_name = std::make_shared<std::string>();
  auto add_parent = std::make_shared<std::string>();
  CLI::App* add = command->add_subcommand("add", "Create a computer group");
  add->add_option("name", *add_name, "Name of the new group")->required();
  add->add_option("--parent", *add_parent, "Parent group: name, path or id (default: All Computers)");
  add->callback([add_name, add_parent, context] { context->exit_code = RunAdd(*add_name, *add_parent, *context); });

  auto remove_group = std::make_shared<std::string>();
  CLI::App* rm = command->add_subcommand("remove", "Delete a computer group, its approvals and memberships");
  rm->add_option("group", *remove_group, "Group: name, path or id")->required();
  rm->callback([remove_group, context] { context->exit_code = RunRemove(*remove_group, *context); });

  auto move_group = std::make_shared<std::string>();
  auto move_parent = std::make_shared<std::string>();
  CLI::App* mv = command->add_subcommand("move", "Move a computer group under another");
  mv->add_option("group", *move_group, "Group: name, path or id")->required();
  mv->add_option("--parent", *move_parent, "New parent group: name, path or id (required)");
  mv->callback(
      [move_group, move_parent, context] { context->exit_code = RunMove(*move_group, *move_parent, *context); });
}

}  // namespace openwsus::cli
