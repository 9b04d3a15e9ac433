// ApprovalResolver: which approval of an update applies to a group or a computer.
//
// WSUS's rules, in the order they apply:
//
//  1. Inheritance. A group without an explicit row for the update takes its
//     parent's decision, and so on up to All Computers. The first explicit row
//     on the way up decides, so a child's own row, even an explicit
//     not-approved, overrides what it would inherit.
//  2. Several groups. A computer in several groups gets the decision of each
//     (rule 1), and the conflicts are settled by:
//     a. priority: the deeper group wins (product-research.md 1.4: "the deeper
//        group in the hierarchy wins"); depth is that of the computer's own
//        group, not of the group the row was inherited from;
//     b. action: install beats optional install beats uninstall;
//     c. deadline: a deadline beats none, and the earlier deadline wins.
//     Not-approved never wins over an approval from another group: it only
//     means "this group deploys nothing". A group that is an ancestor of
//     another of the computer's groups (All Computers always is) is not counted
//     on its own: its approval reaches the computer through the deeper group,
//     where rule 1 lets that group's own decision override it.
//
// Bundles: a member update without an approval of its own is covered by an
// approval of a bundle that contains it (EffectiveBundleMemberApproval).
//
// The resolver keeps a pointer to the tree; the tree must outlive it. Both are
// immutable, so one resolver may be used from several threads at once.
#ifndef OPENWSUS_POLICY_APPROVAL_RESOLVER_H_
#define OPENWSUS_POLICY_APPROVAL_RESOLVER_H_

#include <optional>
#include <span>

#include "common/guid.h"
#include "common/result.h"
#include "policy/approval.h"
#include "policy/group_tree.h"

namespace openwsus::policy {

// The decision that applies to one update for one group or computer.
struct EffectiveApproval {
  ApprovalAction action = ApprovalAction::kNotApproved;
  // The explicit row that decided. For kNotApproved, the explicit not-approved
  // row that stopped inheritance, or nullopt when no group on the way has a row.
  std::optional<Approval> approval;
  // For ForGroup, the group asked about. For ForComputer, the computer's group
  // through which the decision applies; for kNotApproved, the group whose
  // explicit not-approved row is reported, else nullopt.
  std::optional<Guid> via_group;
  // Set by EffectiveBundleMemberApproval when `approval` is a bundle's: the
  // member is then deployed with the protocol's Deployment action "Bundle".
  bool from_bundle = false;

  bool approved() const { return IsApproved(action); }
  // Whether the deciding row belongs to an ancestor of via_group.
  bool inherited() const { return approval && via_group && approval->group_id != *via_group; }
  std::optional<DateTime> deadline() const { return approval ? approval->deadline : std::nullopt; }
};

class ApprovalResolver {
 public:
  explicit ApprovalResolver(const GroupTree* tree) : tree_(tree) {}

  // `approvals` are the explicit rows of one update (any order; rows for groups
  // the tree does not know are ignored). Rows of several updates are
  // InvalidArgument; an unknown group is NotFound.
  Result<EffectiveApproval> ForGroup(const Guid& group_id, std::span<const Approval> approvals) const;
  // `groups` are the computer's groups, as GroupTree::EffectiveGroups gives them.
  Result<EffectiveApproval> ForComputer(std::span<const Guid> groups, std::span<const Approval> approvals) const;
  // Rule 2 on results already computed with ForGroup, one per group of a
  // computer (for callers that cache per-group results, such as the scan
  // snapshot). Results whose via_group is an ancestor of another's are skipped.
  EffectiveApproval Combine(std::span<const EffectiveApproval> per_group) const;

  // Rules 2b and 2c: whether `a` beats `b` when both come from equally deep groups.
  static bool Outranks(const Approval& a, const Approval& b);

 private:
  const GroupTree* tree_;  // not owned
};

// Which approval applies to an update that is a member of bundles.
//
// `own` is the member's own result (ForComputer or ForGroup of the member);
// `bundles` are the results of the bundles that contain it, for the same
// computer or group. The member's own approval wins when it has one (any
// action but not-approved, including an explicit uninstall). Otherwise the best
// approved bundle result (by Outranks) applies, marked from_bundle, so the
// client receives the member with Deployment action "Bundle" and installs it
// as part of the bundle. With neither, `own` is returned unchanged.
EffectiveApproval EffectiveBundleMemberApproval(const EffectiveApproval& own,
                                                std::span<const EffectiveApproval> bundles);

}  // namespace openwsus::policy

#endif  // OPENWSUS_POLICY_APPROVAL_RESOLVER_H_
