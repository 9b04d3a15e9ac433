// AdminApi: /api/v1/updates.
#include "admin/admin_api.h"
#include "admin/update_view.h"
#include "catalog/update_parser.h"
#include "policy/approval_checks.h"
#include "policy/approval_resolver.h"

namespace openwsus::admin {
namespace {

using nlohmann::json;

// Get-WsusUpdate -Approval.
enum class ApprovalFilter { kAnyExceptDeclined, kUnapproved, kApproved, kDeclined, kAny };

Result<ApprovalFilter> ParseApprovalFilter(const std::string& text) {
  if (text.empty() || text == "any-except-declined") return ApprovalFilter::kAnyExceptDeclined;
  if (text == "unapproved") return ApprovalFilter::kUnapproved;
  if (text == "approved") return ApprovalFilter::kApproved;
  if (text == "declined") return ApprovalFilter::kDeclined;
  if (text == "any") return ApprovalFilter::kAny;
  return Status::InvalidArgument("approval must be unapproved, approved, declined or any-except-declined, not '" +
                                 text + "'");
}

bool MatchesApproval(ApprovalFilter filter, bool declined, bool approved) {
  switch (filter) {
    case ApprovalFilter::kAnyExceptDeclined:
      return !declined;
    case ApprovalFilter::kUnapproved:
      return !declined && !approved;
    case ApprovalFilter::kApproved:
      return !declined && approved;
    case ApprovalFilter::kDeclined:
      return declined;
    case ApprovalFilter::kAny:
      return true;
  }
  return false;
}

Result<Guid> ParseUpdateId(const std::string& text) {
  auto id = Guid::Parse(text);
  if (!id.ok()) return Status::InvalidArgument("update id: " + id.status().message());
  return *id;
}

}  // namespace

Result<json> AdminApi::ListUpdates(const ApiCall& call) {
  store::UpdateFilter filter;
  std::string type = call.Param("type");
  if (!type.empty()) {
    filter.type = catalog::ParseUpdateType(type);
    if (!filter.type) return Status::InvalidArgument("type must be software, driver, category or detectoid");
  }
  if (std::string p = call.Param("product"); !p.empty()) {
    OW_ASSIGN_OR_RETURN(auto product, ResolveCategory(catalog::CategoryType::kProduct, p));
    filter.product_id = product.update_id;
  }
  if (std::string c = call.Param("classification"); !c.empty()) {
    OW_ASSIGN_OR_RETURN(auto cls, ResolveCategory(catalog::CategoryType::kUpdateClassification, c));
    filter.classification_id = cls.update_id;
  }
  filter.title_contains = call.Param("title");
  filter.kb_article_id = call.Param("kb");
  if (filter.kb_article_id.starts_with("KB")) filter.kb_article_id.erase(0, 2);
  OW_ASSIGN_OR_RETURN(ApprovalFilter approval, ParseApprovalFilter(call.Param("approval")));
  OW_ASSIGN_OR_RETURN(auto status_filter,
                      policy::ParseStatusFilter(call.Param("status").empty() ? "any" : call.Param("status")));
  size_t limit = 0;
  if (std::string l = call.Param("limit"); !l.empty())
    limit = static_cast<size_t>(std::strtoul(l.c_str(), nullptr, 10));

  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  OW_ASSIGN_OR_RETURN(auto view, UpdateView::Load(store_, status_));
  OW_ASSIGN_OR_RETURN(auto updates, store_->ListUpdates(filter));
  // With a group, approval means the group's effective approval (inherited
  // from its parents) and status counts only the group's computers.
  std::optional<policy::TargetGroup> group;
  std::vector<policy::StatusMatrix::Index> members;
  if (std::string g = call.Param("group"); !g.empty()) {
    OW_ASSIGN_OR_RETURN(group, ResolveGroup(tree, g));
    OW_ASSIGN_OR_RETURN(members, GroupMembers(tree, group->id));
  }
  policy::ApprovalResolver resolver(&tree);
  // The group's counts of every update, summed once.
  std::vector<policy::StatusCounts> group_counts;
  if (group && status_ != nullptr) group_counts = status_->SummaryForComputers(members);
  json out = json::array();
  for (const auto& u : updates) {
    // Categories and detectoids are not approved or reported on; list them
    // only when asked for by type.
    bool approvable = catalog::IsApprovable(u.type);
    if (!filter.type && !approvable) continue;
    bool approved = view.IsApproved(u.update_id);
    policy::StatusCounts counts = view.Counts(u.update_id);
    if (group) {
      OW_ASSIGN_OR_RETURN(auto effective, resolver.ForGroup(group->id, view.ApprovalsOf(u.update_id)));
      approved = effective.approved();
      auto index = status_ != nullptr ? status_->FindUpdate(u.update_id) : std::nullopt;
      counts = index && *index < group_counts.size() ? group_counts[*index] : policy::StatusCounts{};
    }
    if (!MatchesApproval(approval, view.IsDeclined(u.update_id), approved)) continue;
    if (!policy::Matches(status_filter, counts)) continue;
    out.push_back(view.ToJson(u, tree, counts));
    if (limit > 0 && out.size() >= limit) break;
  }
  return json{{"updates", out}};
}

Result<json> AdminApi::GetUpdate(const std::string& id_text) {
  OW_ASSIGN_OR_RETURN(Guid id, ParseUpdateId(id_text));
  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  OW_ASSIGN_OR_RETURN(auto view, UpdateView::Load(store_, status_));
  OW_ASSIGN_OR_RETURN(auto rev, store_->FindLatestRevision(id));
  store::UpdateFilter filter;
  OW_ASSIGN_OR_RETURN(auto all, store_->ListUpdates(filter));
  for (const auto& u : all) {
    if (u.update_id == id) return view.ToJson(u, tree);
  }
  return Status::NotFound("no update " + id.ToString());
}

Result<json> AdminApi::Approve(const ApiCall& call, const std::string& id_text) {
  OW_ASSIGN_OR_RETURN(Guid id, ParseUpdateId(id_text));
  OW_ASSIGN_OR_RETURN(auto rev, store_->FindLatestRevision(id));
  OW_ASSIGN_OR_RETURN(auto update, catalog::ParseUpdate(rev.xml));
  const json& body = call.body;
  if (!body.is_object() || !body.contains("action") || !body["action"].is_string()) {
    return Status::InvalidArgument("body must name an action: install, optional-install, uninstall or not-approved");
  }
  OW_ASSIGN_OR_RETURN(auto action, policy::ParseApprovalAction(body["action"].get<std::string>()));
  if (!body.contains("group") || !body["group"].is_string()) return Status::InvalidArgument("body must name a group");
  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  OW_ASSIGN_OR_RETURN(auto group, ResolveGroup(tree, body["group"].get<std::string>()));
  std::optional<DateTime> deadline;
  if (body.contains("deadline") && !body["deadline"].is_null()) {
    if (!body["deadline"].is_string()) return Status::InvalidArgument("deadline must be an xs:dateTime string");
    OW_ASSIGN_OR_RETURN(DateTime t, DateTime::Parse(body["deadline"].get<std::string>()));
    deadline = t;
  }
  OW_ASSIGN_OR_RETURN(auto view, UpdateView::Load(store_, status_));
  auto facts = policy::ApprovalFacts::FromUpdate(update, view.IsDeclined(id), view.IsEulaAccepted(id));
  OW_RETURN_IF_ERROR(policy::CheckApproval(facts, action, deadline));

  policy::Approval approval{id, group.id, action, deadline, DateTime::Now(), call.principal.name};
  json details = {{"group", tree.Path(group.id)},
                  {"action", policy::ApprovalActionName(action)},
                  {"deadline", deadline ? json(deadline->ToString()) : json(nullptr)}};
  OW_RETURN_IF_ERROR(
      Audited(call, "update.approve", id.ToString(), details, [&] { return store_->SetApproval(approval); }));
  return GetUpdate(id.ToString());
}

Result<json> AdminApi::Decline(const ApiCall& call, const std::string& id_text, bool declined) {
  OW_ASSIGN_OR_RETURN(Guid id, ParseUpdateId(id_text));
  OW_ASSIGN_OR_RETURN(auto rev, store_->FindLatestRevision(id));
  (void)rev;
  OW_RETURN_IF_ERROR(
      Audited(call, declined ? "update.decline" : "update.undecline", id.ToString(), json::object(), [&]() -> Status {
        // A declined update keeps no approvals (as in WSUS).
        if (declined) OW_RETURN_IF_ERROR(store_->RemoveApprovalsForUpdate(id));
        return store_->SetDeclined(id, declined);
      }));
  return GetUpdate(id.ToString());
}

Result<json> AdminApi::AcceptEula(const ApiCall& call, const std::string& id_text) {
  OW_ASSIGN_OR_RETURN(Guid id, ParseUpdateId(id_text));
  OW_ASSIGN_OR_RETURN(auto rev, store_->FindLatestRevision(id));
  (void)rev;
  OW_RETURN_IF_ERROR(
      Audited(call, "update.accept-eula", id.ToString(), json::object(), [&] { return store_->AcceptEula(id); }));
  return GetUpdate(id.ToString());
}

}  // namespace openwsus::admin
