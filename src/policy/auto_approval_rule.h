// AutoApprovalRule: WSUS's automatic approval rules and their two advanced options.
//
// A rule matches updates by classification and product and approves them for
// install to its groups, optionally with a deadline of "N days after the
// approval, at this time of day". Rules run during a sync on updates that are
// new to the server, never on new revisions of known updates: those are the
// business of AutoApprovalOptions. Callers run CheckApproval (approval_checks.h)
// on each approval a rule yields and skip those it refuses (a licence not yet
// accepted, an expired update), as WSUS's rules skip them.
// Plain data and pure functions; thread-safe.
#ifndef OPENWSUS_POLICY_AUTO_APPROVAL_RULE_H_
#define OPENWSUS_POLICY_AUTO_APPROVAL_RULE_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/date_time.h"
#include "common/guid.h"
#include "common/status.h"
#include "policy/approval.h"
#include "policy/group_tree.h"

namespace openwsus::policy {

// WSUS's IAutomaticUpdateApprovalDeadline (DayOffset, MinutesAfterMidnight).
// Times are UTC: the server has no time zone of its own.
struct RuleDeadline {
  int days = 0;                    // after the day of the approval
  int minutes_after_midnight = 0;  // 0..1439

  bool operator==(const RuleDeadline&) const = default;
};

struct AutoApprovalRule {
  Guid id;
  std::string name;
  bool enabled = false;
  std::vector<Guid> classification_ids;  // empty: any classification
  std::vector<Guid> product_ids;         // empty: any product
  std::vector<Guid> group_ids;           // where to approve; at least one
  std::optional<RuleDeadline> deadline;

  bool operator==(const AutoApprovalRule&) const = default;
};

// InvalidArgument for an empty name, no groups, a nil group id or an out-of-range
// deadline; with a tree, NotFound for a group the tree does not know.
Status ValidateRule(const AutoApprovalRule& rule, const GroupTree* tree = nullptr);

// The day of `approved_at` (UTC) plus `deadline.days`, at the time of day.
DateTime DeadlineFor(const RuleDeadline& deadline, DateTime approved_at);

// WSUS semantics: each non-empty list must share at least one id with the
// update's; an empty list matches anything. `product_ids` are the update's
// products; a rule naming a product family matches only when the caller has
// expanded the family into its products (or added the update's families).
// Ignores `enabled`: a disabled rule can still be run by hand.
bool Matches(const AutoApprovalRule& rule, std::span<const Guid> classification_ids, std::span<const Guid> product_ids);

// The install approvals `rule` makes for `update_id`, one per group in rule
// order (duplicates dropped); none when the rule does not match.
std::vector<Approval> Apply(const AutoApprovalRule& rule, const Guid& update_id,
                            std::span<const Guid> classification_ids, std::span<const Guid> product_ids, DateTime now,
                            std::string_view admin);

// Every enabled rule at once, as a sync runs them: one approval per group; when
// two rules approve the same group the stronger approval (a deadline, the
// earlier deadline) is kept.
std::vector<Approval> ApplyRules(std::span<const AutoApprovalRule> rules, const Guid& update_id,
                                 std::span<const Guid> classification_ids, std::span<const Guid> product_ids,
                                 DateTime now, std::string_view admin);

// The "Advanced" tab of WSUS's automatic approvals; both on by default there.
struct AutoApprovalOptions {
  // A new revision of an approved update keeps the update's approvals. When
  // off, the new revision starts not approved, as in WSUS.
  bool approve_new_revisions_of_approved = true;
  // A new revision that makes an update expire declines it.
  bool decline_expired = true;

  bool operator==(const AutoApprovalOptions&) const = default;
};

// Whether the approvals of an update carry over to its new revision.
// `has_approvals`: the update has at least one approval (not-approved rows do
// not count).
bool ShouldApproveNewRevision(const AutoApprovalOptions& options, bool has_approvals);
// Whether a new revision whose PublicationState is `publication_state` declines
// its update.
bool ShouldDeclineExpired(const AutoApprovalOptions& options, std::string_view publication_state);

// What a sync does with an update it received a new revision of. Declining
// comes first: a declined update is offered to no one, whatever its approvals.
enum class NewRevisionAction {
  kNone,             // no approvals, not expired (or the option is off)
  kKeepApprovals,    // approve_new_revisions_of_approved
  kRemoveApprovals,  // the option is off: the new revision is not approved
  kDecline,          // expired and decline_expired
};
NewRevisionAction DecideNewRevision(const AutoApprovalOptions& options, bool has_approvals,
                                    std::string_view publication_state, bool already_declined);

}  // namespace openwsus::policy

#endif  // OPENWSUS_POLICY_AUTO_APPROVAL_RULE_H_
