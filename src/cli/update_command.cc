// `openwsus update list` and `openwsus update show ID`.
//
// `update list` reads the local database unless the API is meant: when a
// server or token is configured (flag, environment, cli.json) or a filter only
// the server knows (--approval, --status, --group) is given, it asks
// GET /api/v1/updates instead (Get-WsusUpdate). `update show` likewise asks
// the server when it is configured, except for --fragment.
#include <iostream>
#include <nlohmann/json.hpp>

#include "catalog/fragment_builder.h"
#include "catalog/update_parser.h"
#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "common/base64.h"
#include "common/hash.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

struct ListOptions {
  std::string type;
  std::string product;
  std::string classification;
  std::string title;
  std::string kb;
  std::string approval;  // API only
  std::string status;    // API only
  std::string group;     // API only
  size_t limit = 0;
  bool json = false;
};

struct ShowOptions {
  std::string id;
  std::string fragment;
  bool json = false;
};

json IdsToJson(const std::vector<Guid>& ids) {
  json out = json::array();
  for (const Guid& id : ids) out.push_back(id.ToString());
  return out;
}

Result<store::UpdateFilter> MakeFilter(store::Store* store, const ListOptions& o) {
  store::UpdateFilter filter;
  if (!o.type.empty()) {
    filter.type = catalog::ParseUpdateType(o.type);
    if (!filter.type) {
      return Status::InvalidArgument("--type must be software, driver, category or detectoid, not '" + o.type + "'");
    }
  }
  if (!o.product.empty()) {
    OW_ASSIGN_OR_RETURN(auto p, ResolveCategory(store, catalog::CategoryType::kProduct, o.product));
    filter.product_id = p.update_id;
  }
  if (!o.classification.empty()) {
    OW_ASSIGN_OR_RETURN(auto c, ResolveCategory(store, catalog::CategoryType::kUpdateClassification, o.classification));
    filter.classification_id = c.update_id;
  }
  filter.title_contains = o.title;
  filter.kb_article_id = o.kb;
  if (filter.kb_article_id.starts_with("KB") || filter.kb_article_id.starts_with("kb")) {
    filter.kb_article_id = filter.kb_article_id.substr(2);
  }
  filter.limit = o.limit;
  return filter;
}

// "declined", "not approved", or "install: Workstations; uninstall: Lab".
std::string ApprovalSummary(const json& update) {
  if (update.value("declined", false)) return "declined";
  std::string out;
  const json& approvals = ListOf(update, "approvals");
  for (const json& a : approvals) {
    std::string action = Text(a, "action");
    if (action == "not-approved" || action == "not_approved") continue;
    std::string group = Text(a, "group");
    if (group.empty()) group = Text(a, "group_id");
    out += (out.empty() ? "" : "; ") + action + ": " + group;
    if (!Text(a, "deadline").empty()) out += " by " + Text(a, "deadline");
  }
  return out.empty() ? "not approved" : out;
}

int RunRemoteList(const ListOptions& o, const CommandContext& context) {
  if (!o.approval.empty()) {
    Status s = CheckChoice("--approval", o.approval, {"unapproved", "approved", "declined", "any-except-declined"});
    if (!s.ok()) return ReportError(s);
  }
  if (!o.status.empty()) {
    Status s = CheckChoice("--status", o.status,
                           {"needed", "failed-or-needed", "installed-or-not-applicable", "failed", "no-status", "any"});
    if (!s.ok()) return ReportError(s);
  }
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  std::string kb = o.kb;
  if (kb.starts_with("KB") || kb.starts_with("kb")) kb = kb.substr(2);
  auto answer = api->Get("/updates", {{"classification", o.classification},
                                      {"product", o.product},
                                      {"title", o.title},
                                      {"kb", kb},
                                      {"type", o.type},
                                      {"approval", o.approval},
                                      {"status", o.status},
                                      {"group", o.group},
                                      {"limit", o.limit > 0 ? std::to_string(o.limit) : ""}});
  if (!answer.ok()) return ReportError(answer.status());
  if (o.json) {
    PrintJson(*answer);
    return 0;
  }
  const json& updates = ListOf(*answer, "updates");
  std::vector<std::vector<std::string>> rows = {
      {"UPDATE ID", "KB", "CLASSIFICATION", "APPROVAL", "NEEDED", "FAILED", "INSTALLED/NA", "TITLE"}};
  for (const json& u : updates) {
    StatusSummary status = SummarizeStatus(u.value("status", json::object()));
    std::string kb_text = Text(u, "kb_article_id");
    rows.push_back({Text(u, "update_id"), kb_text.empty() ? "" : "KB" + kb_text,
                    Names(u.value("classifications", json())), ApprovalSummary(u), std::to_string(status.needed),
                    std::to_string(status.failed), std::to_string(status.installed_or_not_applicable),
                    Text(u, "title")});
  }
  PrintTable(rows);
  std::cout << updates.size() << " updates\n";
  return 0;
}

