// Automatic approval, as WSUS's Options > Automatic Approvals page has it,
// applied to the store: what follows an import or a sync (the rules run on
// new updates; the two advanced options, approve new revisions of approved
// updates and decline updates whose new revision expires them, act on new
// revisions of known ones), and what "Run Rule" does to the updates already
// there. The import command, the sync engine and the administration API all
// call these, so that a rule means the same whichever way updates arrive.
//
// Who may be approved by a rule is decided once (RuleMayApprove): software
// and driver updates, not declined, whose EULA, if any, was accepted.
//
// REQUIRES: the caller serialises access to `store` (Store is single-threaded).
#ifndef OPENWSUS_AUTO_APPROVAL_AUTO_APPROVER_H_
#define OPENWSUS_AUTO_APPROVAL_AUTO_APPROVER_H_

#include <string>
#include <vector>

#include "common/date_time.h"
#include "common/result.h"
#include "policy/approval.h"
#include "policy/auto_approval_rule.h"
#include "store/store.h"

namespace openwsus::auto_approval {

struct NewRevision {
  Guid update_id;
  bool new_update = false;  // the first revision of this update
  std::string publication_state;
};

struct AutoApprovalReport {
  int64_t approvals = 0;          // approvals made by rules
  int64_t declined = 0;           // updates declined because they expired
  int64_t approvals_removed = 0;  // updates whose new revision starts unapproved
};

Result<policy::AutoApprovalOptions> LoadAutoApprovalOptions(store::Store* store);

// Applies the rules and the options to revisions that just arrived, in one
// transaction, each change audited under `actor`; bumps the policy counter
// when anything changed. Not inside a Transaction().
Result<AutoApprovalReport> ApplyToNewRevisions(store::Store* store, const std::vector<NewRevision>& revisions,
                                               DateTime now, const std::string& actor);

// The approvals running `rule` on every update of the store would add: those
// it makes for the updates it may approve, leaving out groups where the
// update is already approved. Writes nothing.
Result<std::vector<policy::Approval>> PlanRuleRun(store::Store* store, const policy::AutoApprovalRule& rule,
                                                  DateTime now, const std::string& actor);

}  // namespace openwsus::auto_approval

#endif  // OPENWSUS_AUTO_APPROVAL_AUTO_APPROVER_H_
