#include "policy/auto_approval_rule.h"

#include <algorithm>

#include "common/strings.h"
#include "policy/approval_resolver.h"

namespace openwsus::policy {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;
// A sanity bound, not a WSUS rule: it keeps a typo from producing a deadline
// centuries away.
constexpr int kMaxDeadlineDays = 3650;

bool SharesAny(std::span<const Guid> wanted, std::span<const Guid> have) {
  for (const Guid& w : wanted) {
    if (std::find(have.begin(), have.end(), w) != have.end()) return true;
  }
  return false;
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

}  // namespace

Status ValidateRule(const AutoApprovalRule& rule, const GroupTree* tree) {
  if (IsBlank(rule.name)) return Status::InvalidArgument("an automatic approval rule needs a name");
  const std::string what = "rule '" + rule.name + "'";
  if (rule.group_ids.empty()) return Status::InvalidArgument(what + " approves for no group; name at least one");
  for (const Guid& g : rule.group_ids) {
    if (g.IsNil()) return Status::InvalidArgument(what + " names the nil group id");
    if (tree != nullptr && !tree->Contains(g)) {
      return Status::NotFound(what + " names group " + g.ToString() + ", which does not exist");
    }
  }
  if (rule.deadline) {
    if (rule.deadline->days < 0 || rule.deadline->days > kMaxDeadlineDays) {
      return Status::InvalidArgument(what + ": the deadline must be 0 to " + std::to_string(kMaxDeadlineDays) +
                                     " days after approval, not " + std::to_string(rule.deadline->days));
    }
    if (rule.deadline->minutes_after_midnight < 0 || rule.deadline->minutes_after_midnight >= 24 * 60) {
      return Status::InvalidArgument(what +
                                     ": the deadline's time of day must be 0 to 1439 minutes after "
                                     "midnight, not " +
                                     std::to_string(rule.deadline->minutes_after_midnight));
    }
  }
  return Status::Ok();
}

DateTime DeadlineFor(const RuleDeadline& deadline, DateTime approved_at) {
  const int64_t seconds = approved_at.unix_seconds();
  // Floor, not truncation, so that instants before 1970 keep their own day.
  int64_t day = seconds / kSecondsPerDay;
  if (seconds % kSecondsPerDay < 0) --day;
  return DateTime::FromUnixSeconds((day + deadline.days) * kSecondsPerDay +
                                   int64_t{deadline.minutes_after_midnight} * 60);
}

bool Matches(const AutoApprovalRule& rule, std::span<const Guid> classification_ids,
             std::span<const Guid> product_ids) {
  if (!rule.classification_ids.empty() && !SharesAny(rule.classification_ids, classification_ids)) return false;
  if (!rule.product_ids.empty() && !SharesAny(rule.product_ids, product_ids)) return false;
  return true;
}

std::vector<Approval> Apply(const AutoApprovalRule& rule, const Guid& update_id,
                            std::span<const Guid> classification_ids, std::span<const Guid> product_ids, DateTime now,
                            std::string_view admin) {
  std::vector<Approval> out;
  if (!Matches(rule, classification_ids, product_ids)) return out;
  std::optional<DateTime> deadline;
  if (rule.deadline) deadline = DeadlineFor(*rule.deadline, now);
  for (const Guid& g : rule.group_ids) {
    if (std::any_of(out.begin(), out.end(), [&](const Approval& a) { return a.group_id == g; })) continue;
    out.push_back(Approval{update_id, g, ApprovalAction::kInstall, deadline, now, std::string(admin)});
  }
  return out;
}

std::vector<Approval> ApplyRules(std::span<const AutoApprovalRule> rules, const Guid& update_id,
                                 std::span<const Guid> classification_ids, std::span<const Guid> product_ids,
                                 DateTime now, std::string_view admin) {
  std::vector<Approval> out;
  for (const AutoApprovalRule& rule : rules) {
    if (!rule.enabled) continue;
    for (Approval& a : Apply(rule, update_id, classification_ids, product_ids, now, admin)) {
      auto same = std::find_if(out.begin(), out.end(), [&](const Approval& o) { return o.group_id == a.group_id; });
      if (same == out.end()) {
        out.push_back(std::move(a));
      } else if (ApprovalResolver::Outranks(a, *same)) {
        *same = std::move(a);
      }
    }
  }
  return out;
}

bool ShouldApproveNewRevision(const AutoApprovalOptions& options, bool has_approvals) {
  return has_approvals && options.approve_new_revisions_of_approved;
}

bool ShouldDeclineExpired(const AutoApprovalOptions& options, std::string_view publication_state) {
  return options.decline_expired && EqualsIgnoreCase(publication_state, "Expired");
}

NewRevisionAction DecideNewRevision(const AutoApprovalOptions& options, bool has_approvals,
                                    std::string_view publication_state, bool already_declined) {
  if (!already_declined && ShouldDeclineExpired(options, publication_state)) return NewRevisionAction::kDecline;
  if (!has_approvals) return NewRevisionAction::kNone;
  return ShouldApproveNewRevision(options, has_approvals) ? NewRevisionAction::kKeepApprovals
                                                          : NewRevisionAction::kRemoveApprovals;
}

}  // namespace openwsus::policy
