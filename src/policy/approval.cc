#include "policy/approval.h"

#include <utility>

#include "policy/enum_names.h"

namespace openwsus::policy {
namespace {

constexpr std::pair<ApprovalAction, std::string_view> kNames[] = {
    {ApprovalAction::kNotApproved, "not-approved"},
    {ApprovalAction::kInstall, "install"},
    {ApprovalAction::kOptionalInstall, "optional-install"},
    {ApprovalAction::kUninstall, "uninstall"},
};

}  // namespace

std::string_view ApprovalActionName(ApprovalAction action) { return internal::NameOf<ApprovalAction>(kNames, action); }

Result<ApprovalAction> ParseApprovalAction(std::string_view name) {
  return internal::ParseName<ApprovalAction>(kNames, "approval action", name);
}

}  // namespace openwsus::policy
