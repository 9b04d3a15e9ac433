// What follows an import or a sync: the automatic approval rules run on new
// updates, and the two advanced options (approve new revisions of approved
// updates; decline updates whose new revision expires them) act on new
// revisions of known ones. Each change is audited under `actor`.
#ifndef OPENWSUS_ADMIN_AUTO_APPROVER_H_
#define OPENWSUS_ADMIN_AUTO_APPROVER_H_

#include <string>
#include <vector>

#include "common/result.h"
#include "policy/auto_approval_rule.h"
#include "store/store.h"

namespace openwsus::admin {

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

// REQUIRES: the caller serialises access to `store`; not inside a Transaction().
Result<AutoApprovalReport> ApplyAfterImport(store::Store* store, const std::vector<NewRevision>& revisions,
                                            DateTime now, const std::string& actor);

}  // namespace openwsus::admin

#endif  // OPENWSUS_ADMIN_AUTO_APPROVER_H_
