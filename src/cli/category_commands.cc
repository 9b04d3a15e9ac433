// `openwsus product list|enable|disable` (Get-/Set-WsusProduct) and
// `openwsus classification list|enable|disable` (Get-/Set-WsusClassification).
//
// `list` shows the local database's categories (a product tree) unless a
// server or token is configured; then it shows the server's list with what is
// enabled for synchronization. enable and disable always use the API.
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

struct Tree {
  std::vector<store::CategoryNode> nodes;
  std::map<Guid, std::vector<size_t>> children;  // parent id -> node indexes
  std::vector<size_t> roots;
};

// Companies, product families and products, each under its first parent that
// is itself in the tree (a product names its family through an IsCategory
// prerequisite, a family its company).
Tree BuildTree(std::vector<store::CategoryNode> all) {
  Tree tree;
  for (auto& n : all) {
    if (n.category_type != catalog::CategoryType::kUpdateClassification) tree.nodes.push_back(std::move(n));
  }
  std::set<Guid> present;
  for (const auto& n : tree.nodes) present.insert(n.update_id);
  for (size_t i = 0; i < tree.nodes.size(); ++i) {
    const auto& parents = tree.nodes[i].parent_ids;
    auto parent = std::find_if(parents.begin(), parents.end(),
                               [&](const Guid& p) { return present.count(p) > 0 && p != tree.nodes[i].update_id; });
    if (parent == parents.end()) {
      tree.roots.push_back(i);
    } else {
      tree.children[*parent].push_back(i);
    }
  }
  return tree;
}

json TreeJson(const Tree& tree, size_t index, int depth) {
  const auto& n = tree.nodes[index];
  json j = {{"update_id", n.update_id.ToString()},
            {"title", n.title},
            {"category_type", catalog::CategoryTypeName(n.category_type)},
            {"children", json::array()}};
  auto it = tree.children.find(n.update_id);
  if (it != tree.children.end() && depth < 16) {
    for (size_t child : it->second) j["children"].push_back(TreeJson(tree, child, depth + 1));
  }
  return j;
}

void PrintTree(const Tree& tree, size_t index, int depth) {
  const auto& n = tree.nodes[index];
  std::cout << std::string(depth * 2, ' ') << n.title << "  [" << catalog::CategoryTypeName(n.category_type) << " "
            << n.update_id.ToString() << "]\n";
  auto it = tree.children.find(n.update_id);
  if (it == tree.children.end() || depth >= 16) return;  // depth bound: cycles in hostile data
  for (size_t child : it->second) PrintTree(tree, child, depth + 1);
}