int RunList(const ListOptions& o, const CommandContext& context) {
  auto configured = ApiConfigured(context);
  if (!configured.ok()) return ReportError(configured.status());
  if (*configured || !o.approval.empty() || !o.status.empty() || !o.group.empty()) return RunRemoteList(o, context);
  auto store = OpenLocalStore(context.globals);
  if (!store.ok()) return ReportError(store.status());
  auto filter = MakeFilter(store->get(), o);
  if (!filter.ok()) return ReportError(filter.status());
  auto updates = (*store)->ListUpdates(*filter);
  if (!updates.ok()) return ReportError(updates.status());
  if (o.json) {
    json out = json::array();
    for (const auto& u : *updates) {
      out.push_back({{"update_id", u.update_id.ToString()},
                     {"revision_number", u.revision_number},
                     {"revision_id", u.revision_id},
                     {"type", catalog::UpdateTypeName(u.type)},
                     {"category_type", catalog::CategoryTypeName(u.category_type)},
                     {"title", u.title},
                     {"kb_article_id", u.kb_article_id},
                     {"msrc_severity", u.msrc_severity},
                     {"creation_date", u.creation_date},
                     {"publication_state", u.publication_state},
                     {"products", IdsToJson(u.product_ids)},
                     {"classifications", IdsToJson(u.classification_ids)}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {{"UPDATE ID", "REV", "TYPE", "KB", "SEVERITY", "TITLE"}};
  for (const auto& u : *updates) {
    std::string type(u.category_type != catalog::CategoryType::kNone ? catalog::CategoryTypeName(u.category_type)
                                                                     : catalog::UpdateTypeName(u.type));
    rows.push_back({u.update_id.ToString(), std::to_string(u.revision_number), type,
                    u.kb_article_id.empty() ? "" : "KB" + u.kb_article_id, u.msrc_severity, u.title});
  }
  PrintTable(rows);
  std::cout << updates->size() << " updates\n";
  return 0;
}

// "title (id)" for each id, titles from the store where known.
json Named(store::Store* store, const std::vector<Guid>& ids) {
  json out = json::array();
  for (const Guid& id : ids) {
    auto title = store->FindTitle(id);
    out.push_back({{"update_id", id.ToString()}, {"title", title.ok() ? *title : ""}});
  }
  return out;
}

json DescribeUpdate(store::Store* store, const store::StoredRevision& rev, const catalog::Update& u) {
  json j = {{"update_id", u.identity.update_id.ToString()},
            {"revision_number", u.identity.revision_number},
            {"revision_id", rev.revision_id},
            {"type", catalog::UpdateTypeName(u.type)},
            {"title", u.Title()}};
  if (u.category_type != catalog::CategoryType::kNone) j["category_type"] = catalog::CategoryTypeName(u.category_type);
  const catalog::LocalizedProperties* en = u.FindLocalized("en");
  if (en != nullptr && !en->description.empty()) j["description"] = en->description;
  j["kb_article_id"] = u.kb_article_id;
  j["msrc_severity"] = u.msrc_severity;
  j["security_bulletin_id"] = u.security_bulletin_id;
  j["cve_ids"] = u.cve_ids;
  j["creation_date"] = u.creation_date;
  j["publication_state"] = u.publication_state;
  j["can_uninstall"] = u.CanUninstall();
  j["has_eula"] = u.has_eula;
  if (u.install_behavior) j["reboot_behavior"] = u.install_behavior->reboot_behavior;
  j["languages"] = json::array();
  for (const auto& l : u.localized) j["languages"].push_back(l.language);
  j["prerequisites"] = json::array();
  for (const auto& clause : u.prerequisites) {
    j["prerequisites"].push_back(
        {{"is_category", clause.is_category}, {"at_least_one_of", Named(store, clause.update_ids)}});
  }
  j["bundled_updates"] = json::array();
  for (const auto& clause : u.bundled_updates) {
    std::vector<Guid> ids;
    for (const auto& m : clause.members) ids.push_back(m.update_id);
    j["bundled_updates"].push_back(Named(store, ids));
  }
  j["supersedes"] = Named(store, u.superseded_updates);
  auto by = store->FindSupersedingUpdates(u.identity.update_id);
  j["superseded_by"] = Named(store, by.ok() ? *by : std::vector<Guid>{});
  auto bundled_by = store->FindBundlingUpdates(u.identity.update_id);
  j["bundled_by"] = Named(store, bundled_by.ok() ? *bundled_by : std::vector<Guid>{});
  j["files"] = json::array();
  for (const auto& f : u.files) {
    j["files"].push_back({{"file_name", f.file_name},
                          {"size", f.size},
                          {"modified", f.modified},
                          {"sha1", HexEncode(f.sha1)},
                          {"sha1_base64", Base64Encode(f.sha1)},
                          {"sha256", HexEncode(f.sha256)},
                          {"patching_type", f.patching_type}});
  }
  return j;
}

void PrintNamed(const char* heading, const json& list) {
  if (list.empty()) return;
  std::cout << heading << ":\n";
  for (const auto& e : list) {
    std::cout << "  " << e["update_id"].get<std::string>() << "  " << e["title"].get<std::string>() << "\n";
  }
}

void PrintDescription(const json& j) {
  std::vector<std::vector<std::string>> rows;
  for (const char* key : {"title", "update_id", "revision_number", "revision_id", "type", "category_type",
                          "kb_article_id", "msrc_severity", "security_bulletin_id", "creation_date",
                          "publication_state", "can_uninstall", "has_eula", "reboot_behavior"}) {
    if (!j.contains(key)) continue;
    const json& v = j[key];
    std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    if (!text.empty()) rows.push_back({std::string(key) + ":", text});
  }
  PrintTable(rows);
  if (!j["cve_ids"].empty()) std::cout << "cve_ids: " << j["cve_ids"].dump() << "\n";
  int clause = 0;
  if (!j["prerequisites"].empty()) std::cout << "prerequisites (all clauses; at least one update per clause):\n";
  for (const auto& c : j["prerequisites"]) {
    std::cout << "  clause " << clause++ << (c["is_category"].get<bool>() ? " (category)" : "") << ":\n";
    for (const auto& e : c["at_least_one_of"]) {
      std::cout << "    " << e["update_id"].get<std::string>() << "  " << e["title"].get<std::string>() << "\n";
    }
  }
  json members = json::array();
  for (const auto& group : j["bundled_updates"]) {
    for (const auto& e : group) members.push_back(e);
  }
  PrintNamed("bundle members", members);
  PrintNamed("bundled by", j["bundled_by"]);
  PrintNamed("supersedes", j["supersedes"]);
  PrintNamed("superseded by", j["superseded_by"]);
  if (!j["files"].empty()) std::cout << "files:\n";
  for (const auto& f : j["files"]) {
    std::cout << "  " << f["file_name"].get<std::string>() << "  " << f["size"].get<int64_t>() << " bytes\n"
              << "    sha1   " << f["sha1"].get<std::string>() << "\n"
              << "    sha256 " << f["sha256"].get<std::string>() << "\n";
  }
}

Result<std::string> Fragment(const std::string& xml, const std::string& which) {
  OW_ASSIGN_OR_RETURN(auto builder, catalog::FragmentBuilder::FromDocument(xml));
  if (which == "core") return builder.Core();
  if (which == "extended") return builder.Extended();
  if (which.starts_with("localized:") && which.size() > 10) return builder.Localized(which.substr(10));
  return Status::InvalidArgument("--fragment must be core, extended or localized:LANG, not '" + which + "'");
}

// GET /api/v1/updates/{id}: the server's view, with approvals and status.
int RunRemoteShow(const Guid& id, bool as_json, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto update = api->Get("/updates/" + PercentEncode(id.ToString()));
  if (!update.ok()) return ReportError(update.status());
  if (as_json) {
    PrintJson(*update);
    return 0;
  }
  const json& u = *update;
  std::vector<std::vector<std::string>> rows;
  for (const char* key : {"title", "update_id", "revision_number", "revision_id", "type", "kb_article_id",
                          "msrc_severity", "supersedence", "declined", "has_eula", "eula_accepted", "can_uninstall"}) {
    std::string text = Text(u, key);
    if (!text.empty()) rows.push_back({std::string(key) + ":", text});
  }
  rows.push_back({"classifications:", Names(u.value("classifications", json()))});
  rows.push_back({"products:", Names(u.value("products", json()))});
  rows.push_back({"approval:", ApprovalSummary(u)});
  StatusSummary status = SummarizeStatus(u.value("status", json::object()));
  rows.push_back({"computers:", std::to_string(status.needed) + " needed, " + std::to_string(status.failed) +
                                    " failed, " + std::to_string(status.installed_or_not_applicable) +
                                    " installed or not applicable, " + std::to_string(status.no_status) +
                                    " no status"});
  PrintTable(rows);
  return 0;
}

int RunShow(const ShowOptions& o, const CommandContext& context) {
  auto id = Guid::Parse(o.id);
  if (!id.ok()) return ReportError(Status::InvalidArgument("update id: " + id.status().message()));
  // Fragments come from the stored XML, which only the local database has.
  if (o.fragment.empty()) {
    auto configured = ApiConfigured(context);
    if (!configured.ok()) return ReportError(configured.status());
    if (*configured) return RunRemoteShow(*id, o.json, context);
  }
  auto store = OpenLocalStore(context.globals);
  if (!store.ok()) return ReportError(store.status());
  auto rev = (*store)->FindLatestRevision(*id);
  if (!rev.ok()) return ReportError(rev.status());
  if (!o.fragment.empty()) {
    auto fragment = Fragment(rev->xml, o.fragment);
    if (!fragment.ok()) return ReportError(fragment.status());
    std::cout << *fragment << "\n";
    return 0;
  }
  auto update = catalog::ParseUpdate(rev->xml);
  if (!update.ok()) return ReportError(update.status());
  json description = DescribeUpdate(store->get(), *rev, *update);
  if (o.json) {
    std::cout << description.dump(2) << "\n";
  } else {
    PrintDescription(description);
  }
  return 0;
}

}  // namespace

void AddUpdateCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto list = std::make_shared<ListOptions>();
  CLI::App* ls = command->add_subcommand(
      "list", "List updates (the latest revision of each); from the server when one is configured (Get-WsusUpdate)");
  ls->add_option("--type", list->type, "software, driver, category or detectoid");
  ls->add_option("--product", list->product, "Product title (or part of it) or update id");
  ls->add_option("--classification", list->classification, "Classification title (or part of it) or update id");
  ls->add_option("--title", list->title, "Only titles containing this text");
  ls->add_option("--kb", list->kb, "Only this KB article (5034441 or KB5034441)");
  ls->add_option("--approval", list->approval,
                 "Server: unapproved, approved, declined or any-except-declined (the server's default)");
  ls->add_option("--status", list->status,
                 "Server: needed, failed-or-needed, installed-or-not-applicable, failed, no-status or any");
  ls->add_option("--group", list->group, "Server: approvals and status in this computer group (name, path or id)");
  ls->add_option("--limit", list->limit, "At most this many rows");
  ls->add_flag("--json", list->json, "JSON for scripts");
  ls->callback([list, context] { context->exit_code = RunList(*list, *context); });

  auto show = std::make_shared<ShowOptions>();
  CLI::App* sh = command->add_subcommand(
      "show",
      "Show one update: properties, relationships and files; from the server (approvals, status) when one "
      "is configured");
  sh->add_option("id", show->id, "Update id")->required();
  sh->add_option("--fragment", show->fragment,
                 "Print the fragment a client receives: core, extended or localized:LANG");
  sh->add_flag("--json", show->json, "JSON for scripts");
  sh->callback([show, context] { context->exit_code = RunShow(*show, *context); });

  AddUpdateAdminCommands(command, context);
}

}  // namespace openwsus::cli
