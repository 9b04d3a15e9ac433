// `openwsus product list` (a tree) and `openwsus classification list`.
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

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
    auto parent = std::find_if(parents.begin(), parents.end(), [&](const Guid& p) {
      return present.count(p) > 0 && p != tree.nodes[i].update_id;
    });
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
  json j = {{"update_id", n.update_id.ToString()}, {"title", n.title},
            {"category_type", catalog::CategoryTypeName(n.category_type)}, {"children", json::array()}};
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

}  // namespace

void AddProductCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto as_json = std::make_shared<bool>(false);
  CLI::App* ls = command->add_subcommand("list", "List companies, product families and products as a tree");
  ls->add_flag("--json", *as_json, "JSON for scripts");
  ls->callback([as_json, context] { context->exit_code = RunProductList(*as_json, *context); });
}

void AddClassificationCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto as_json = std::make_shared<bool>(false);
  CLI::App* ls = command->add_subcommand("list", "List update classifications");
  ls->add_flag("--json", *as_json, "JSON for scripts");
  ls->callback([as_json, context] { context->exit_code = RunClassificationList(*as_json, *context); });
}

}  // namespace openwsus::cli
