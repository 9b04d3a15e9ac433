// CheckApproval: whether an administrator (or a rule) may set an approval.
//
// The admin API calls it before it writes an approval, the sync engine before
// it applies an automatic approval rule (an update that fails is skipped, as
// WSUS's rules skip updates whose licence is not accepted). The checks follow
// the refusals documented for WSUS's IUpdate.Approve and the console:
//   - only software and driver updates are approved (InvalidArgument);
//   - not-approved and optional install take no deadline (InvalidArgument);
//     a deadline in the past is fine: the client installs at its next contact;
//   - a declined update takes no approval but not-approved (FailedPrecondition);
//   - uninstall needs an update that supports removal (FailedPrecondition);
//   - an expired update may only be uninstalled (FailedPrecondition);
//   - an update with a licence needs it accepted before install (FailedPrecondition);
//   - an update that may ask the user for input takes no deadline (FailedPrecondition).
// Pure functions; thread-safe.
#ifndef OPENWSUS_POLICY_APPROVAL_CHECKS_H_
#define OPENWSUS_POLICY_APPROVAL_CHECKS_H_

#include <optional>

#include "catalog/update.h"
#include "common/date_time.h"
#include "common/guid.h"
#include "common/status.h"
#include "policy/approval.h"

namespace openwsus::policy {

// What the checks need to know about the update being approved: facts from its
// document plus the server's own state (declined, licence accepted).
struct ApprovalFacts {
  Guid update_id;
  catalog::UpdateType type = catalog::UpdateType::kSoftware;
  bool declined = false;
  bool can_uninstall = false;  // UninstallationBehavior present
  bool expired = false;        // PublicationState "Expired"
  bool has_eula = false;
  bool eula_accepted = false;
  bool install_may_request_user_input = false;    // InstallationBehavior/CanRequestUserInput
  bool uninstall_may_request_user_input = false;  // UninstallationBehavior/CanRequestUserInput

  static ApprovalFacts FromUpdate(const catalog::Update& update, bool declined, bool eula_accepted);
};

Status CheckApproval(const ApprovalFacts& update, ApprovalAction action, const std::optional<DateTime>& deadline);

}  // namespace openwsus::policy

#endif  // OPENWSUS_POLICY_APPROVAL_CHECKS_H_
