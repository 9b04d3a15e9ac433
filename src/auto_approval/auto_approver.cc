#include "auto_approval/auto_approver.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "policy/group_tree.h"
#include "store/settings_keys.h"

namespace openwsus::auto_approval {
namespace {

Result<bool> BoolSetting(store::Store* store, const char* key, bool fallback) {
  OW_ASSIGN_OR_RETURN(std::optional<std::string> value, store->GetSetting(key));
  return value.value_or(fallback ? "true" : "false") == "true";
}

// What a rule may approve (as in WSUS): software and drivers, never a
// declined update, nor one whose EULA still waits for acceptance.
struct Eligibility {
  std::set<Guid> declined;
  std::set<Guid> accepted;

  static Result<Eligibility> Load(store::Store* store) {
    OW_ASSIGN_OR_RETURN(auto declined, store->ListDeclined());
    OW_ASSIGN_OR_RETURN(auto accepted, store->ListEulaAccepted());
    return Eligibility{{declined.begin(), declined.end()}, {accepted.begin(), accepted.end()}};
  }
  bool RuleMayApprove(const store::UpdateSummary& u) const {
    return catalog::IsApprovable(u.type) && declined.count(u.update_id) == 0 &&
           (!u.has_eula || accepted.count(u.update_id) > 0);
  }
};

}  // namespace

Result<policy::AutoApprovalOptions> LoadAutoApprovalOptions(store::Store* store) {
  policy::AutoApprovalOptions options;
  OW_ASSIGN_OR_RETURN(options.approve_new_revisions_of_approved,
                      BoolSetting(store, store::kApproveNewRevisionsKey, true));
  OW_ASSIGN_OR_RETURN(options.decline_expired, BoolSetting(store, store::kDeclineExpiredKey, true));
  return options;
}

Result<AutoApprovalReport> ApplyToNewRevisions(store::Store* store, const std::vector<NewRevision>& revisions,
                                               DateTime now, const std::string& actor) {
  AutoApprovalReport report;
  if (revisions.empty()) return report;
  OW_ASSIGN_OR_RETURN(auto options, LoadAutoApprovalOptions(store));
  OW_ASSIGN_OR_RETURN(auto rules, store->ListRules());
  OW_ASSIGN_OR_RETURN(auto eligibility, Eligibility::Load(store));
  OW_ASSIGN_OR_RETURN(auto summaries, store->ListUpdates({}));
  std::map<Guid, const store::UpdateSummary*> by_id;
  for (const auto& s : summaries) by_id[s.update_id] = &s;

  Status s = store->Transaction([&]() -> Status {
    for (const NewRevision& r : revisions) {
      auto it = by_id.find(r.update_id);
      if (it == by_id.end()) continue;
      const store::UpdateSummary& u = *it->second;
      if (!catalog::IsApprovable(u.type)) continue;
      OW_ASSIGN_OR_RETURN(auto approvals, store->ListApprovalsForUpdate(r.update_id));
      bool has_approvals = false;
      for (const auto& a : approvals) has_approvals = has_approvals || policy::IsApproved(a.action);
      auto action = policy::DecideNewRevision(options, has_approvals, r.publication_state,
                                              eligibility.declined.count(r.update_id) > 0);
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
      // Rules approve new updates only (as in WSUS).
      if (!r.new_update || !eligibility.RuleMayApprove(u)) continue;
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

Result<std::vector<policy::Approval>> PlanRuleRun(store::Store* store, const policy::AutoApprovalRule& rule,
                                                  DateTime now, const std::string& actor) {
  OW_ASSIGN_OR_RETURN(auto eligibility, Eligibility::Load(store));
  OW_ASSIGN_OR_RETURN(auto existing, store->ListApprovals());
  std::set<std::pair<Guid, Guid>> approved;  // (update, group)
  for (const auto& a : existing) {
    if (a.action != policy::ApprovalAction::kNotApproved) approved.emplace(a.update_id, a.group_id);
  }
  OW_ASSIGN_OR_RETURN(auto updates, store->ListUpdates({}));
  std::vector<policy::Approval> approvals;
  for (const auto& u : updates) {
    if (!eligibility.RuleMayApprove(u) || !policy::Matches(rule, u.classification_ids, u.product_ids)) continue;
    for (auto& a : policy::Apply(rule, u.update_id, u.classification_ids, u.product_ids, now, actor)) {
      if (approved.count({a.update_id, a.group_id}) == 0) approvals.push_back(std::move(a));
    }
  }
  return approvals;
}

}  // namespace openwsus::auto_approval
