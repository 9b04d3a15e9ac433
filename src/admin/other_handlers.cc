// AdminApi: products, classifications, automatic approval rules, settings,
// reports and the audit log.
#include <algorithm>
#include <sstream>

#include "admin/admin_api.h"
#include "admin/update_view.h"
#include "auto_approval/auto_approver.h"
#include "catalog/update_parser.h"
#include "policy/auto_approval_rule.h"
#include "policy/targeting_mode.h"
#include "store/category_lookup.h"
#include "store/server_settings.h"
#include "store/settings_keys.h"

namespace openwsus::admin {
namespace {

using nlohmann::json;

std::set<Guid> ParseIdSet(const std::optional<std::string>& text) {
  std::set<Guid> ids;
  if (!text) return ids;
  std::istringstream in(*text);
  for (std::string word; in >> word;) {
    if (auto id = Guid::Parse(word); id.ok()) ids.insert(*id);
  }
  return ids;
}

std::string JoinIdSet(const std::set<Guid>& ids) {
  std::string out;
  for (const Guid& id : ids) out += (out.empty() ? "" : " ") + id.ToString();
  return out;
}

const char* EnabledKey(catalog::CategoryType type) {
  return type == catalog::CategoryType::kProduct ? store::kSyncProductsKey : store::kSyncClassificationsKey;
}

}  // namespace

Result<store::CategoryNode> AdminApi::ResolveCategory(catalog::CategoryType type, const std::string& name) {
  return store::FindCategory(store_, type, name);
}

Result<json> AdminApi::ListCategories(catalog::CategoryType type) {
  bool products = type == catalog::CategoryType::kProduct;
  OW_ASSIGN_OR_RETURN(auto enabled_text, store_->GetSetting(EnabledKey(type)));
  std::set<Guid> enabled = ParseIdSet(enabled_text);
  // Products are listed with their companies and families so a client can draw the tree.
  OW_ASSIGN_OR_RETURN(auto categories, store_->ListCategories(products ? catalog::CategoryType::kNone : type));
  json out = json::array();
  for (const auto& c : categories) {
    if (products && c.category_type == catalog::CategoryType::kUpdateClassification) continue;
    out.push_back({{"id", c.update_id.ToString()},
                   {"title", c.title},
                   {"category_type", catalog::CategoryTypeName(c.category_type)},
                   {"parent_id", c.parent_ids.empty() ? json(nullptr) : json(c.parent_ids.front().ToString())},
                   {"enabled", enabled.count(c.update_id) > 0}});
  }
  return json{{products ? "products" : "classifications", out}};
}

Result<json> AdminApi::EnableCategory(const ApiCall& call, catalog::CategoryType type, const std::string& name,
                                      bool enable) {
  OW_ASSIGN_OR_RETURN(auto category, ResolveCategory(type, name));
  OW_ASSIGN_OR_RETURN(auto enabled_text, store_->GetSetting(EnabledKey(type)));
  std::set<Guid> enabled = ParseIdSet(enabled_text);
  if (enable) {
    enabled.insert(category.update_id);
  } else {
    enabled.erase(category.update_id);
  }
  std::string kind = type == catalog::CategoryType::kProduct ? "product" : "classification";
  OW_RETURN_IF_ERROR(Audited(call, kind + (enable ? ".enable" : ".disable"), category.update_id.ToString(),
                             {{"title", category.title}},
                             [&] { return store_->SetSetting(EnabledKey(type), JoinIdSet(enabled)); }));
  return json{{"id", category.update_id.ToString()}, {"title", category.title}, {"enabled", enable}};
}

namespace {

json RuleJson(const policy::AutoApprovalRule& r, const policy::GroupTree& tree) {
  auto ids = [](const std::vector<Guid>& v) {
    json out = json::array();
    for (const Guid& id : v) out.push_back(id.ToString());
    return out;
  };
  json groups = json::array();
  for (const Guid& g : r.group_ids) groups.push_back(tree.Find(g) != nullptr ? tree.Path(g) : g.ToString());
  json deadline = nullptr;
  if (r.deadline) {
    char time[32];
    std::snprintf(time, sizeof time, "%02d:%02d", r.deadline->minutes_after_midnight / 60,
                  r.deadline->minutes_after_midnight % 60);
    deadline = {{"days", r.deadline->days}, {"time", time}};
  }
  return {{"id", r.id.ToString()},          {"name", r.name},
          {"enabled", r.enabled},           {"classifications", ids(r.classification_ids)},
          {"products", ids(r.product_ids)}, {"groups", groups},
          {"group_ids", ids(r.group_ids)},  {"deadline", deadline}};
}

Result<std::vector<std::string>> StringList(const json& body, const char* key) {
  std::vector<std::string> out;
  if (!body.contains(key) || body[key].is_null()) return out;
  if (!body[key].is_array()) return Status::InvalidArgument(std::string(key) + " must be a list of names or ids");
  for (const auto& v : body[key]) {
    if (!v.is_string()) return Status::InvalidArgument(std::string(key) + " must be a list of names or ids");
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<std::optional<policy::RuleDeadline>> ParseRuleDeadline(const json& body) {
  if (!body.contains("deadline") || body["deadline"].is_null()) return std::optional<policy::RuleDeadline>();
  const json& d = body["deadline"];
  if (!d.is_object() || !d.contains("days") || !d["days"].is_number_integer()) {
    return Status::InvalidArgument("deadline must be {\"days\": N, \"time\": \"HH:MM\"}");
  }
  int days = d["days"].get<int>();
  int hours = 0;
  int minutes = 0;
  if (d.contains("time")) {
    std::string time = d["time"].is_string() ? d["time"].get<std::string>() : "";
    if (std::sscanf(time.c_str(), "%d:%d", &hours, &minutes) != 2 || hours < 0 || hours > 23 || minutes < 0 ||
        minutes > 59) {
      return Status::InvalidArgument("deadline time must be HH:MM, not '" + time + "'");
    }
  }
  if (days < 0 || days > 3650) return Status::InvalidArgument("deadline days must be from 0 to 3650");
  return std::optional<policy::RuleDeadline>(policy::RuleDeadline{days, hours * 60 + minutes});
}

}  // namespace

Result<json> AdminApi::ListRules() {
  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  OW_ASSIGN_OR_RETURN(auto rules, store_->ListRules());
  json out = json::array();
  for (const auto& r : rules) out.push_back(RuleJson(r, tree));
  return json{{"rules", out}};
}

Result<json> AdminApi::AddRule(const ApiCall& call) {
  const json& body = call.body;
  if (!body.is_object()) return Status::InvalidArgument("the rule must be a JSON object");
  policy::AutoApprovalRule rule;
  rule.id = Guid::Random();
  rule.name = body.contains("name") && body["name"].is_string() ? body["name"].get<std::string>() : "";
  rule.enabled = !body.contains("enabled") || body["enabled"].is_null() || body["enabled"] == true;
  OW_ASSIGN_OR_RETURN(auto classifications, StringList(body, "classifications"));
  for (const auto& c : classifications) {
    OW_ASSIGN_OR_RETURN(auto node, ResolveCategory(catalog::CategoryType::kUpdateClassification, c));
    rule.classification_ids.push_back(node.update_id);
  }
  OW_ASSIGN_OR_RETURN(auto products, StringList(body, "products"));
  for (const auto& p : products) {
    OW_ASSIGN_OR_RETURN(auto node, ResolveCategory(catalog::CategoryType::kProduct, p));
    rule.product_ids.push_back(node.update_id);
  }
  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  OW_ASSIGN_OR_RETURN(auto groups, StringList(body, "groups"));
  for (const auto& g : groups) {
    OW_ASSIGN_OR_RETURN(auto group, ResolveGroup(tree, g));
    rule.group_ids.push_back(group.id);
  }
  OW_ASSIGN_OR_RETURN(rule.deadline, ParseRuleDeadline(body));
  OW_RETURN_IF_ERROR(policy::ValidateRule(rule, &tree));
  json description = RuleJson(rule, tree);
  OW_RETURN_IF_ERROR(
      Audited(call, "rule.add", rule.id.ToString(), description, [&] { return store_->SaveRule(rule); }));
  return description;
}

Result<json> AdminApi::RemoveRule(const ApiCall& call, const std::string& id_text) {
  OW_ASSIGN_OR_RETURN(Guid id, Guid::Parse(id_text));
  OW_ASSIGN_OR_RETURN(auto rules, store_->ListRules());
  if (std::none_of(rules.begin(), rules.end(), [&](const auto& r) { return r.id == id; })) {
    return Status::NotFound("no rule " + id.ToString());
  }
  OW_RETURN_IF_ERROR(
      Audited(call, "rule.remove", id.ToString(), json::object(), [&] { return store_->RemoveRule(id); }));
  return json{{"removed", id.ToString()}};
}

Result<json> AdminApi::RunRule(const ApiCall& call, const std::string& id_text) {
  OW_ASSIGN_OR_RETURN(Guid id, Guid::Parse(id_text));
  OW_ASSIGN_OR_RETURN(auto rules, store_->ListRules());
  auto rule = std::find_if(rules.begin(), rules.end(), [&](const auto& r) { return r.id == id; });
  if (rule == rules.end()) return Status::NotFound("no rule " + id.ToString());
  OW_ASSIGN_OR_RETURN(auto approvals, auto_approval::PlanRuleRun(store_, *rule, DateTime::Now(), call.principal.name));
  OW_RETURN_IF_ERROR(Audited(call, "rule.run", id.ToString(), {{"approvals", approvals.size()}}, [&]() -> Status {
    for (const auto& a : approvals) OW_RETURN_IF_ERROR(store_->SetApproval(a));
    return Status::Ok();
  }));
  return json{{"approved", approvals.size()}};
}

Result<json> AdminApi::GetSettings() {
  OW_ASSIGN_OR_RETURN(auto mode, store_->GetSetting(store::kTargetingModeKey));
  OW_ASSIGN_OR_RETURN(auto options, auto_approval::LoadAutoApprovalOptions(store_));
  return json{{"targeting_mode", mode.value_or("server")},
              {"approve_new_revisions", options.approve_new_revisions_of_approved},
              {"decline_expired", options.decline_expired}};
}

Result<json> AdminApi::PutSettings(const ApiCall& call) {
  const json& body = call.body;
  if (!body.is_object()) return Status::InvalidArgument("settings must be a JSON object");
  std::vector<std::pair<std::string, std::string>> changes;
  for (const auto& [key, value] : body.items()) {
    if (key == "targeting_mode") {
      if (!value.is_string()) return Status::InvalidArgument("targeting_mode must be \"server\" or \"client\"");
      OW_ASSIGN_OR_RETURN(auto mode, policy::ParseTargetingMode(value.get<std::string>()));
      changes.emplace_back(store::kTargetingModeKey, std::string(policy::TargetingModeName(mode)));
    } else if (key == "approve_new_revisions" || key == "decline_expired") {
      if (!value.is_boolean()) return Status::InvalidArgument(key + " must be true or false");
      changes.emplace_back(key == "decline_expired" ? store::kDeclineExpiredKey : store::kApproveNewRevisionsKey,
                           value.get<bool>() ? "true" : "false");
    } else {
      return Status::InvalidArgument("unknown setting '" + key + "'");
    }
  }
  OW_ASSIGN_OR_RETURN(auto old_mode, store_->GetSetting(store::kTargetingModeKey));
  OW_RETURN_IF_ERROR(Audited(call, "settings.set", "", body, [&]() -> Status {
    for (const auto& [key, value] : changes) {
      OW_RETURN_IF_ERROR(store_->SetSetting(key, value));
      if (key == store::kTargetingModeKey && value != old_mode.value_or("server")) {
        OW_RETURN_IF_ERROR(MarkDeploymentsReset());
        // Clients learn of it through GetConfig's LastChange: their cookies
        // name groups the way the old mode read them.
        OW_RETURN_IF_ERROR(store::TouchConfigLastChange(store_, DateTime::Now()));
      }
    }
    return Status::Ok();
  }));
  return GetSettings();
}

Result<json> AdminApi::Report(const std::string& kind) {
  if (status_ == nullptr) return Status::Unavailable("no status available");
  json rows = json::array();
  if (kind == "updates") {
    OW_ASSIGN_OR_RETURN(auto updates, store_->ListUpdates({}));
    std::vector<policy::StatusCounts> per_update = status_->SummaryPerUpdate();
    for (const auto& u : updates) {
      if (!catalog::IsApprovable(u.type)) continue;
      auto index = status_->FindUpdate(u.update_id);
      policy::StatusCounts counts = index ? per_update[*index] : status_->CountsForUpdate(u.update_id);
      rows.push_back({{"update_id", u.update_id.ToString()}, {"title", u.title}, {"status", CountsToJson(counts)}});
    }
    return json{{"updates", rows}};
  }
  if (kind == "computers") {
    OW_ASSIGN_OR_RETURN(auto computers, store_->ListComputers());
    for (const auto& c : computers) {
      rows.push_back({{"computer_id", c.id.ToString()},
                      {"name", c.name},
                      {"status", CountsToJson(status_->CountsForComputer(c.id))}});
    }
    return json{{"computers", rows}};
  }
  if (kind == "groups") {
    OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
    for (const auto& g : tree.Groups()) {
      OW_ASSIGN_OR_RETURN(auto members, GroupMembers(tree, g.id));
      policy::StatusCounts total;
      for (const auto& per_update : status_->SummaryForComputers(members)) total += per_update;
      rows.push_back({{"group_id", g.id.ToString()},
                      {"path", tree.Path(g.id)},
                      {"computers", members.size()},
                      {"status", CountsToJson(total)}});
    }
    return json{{"groups", rows}};
  }
  return Status::NotFound("no report '" + kind + "' (updates, computers or groups)");
}

Result<json> AdminApi::ListAudit(const ApiCall& call) {
  size_t limit = 100;
  if (auto it = call.query.find("limit"); it != call.query.end()) {
    limit = static_cast<size_t>(std::strtoul(it->second.c_str(), nullptr, 10));
  }
  OW_ASSIGN_OR_RETURN(auto entries, store_->ListAudit(limit));
  json out = json::array();
  for (const auto& e : entries) {
    json details = json::parse(e.details, nullptr, false);
    out.push_back({{"id", e.id},
                   {"time", e.time.ToString()},
                   {"actor", e.actor},
                   {"action", e.action},
                   {"target", e.target},
                   {"details", details.is_discarded() ? json(e.details) : details}});
  }
  return json{{"entries", out}};
}

Result<json> AdminApi::CookieKeys() {
  if (cookie_keys_ == nullptr) return Status::Unavailable("this server has no cookie keys");
  return json{{"current_version", cookie_keys_->current_version()}, {"versions", cookie_keys_->versions()}};
}

// Rotation with keep_previous=false, or dropping the previous keys, turns
// every client cookie sealed with them into InvalidCookie: clients start the
// handshake over (and RefreshCache), the way to revoke all cookies at once.
Result<json> AdminApi::RotateCookieKeys(const ApiCall& call, bool drop_only) {
  if (cookie_keys_ == nullptr) return Status::Unavailable("this server has no cookie keys");
  bool keep_previous = true;
  if (!drop_only && call.body.is_object() && call.body.contains("keep_previous")) {
    if (!call.body["keep_previous"].is_boolean()) return Status::InvalidArgument("keep_previous must be true or false");
    keep_previous = call.body["keep_previous"].get<bool>();
  }
  // The key file is written first; the audit entry follows in the store. A
  // failure of either is reported, and a failed rotation changes nothing.
  Status changed = drop_only ? cookie_keys_->DropPrevious() : cookie_keys_->Rotate(keep_previous);
  OW_RETURN_IF_ERROR(changed);
  json details = {{"current_version", cookie_keys_->current_version()}, {"keep_previous", !drop_only && keep_previous}};
  OW_RETURN_IF_ERROR(Audited(call, drop_only ? "cookie-keys.drop-previous" : "cookie-keys.rotate", "", details,
                             [] { return Status::Ok(); }));
  return CookieKeys();
}

}  // namespace openwsus::admin
