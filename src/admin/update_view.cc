#include "admin/update_view.h"

namespace openwsus::admin {

using nlohmann::json;

Result<UpdateView> UpdateView::Load(store::Store* store, const policy::StatusMatrix* status) {
  UpdateView view;
  view.status_ = status;
  OW_ASSIGN_OR_RETURN(auto categories, store->ListCategories(catalog::CategoryType::kNone));
  for (const auto& c : categories) view.category_titles_[c.update_id] = c.title;
  OW_ASSIGN_OR_RETURN(auto declined, store->ListDeclined());
  view.declined_.insert(declined.begin(), declined.end());
  OW_ASSIGN_OR_RETURN(auto accepted, store->ListEulaAccepted());
  view.eula_accepted_.insert(accepted.begin(), accepted.end());
  OW_ASSIGN_OR_RETURN(auto approvals, store->ListApprovals());
  for (auto& a : approvals) view.approvals_[a.update_id].push_back(std::move(a));
  OW_ASSIGN_OR_RETURN(auto edges, store->ListSupersedence());
  // Only edges between updates that are both in the catalog count: WSUS shows
  // an update as superseded when the superseding update is present.
  OW_ASSIGN_OR_RETURN(auto all, store->ListUpdates({}));
  std::set<Guid> present;
  for (const auto& u : all) present.insert(u.update_id);
  for (const auto& [superseding, superseded] : edges) {
    if (present.count(superseded) == 0) continue;
    view.superseded_.insert(superseded);
    view.superseding_.insert(superseding);
  }
  return view;
}

const std::vector<policy::Approval>& UpdateView::ApprovalsOf(const Guid& id) const {
  static const std::vector<policy::Approval> kNone;
  auto it = approvals_.find(id);
  return it == approvals_.end() ? kNone : it->second;
}

bool UpdateView::IsApproved(const Guid& id) const {
  for (const auto& a : ApprovalsOf(id)) {
    if (a.action != policy::ApprovalAction::kNotApproved) return true;
  }
  return false;
}

policy::SupersedenceState UpdateView::Supersedence(const Guid& id) const {
  return policy::ComputeSupersedenceState(superseded_.count(id) > 0, superseding_.count(id) > 0);
}

policy::StatusCounts UpdateView::Counts(const Guid& id) const {
  if (status_ == nullptr) return policy::StatusCounts{};
  auto index = status_->FindUpdate(id);
  if (!index) return status_->CountsForUpdate(id);  // all "no status"
  if (!per_update_) per_update_ = status_->SummaryPerUpdate();
  return (*per_update_)[*index];
}

json CountsToJson(const policy::StatusCounts& counts) {
  json out = json::object();
  for (int i = 0; i < policy::kInstallationStateCount; ++i) {
    std::string name(policy::InstallationStateName(static_cast<policy::InstallationState>(i)));
    for (char& c : name) {
      if (c == '-') c = '_';
    }
    out[name] = counts.by_state[i];
  }
  return out;
}

json UpdateView::ToJson(const store::UpdateSummary& u, const policy::GroupTree& tree) const {
  return ToJson(u, tree, Counts(u.update_id));
}

json UpdateView::ToJson(const store::UpdateSummary& u, const policy::GroupTree& tree,
                        const policy::StatusCounts& counts) const {
  auto categories = [&](const std::vector<Guid>& ids) {
    json out = json::array();
    for (const Guid& id : ids) {
      auto it = category_titles_.find(id);
      out.push_back({{"id", id.ToString()}, {"title", it == category_titles_.end() ? "" : it->second}});
    }
    return out;
  };
  json approvals = json::array();
  for (const auto& a : ApprovalsOf(u.update_id)) {
    const policy::TargetGroup* group = tree.Find(a.group_id);
    approvals.push_back({{"group_id", a.group_id.ToString()},
                         {"group", group != nullptr ? tree.Path(a.group_id) : std::string()},
                         {"action", policy::ApprovalActionName(a.action)},
                         {"deadline", a.deadline ? json(a.deadline->ToString()) : json(nullptr)},
                         {"admin", a.admin}});
  }
  return {{"update_id", u.update_id.ToString()},
          {"revision_number", u.revision_number},
          {"revision_id", u.revision_id},
          {"title", u.title},
          {"type", catalog::UpdateTypeName(u.type)},
          {"kb_article_id", u.kb_article_id},
          {"msrc_severity", u.msrc_severity},
          {"creation_date", u.creation_date},
          {"classifications", categories(u.classification_ids)},
          {"products", categories(u.product_ids)},
          {"declined", IsDeclined(u.update_id)},
          {"is_bundle", u.is_bundle},
          {"has_eula", u.has_eula},
          {"eula_accepted", IsEulaAccepted(u.update_id)},
          {"can_uninstall", u.can_uninstall},
          {"supersedence", policy::SupersedenceStateName(Supersedence(u.update_id))},
          {"approvals", approvals},
          {"status", CountsToJson(counts)}};
}

}  // namespace openwsus::admin
