// Approval: an administrator's decision about one update for one target group.
//
// The store keeps at most one explicit row per (update, group). A group without
// a row inherits its parent's decision; an explicit kNotApproved row stops that
// inheritance (see ApprovalResolver). Declining is not an approval action: it is
// a property of the update and hides it from every group.
// Plain data; safe to copy between threads.
#ifndef OPENWSUS_POLICY_APPROVAL_H_
#define OPENWSUS_POLICY_APPROVAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/date_time.h"
#include "common/guid.h"
#include "common/result.h"

namespace openwsus::policy {

// The values are stored (approvals.action): never renumber.
enum class ApprovalAction {
  kNotApproved = 0,
  kInstall = 1,
  // Offered to the user but never installed automatically. WSUS has it only in
  // its API (IUpdate.ApproveForOptionalInstall), which takes no deadline.
  kOptionalInstall = 2,
  kUninstall = 3,
};

// "not-approved", "install", "optional-install", "uninstall".
std::string_view ApprovalActionName(ApprovalAction action);
// Case-insensitive; also the PowerShell spellings ("NotApproved").
Result<ApprovalAction> ParseApprovalAction(std::string_view name);

// Whether the action deploys anything (everything but kNotApproved).
inline bool IsApproved(ApprovalAction action) { return action != ApprovalAction::kNotApproved; }

inline constexpr int32_t kFirstDeploymentId = 1 << 30;

struct Approval {
  Guid update_id;
  Guid group_id;
  ApprovalAction action = ApprovalAction::kNotApproved;
  // When the client must act, whatever its own schedule. A deadline in the past
  // means "at the next contact". Only for kInstall and kUninstall.
  std::optional<DateTime> deadline;
  DateTime created;
  std::string admin;  // who approved: a token name, "local", or a rule's name
  // Set by the store: a fresh id each time the row is written, sent to clients
  // as Deployment/ID. From kFirstDeploymentId up, so never equal to a revision
  // id (which identifies the deployments no approval row stands behind).
  int32_t deployment_id = 0;

  bool operator==(const Approval&) const = default;
};

}  // namespace openwsus::policy

#endif  // OPENWSUS_POLICY_APPROVAL_H_
