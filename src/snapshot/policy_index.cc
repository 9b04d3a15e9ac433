#include "snapshot/policy_index.h"

#include <algorithm>
#include <utility>

#include "store/server_settings.h"
#include "store/settings_keys.h"

namespace openwsus::snapshot {
namespace {

DeploymentAction ActionFor(policy::ApprovalAction action) {
  switch (action) {
    case policy::ApprovalAction::kInstall:
      return DeploymentAction::kInstall;
    case policy::ApprovalAction::kOptionalInstall:
      return DeploymentAction::kOptionalInstall;
    case policy::ApprovalAction::kUninstall:
      return DeploymentAction::kUninstall;
    case policy::ApprovalAction::kNotApproved:
      break;
  }
  return DeploymentAction::kPreDeploymentCheck;
}

void Later(DateTime* latest, const DateTime& t) {
  if (*latest < t) *latest = t;
}

}  // namespace

std::string_view DeploymentActionName(DeploymentAction action) {
  switch (action) {
    case DeploymentAction::kInstall:
      return "Install";
    case DeploymentAction::kOptionalInstall:
      return "OptionalInstall";
    case DeploymentAction::kUninstall:
      return "Uninstall";
    case DeploymentAction::kBundle:
      return "Bundle";
    case DeploymentAction::kPreDeploymentCheck:
      return "PreDeploymentCheck";
    case DeploymentAction::kEvaluate:
      return "Evaluate";
  }
  return "Evaluate";
}

Result<std::shared_ptr<const PolicyIndex>> PolicyIndex::FromInputs(Inputs inputs,
                                                                   std::shared_ptr<const CatalogIndex> catalog) {
  OW_ASSIGN_OR_RETURN(policy::GroupTree tree, policy::GroupTree::Build(std::move(inputs.groups)));
  std::shared_ptr<PolicyIndex> index(new PolicyIndex(std::move(catalog), std::move(tree)));
  const CatalogIndex& cat = *index->catalog_;
  index->declined_.assign(cat.size(), 0);
  for (const Guid& id : inputs.declined) {
    if (auto entry = cat.FindUpdate(id)) index->declined_[*entry] = 1;
  }
  index->in_scope_.resize(cat.size());
  for (uint32_t e = 0; e < cat.size(); ++e) {
    index->in_scope_[e] = index->declined_[e] == 0 && !cat.at(e).expired;
  }
  index->has_rows_.assign(cat.size(), 0);
  for (policy::Approval& a : inputs.approvals) {
    auto entry = cat.FindUpdate(a.update_id);
    if (!entry || !index->tree_.Contains(a.group_id)) continue;
    index->rows_[*entry].push_back(std::move(a));
    index->has_rows_[*entry] = 1;
    ++index->approval_count_;
  }
  for (store::ComputerRecord& c : inputs.computers) {
    index->computers_[c.id] = ComputerEntry{std::move(c.group_ids), c.groups_changed};
  }
  index->targeting_mode_ = inputs.targeting_mode;
  index->tree_changed_ = inputs.tree_changed.value_or(DateTime());
  index->config_last_change_ = inputs.config_last_change;
  index->as_of_ = inputs.as_of;
  return std::shared_ptr<const PolicyIndex>(std::move(index));
}

Result<std::shared_ptr<const PolicyIndex>> PolicyIndex::Build(store::Store* store,
                                                              std::shared_ptr<const CatalogIndex> catalog) {
  Inputs inputs;
  inputs.as_of = DateTime::Now();
  OW_ASSIGN_OR_RETURN(inputs.groups, store->ListGroups());
  OW_ASSIGN_OR_RETURN(inputs.approvals, store->ListApprovals());
  OW_ASSIGN_OR_RETURN(inputs.declined, store->ListDeclined());
  OW_ASSIGN_OR_RETURN(inputs.computers, store->ListComputers());
  OW_ASSIGN_OR_RETURN(auto mode, store->GetSetting(store::kTargetingModeKey));
  if (mode) {
    OW_ASSIGN_OR_RETURN(inputs.targeting_mode, policy::ParseTargetingMode(*mode));
  }
  OW_ASSIGN_OR_RETURN(auto tree_changed, store->GetSetting(store::kDeploymentsResetKey));
  if (tree_changed) {
    OW_ASSIGN_OR_RETURN(DateTime t, DateTime::Parse(*tree_changed));
    inputs.tree_changed = t;
  }
  OW_ASSIGN_OR_RETURN(inputs.config_last_change, store::FindConfigLastChange(store));
  return FromInputs(std::move(inputs), std::move(catalog));
}

ComputerGroups PolicyIndex::GroupsOf(const Guid& computer, const std::vector<std::string>& requested) const {
  ComputerGroups out;
  out.floor = tree_changed_;
  std::vector<Guid> assigned;
  if (targeting_mode_ == policy::TargetingMode::kClientSide) {
    assigned = tree_.RequestedGroups(requested);
  } else if (auto it = computers_.find(computer); it != computers_.end()) {
    assigned = it->second.assigned;
    if (it->second.groups_changed) Later(&out.floor, *it->second.groups_changed);
  }
  out.groups = tree_.EffectiveGroups(assigned);
  for (const Guid& g : out.groups) {
    for (const Guid& a : tree_.Ancestors(g)) {
      if (std::find(out.relevant.begin(), out.relevant.end(), a) == out.relevant.end()) out.relevant.push_back(a);
    }
  }
  return out;
}

const std::vector<policy::Approval>& PolicyIndex::RowsOf(uint32_t entry) const {
  static const std::vector<policy::Approval> kNone;
  auto it = rows_.find(entry);
  return it == rows_.end() ? kNone : it->second;
}

std::optional<DateTime> PolicyIndex::NewestRow(uint32_t entry, const ComputerGroups& computer) const {
  std::optional<DateTime> newest;
  for (const policy::Approval& a : RowsOf(entry)) {
    bool relevant =
        std::find(computer.relevant.begin(), computer.relevant.end(), a.group_id) != computer.relevant.end();
    if (relevant && (!newest || *newest < a.created)) newest = a.created;
  }
  return newest;
}

Deployment PolicyIndex::DeploymentFor(uint32_t entry, const ComputerGroups& computer) const {
  // From the compact arrays only, unless the update has approval rows: a
  // delta scan asks this of a thousand cached updates.
  Deployment d;
  d.id = catalog_->revision_id(entry);
  uint8_t kind = catalog_->kind(entry);
  if ((kind & CatalogIndex::kCategoryOrDetectoidBit) != 0) {
    d.action = DeploymentAction::kEvaluate;
    return d;  // never approved: its deployment never changes
  }
  d.changed = computer.floor;
  if (has_rows_[entry] != 0) {
    const std::vector<policy::Approval>& rows = RowsOf(entry);
    if (auto newest = NewestRow(entry, computer)) Later(&d.changed, *newest);
    // The groups come from tree_, so the resolver cannot fail on them.
    auto own = resolver_.ForComputer(computer.groups, rows);
    if (own.ok() && own->approved() && own->approval) {
      d.action = ActionFor(own->action);
      d.id = own->approval->deployment_id;
      d.deadline = own->deadline();
      return d;
    }
  }
  bool member = (kind & CatalogIndex::kBundleMemberBit) != 0;
  d.action = member ? DeploymentAction::kBundle : DeploymentAction::kPreDeploymentCheck;
  return d;
}

}  // namespace openwsus::snapshot
