#include "policy/approval_resolver.h"

#include <vector>

namespace openwsus::policy {
namespace {

// Rule 2b. The one place to change if WSUS turns out to rank optional
// installs differently.
int ActionRank(ApprovalAction action) {
  switch (action) {
    case ApprovalAction::kInstall:
      return 3;
    case ApprovalAction::kOptionalInstall:
      return 2;
    case ApprovalAction::kUninstall:
      return 1;
    case ApprovalAction::kNotApproved:
      return 0;
  }
  return 0;
}

// The explicit row of `group` among `approvals`, or nullptr. Should the store
// ever hold two rows for one group, the newer one counts.
const Approval* RowFor(const Guid& group, std::span<const Approval> approvals) {
  const Approval* row = nullptr;
  for (const Approval& a : approvals) {
    if (a.group_id == group && (row == nullptr || a.created >= row->created)) row = &a;
  }
  return row;
}

Status CheckOneUpdate(std::span<const Approval> approvals) {
  for (const Approval& a : approvals) {
    if (a.update_id != approvals.front().update_id) {
      return Status::InvalidArgument("approvals of several updates (" + approvals.front().update_id.ToString() + ", " +
                                     a.update_id.ToString() + ") given for one resolution");
    }
  }
  return Status::Ok();
}

// Rules 2b and 2c.
bool Beats(ApprovalAction a, const std::optional<DateTime>& a_deadline, ApprovalAction b,
           const std::optional<DateTime>& b_deadline) {
  const int ra = ActionRank(a);
  const int rb = ActionRank(b);
  if (ra != rb) return ra > rb;
  if (a_deadline.has_value() != b_deadline.has_value()) return a_deadline.has_value();
  if (a_deadline && *a_deadline != *b_deadline) return *a_deadline < *b_deadline;
  return false;
}

bool Beats(const EffectiveApproval& a, const EffectiveApproval& b) {
  return Beats(a.action, a.deadline(), b.action, b.deadline());
}

}  // namespace

bool ApprovalResolver::Outranks(const Approval& a, const Approval& b) {
  return Beats(a.action, a.deadline, b.action, b.deadline);
}

Result<EffectiveApproval> ApprovalResolver::ForGroup(const Guid& group_id, std::span<const Approval> approvals) const {
  OW_RETURN_IF_ERROR(CheckOneUpdate(approvals));
  if (!tree_->Contains(group_id)) return Status::NotFound("group " + group_id.ToString() + " does not exist");
  EffectiveApproval result;
  result.via_group = group_id;
  for (const Guid& g : tree_->Ancestors(group_id)) {
    const Approval* row = RowFor(g, approvals);
    if (row == nullptr) continue;
    result.action = row->action;
    result.approval = *row;
    break;
  }
  return result;
}

Result<EffectiveApproval> ApprovalResolver::ForComputer(std::span<const Guid> groups,
                                                        std::span<const Approval> approvals) const {
  std::vector<EffectiveApproval> per_group;
  per_group.reserve(groups.size());
  for (const Guid& g : groups) {
    auto r = ForGroup(g, approvals);
    if (!r.ok()) return r.status().WithContext("computer group");
    per_group.push_back(std::move(r).value());
  }
  return Combine(per_group);
}

EffectiveApproval ApprovalResolver::Combine(std::span<const EffectiveApproval> per_group) const {
  auto covered = [&](const EffectiveApproval& e) {
    if (!e.via_group) return false;
    for (const EffectiveApproval& other : per_group) {
      if (other.via_group && tree_->IsAncestor(*e.via_group, *other.via_group)) return true;
    }
    return false;
  };
  auto depth = [&](const EffectiveApproval& e) { return e.via_group ? tree_->Depth(*e.via_group) : -1; };

  const EffectiveApproval* best = nullptr;
  const EffectiveApproval* blocked = nullptr;  // the deepest explicit not-approved, to explain a refusal
  for (const EffectiveApproval& e : per_group) {
    if (covered(e)) continue;
    if (!e.approved()) {
      if (e.approval && (blocked == nullptr || depth(e) > depth(*blocked))) blocked = &e;
      continue;
    }
    if (best == nullptr) {
      best = &e;
      continue;
    }
    const int de = depth(e);
    const int db = depth(*best);
    if (de > db || (de == db && Beats(e, *best))) best = &e;
  }
  if (best != nullptr) return *best;
  if (blocked != nullptr) return *blocked;
  return EffectiveApproval{};
}

EffectiveApproval EffectiveBundleMemberApproval(const EffectiveApproval& own,
                                                std::span<const EffectiveApproval> bundles) {
  if (own.approved()) return own;
  const EffectiveApproval* best = nullptr;
  for (const EffectiveApproval& b : bundles) {
    if (!b.approved()) continue;
    if (best == nullptr || Beats(b, *best)) best = &b;
  }
  if (best == nullptr) return own;
  EffectiveApproval result = *best;
  result.from_bundle = true;
  return result;
}

}  // namespace openwsus::policy
