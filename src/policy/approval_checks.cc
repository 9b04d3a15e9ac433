#include "policy/approval_checks.h"

#include <string>

#include "common/strings.h"

namespace openwsus::policy {
namespace {}  // namespace

ApprovalFacts ApprovalFacts::FromUpdate(const catalog::Update& update, bool declined, bool eula_accepted) {
  ApprovalFacts facts;
  facts.update_id = update.identity.update_id;
  facts.type = update.type;
  facts.declined = declined;
  facts.can_uninstall = update.CanUninstall();
  facts.expired = EqualsIgnoreCase(update.publication_state, "Expired");
  facts.has_eula = update.has_eula;
  facts.eula_accepted = eula_accepted;
  facts.install_may_request_user_input =
      update.install_behavior.has_value() && update.install_behavior->can_request_user_input;
  facts.uninstall_may_request_user_input =
      update.uninstall_behavior.has_value() && update.uninstall_behavior->can_request_user_input;
  return facts;
}

Status CheckApproval(const ApprovalFacts& update, ApprovalAction action, const std::optional<DateTime>& deadline) {
  const std::string id = "update " + update.update_id.ToString();
  if (!catalog::IsApprovable(update.type)) {
    return Status::InvalidArgument(id + " is a " + std::string(catalog::UpdateTypeName(update.type)) +
                                   "; only software and driver updates are approved");
  }
  if (deadline && action == ApprovalAction::kNotApproved) {
    return Status::InvalidArgument("a not-approved update has nothing to do by a deadline; drop the deadline");
  }
  if (deadline && action == ApprovalAction::kOptionalInstall) {
    return Status::InvalidArgument("an optional install is the user's choice and takes no deadline");
  }
  if (action == ApprovalAction::kNotApproved) return Status::Ok();

  if (update.declined) {
    return Status::FailedPrecondition(id + " is declined; reinstate it before approving it");
  }
  if (action == ApprovalAction::kUninstall) {
    if (!update.can_uninstall) {
      return Status::FailedPrecondition(id + " does not support removal, so it cannot be approved for uninstall");
    }
    if (deadline && update.uninstall_may_request_user_input) {
      return Status::FailedPrecondition(id +
                                        " may ask the user for input while it is removed, so it takes no deadline");
    }
    return Status::Ok();
  }
  // kInstall or kOptionalInstall.
  if (update.expired) {
    return Status::FailedPrecondition(id + " has expired; an expired update can only be approved for uninstall");
  }
  if (update.has_eula && !update.eula_accepted) {
    return Status::FailedPrecondition(id + " has a licence agreement that must be accepted before it is approved");
  }
  if (deadline && update.install_may_request_user_input) {
    return Status::FailedPrecondition(id + " may ask the user for input, so it takes no installation deadline");
  }
  return Status::Ok();
}

}  // namespace openwsus::policy