int RunProductList(bool as_json, const CommandContext& context) {
  auto store = OpenLocalStore(context.globals);
  if (!store.ok()) return ReportError(store.status());
  auto all = (*store)->ListCategories(catalog::CategoryType::kNone);
  if (!all.ok()) return ReportError(all.status());
  Tree tree = BuildTree(std::move(all).value());
  if (as_json) {
    json out = json::array();
    for (size_t root : tree.roots) out.push_back(TreeJson(tree, root, 0));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (size_t root : tree.roots) PrintTree(tree, root, 0);
  return 0;
}

int RunClassificationList(bool as_json, const CommandContext& context) {
  auto store = OpenLocalStore(context.globals);
  if (!store.ok()) return ReportError(store.status());
  auto list = (*store)->ListCategories(catalog::CategoryType::kUpdateClassification);
  if (!list.ok()) return ReportError(list.status());
  if (as_json) {
    json out = json::array();
    for (const auto& c : *list) out.push_back({{"update_id", c.update_id.ToString()}, {"title", c.title}});
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {{"UPDATE ID", "TITLE"}};
  for (const auto& c : *list) rows.push_back({c.update_id.ToString(), c.title});
  PrintTable(rows);
  std::cout << list->size() << " classifications\n";
  return 0;
}

// What one of the two category kinds is called in the API and in messages.
struct Kind {
  const char* plural;  // "products": the API collection and list key
  const char* singular;
};
constexpr Kind kProducts{"products", "product"};
constexpr Kind kClassifications{"classifications", "classification"};

void AddRemoteRows(const json& items, const std::map<std::string, std::vector<size_t>>& children, size_t index,
                   int depth, std::vector<std::vector<std::string>>* rows) {
  const json& item = items[index];
  rows->push_back({Text(item, "enabled"), Text(item, "category_type"), Text(item, "id"),
                   std::string(depth * 2, ' ') + Text(item, "title")});
  auto it = children.find(Text(item, "id"));
  if (it == children.end() || depth >= 16) return;
  for (size_t child : it->second) AddRemoteRows(items, children, child, depth + 1, rows);
}

// The server's list, as a tree by parent_id, with an ENABLED column.
int RunRemoteList(const Kind& kind, bool as_json, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto answer = api->Get(std::string("/") + kind.plural);
  if (!answer.ok()) return ReportError(answer.status());
  if (as_json) {
    PrintJson(*answer);
    return 0;
  }
  const json& items = ListOf(*answer, kind.plural);
  std::set<std::string> ids;
  for (const json& item : items) ids.insert(Text(item, "id"));
  std::map<std::string, std::vector<size_t>> children;
  std::vector<size_t> roots;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string parent = Text(items[i], "parent_id");
    if (parent.empty() || ids.count(parent) == 0 || parent == Text(items[i], "id")) {
      roots.push_back(i);
    } else {
      children[parent].push_back(i);
    }
  }
  std::vector<std::vector<std::string>> rows = {{"ENABLED", "TYPE", "ID", "TITLE"}};
  for (size_t root : roots) AddRemoteRows(items, children, root, 0, &rows);
  PrintTable(rows);
  std::cout << items.size() << " " << kind.plural << "\n";
  return 0;
}

int RunSetEnabled(const Kind& kind, const std::vector<std::string>& names, bool enable, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  int exit_code = 0;
  for (const std::string& name : names) {
    auto answer =
        api->Post(std::string("/") + kind.plural + "/" + PercentEncode(name) + (enable ? "/enable" : "/disable"));
    if (!answer.ok()) {
      int code = ReportError(answer.status());
      if (exit_code == 0) exit_code = code;
      continue;
    }
    std::string title = Text(*answer, "title");
    std::cout << (enable ? "enabled " : "disabled ") << kind.singular << " " << (title.empty() ? name : title) << "\n";
  }
  return exit_code;
}

void AddSetEnabled(CLI::App* command, CommandContext* context, const Kind& kind, bool enable) {
  auto names = std::make_shared<std::vector<std::string>>();
  std::string help = std::string(enable ? "Synchronize updates of these " : "Stop synchronizing updates of these ") +
                     kind.plural + (&kind == &kProducts ? " (Set-WsusProduct" : " (Set-WsusClassification") +
                     (enable ? ")" : " -Disable)");
  CLI::App* sub = command->add_subcommand(enable ? "enable" : "disable", help);
  sub->add_option("names", *names, std::string("Titles or ids of ") + kind.plural)->required();
  sub->callback(
      [names, context, &kind, enable] { context->exit_code = RunSetEnabled(kind, *names, enable, *context); });
}

// The local list, unless the API is configured.
int RunList(const Kind& kind, bool as_json, const CommandContext& context) {
  auto configured = ApiConfigured(context);
  if (!configured.ok()) return ReportError(configured.status());
  if (*configured) return RunRemoteList(kind, as_json, context);
  return &kind == &kProducts ? RunProductList(as_json, context) : RunClassificationList(as_json, context);
}

}  // namespace

void AddProductCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto as_json = std::make_shared<bool>(false);
  CLI::App* ls = command->add_subcommand(
      "list",
      "List companies, product families and products as a tree (Get-WsusProduct); with a server, "
      "which are enabled");
  ls->add_flag("--json", *as_json, "JSON for scripts");
  ls->callback([as_json, context] { context->exit_code = RunList(kProducts, *as_json, *context); });
  AddSetEnabled(command, context, kProducts, true);
  AddSetEnabled(command, context, kProducts, false);
}

void AddClassificationCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto as_json = std::make_shared<bool>(false);
  CLI::App* ls = command->add_subcommand(
      "list", "List update classifications (Get-WsusClassification); with a server, which are enabled");
  ls->add_flag("--json", *as_json, "JSON for scripts");
  ls->callback([as_json, context] { context->exit_code = RunList(kClassifications, *as_json, *context); });
  AddSetEnabled(command, context, kClassifications, true);
  AddSetEnabled(command, context, kClassifications, false);
}

}  // namespace openwsus::cli
