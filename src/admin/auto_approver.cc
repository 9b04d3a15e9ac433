#include "admin/auto_approver.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "policy/group_tree.h"
#include "store/settings_keys.h"

namespace openwsus::admin {
namespace {

Result<bool> BoolSetting(store::Store* store, const char* key, bool fallback) {
  OW_ASSIGN_OR_RETURN(std::optional<std::string> value, store->GetSetting(key));
  return value.value_or(fallback ? "true" : "false") == "true";
}

}  // namespace

Result<policy::AutoApprovalOptions> LoadAutoApprovalOptions(store::Store* store) {
  policy::AutoApprovalOptions options;
  OW_ASSIGN_OR_RETURN(options.approve_new_revisions_of_approved,
                      BoolSetting(store, store::kApproveNewRevisionsKey, true));
  OW_ASSIGN_OR_RETURN(options.decline_expired, BoolSetting(store, store::kDeclineExpiredKey, true));
  return options;
}

Result<AutoApprovalReport> ApplyAfterImport(store::Store* store, const std::vector<NewRevision>& revisions,
                                            DateTime now, const std::string& actor) {
  AutoApprovalReport report;
  if (revisions.empty()) return report;
  OW_ASSIGN_OR_RETURN(auto options, LoadAutoApprovalOptions(store));
  OW_ASSIGN_OR_RETURN(auto rules, store->ListRules());
  OW_ASSIGN_OR_RETURN(auto declined_list, store->ListDeclined());
  OW_ASSIGN_OR_RETURN(auto accepted_list, store->ListEulaAccepted());
  OW_ASSIGN_OR_RETURN(auto summaries, store->ListUpdates({}));
  std::set<Guid> declined(declined_list.begin(), declined_list.end());
  std::set<Guid> accepted(accepted_list.begin(), accepted_list.end());
  std::map<Guid, const store::UpdateSummary*> by_id;
  for (const auto& s : summaries) by_id[s.update_id] = &s;

  Status s = store->Transaction([&]() -> Status {
    for (const NewRevision& r : revisions) {
      auto it = by_id.find(r.update_id);
      if (it == by_id.end()) continue;
      const store::UpdateSummary& u = *it->second;
      bool approvable = u.type == catalog::UpdateType::kSoftware || u.type == catalog::UpdateType::kDriver;
      if (!approvable) continue;
      OW_ASSIGN_OR_RETURN(auto approvals, store->ListApprovalsForUpdate(r.update_id));
      bool has_approvals = false;
      for (const auto& a : approvals) has_approvals = has_approvals || policy::IsApproved(a.action);
      auto action =
          policy::DecideNewRevision(options, has_approvals, r.publication_state, declined.count(r.update_id) > 0);
      std::string target = r.update_id.ToString();
      if (action == policy::NewRevisionAction::kDecline) {
        OW_RETURN_IF_ERROR(store->RemoveApprovalsForUpdate(r.update_id));
        OW_RETURN_IF_ERROR(store->SetDeclined(r.update_id, true));
        OW_RETURN_IF_ERROR(store->AppendAudit({0, now, actor, "update.decline-expired", target, "{}"}));
        ++report.declined;
        continue;
      }
      if (action == policy::NewRevisionAction::kRemoveApprovals) {
        OW_RETURN_IF_ERROR(store->RemoveApprovalsForUpdate(r.update_id));
        OW_RETURN_IF_ERROR(store->AppendAudit({0, now, actor, "update.unapprove-new-revision", target, "{}"}));
        ++report.approvals_removed;
        continue;
      }
      // Rules approve new updates only, and never declined ones or those
      // whose EULA still waits for acceptance (as in WSUS).
      if (!r.new_update || declined.count(r.update_id) > 0 || (u.has_eula && accepted.count(r.update_id) == 0)) {
        continue;
      }
      for (const auto& approval :
           policy::ApplyRules(rules, r.update_id, u.classification_ids, u.product_ids, now, actor)) {
        OW_RETURN_IF_ERROR(store->SetApproval(approval));
        nlohmann::json details = {{"group", approval.group_id.ToString()}, {"admin", approval.admin}};
        OW_RETURN_IF_ERROR(store->AppendAudit({0, now, actor, "update.auto-approve", target, details.dump()}));
        ++report.approvals;
      }
    }
    bool changed = report.approvals + report.declined + report.approvals_removed > 0;
    return changed ? store->BumpCounter(store::kPolicyCounter) : Status::Ok();
  });
  OW_RETURN_IF_ERROR(s);
  return report;
}

}  // namespace openwsus::admin
