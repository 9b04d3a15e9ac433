// UpdateView: what the admin API says about updates, assembled once per
// request from the store (catalog summaries, approvals, declines, EULAs,
// supersedence, category titles) and the in-memory status matrix.
#ifndef OPENWSUS_ADMIN_UPDATE_VIEW_H_
#define OPENWSUS_ADMIN_UPDATE_VIEW_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <vector>

#include "policy/approval.h"
#include "policy/group_tree.h"
#include "policy/status_matrix.h"
#include "policy/supersedence.h"
#include "policy/update_status.h"
#include "store/store.h"

namespace openwsus::admin {

class UpdateView {
 public:
  // REQUIRES: the caller serialises access to `store` and `status`.
  static Result<UpdateView> Load(store::Store* store, const policy::StatusMatrix* status);

  bool IsDeclined(const Guid& id) const { return declined_.count(id) > 0; }
  bool IsEulaAccepted(const Guid& id) const { return eula_accepted_.count(id) > 0; }
  const std::vector<policy::Approval>& ApprovalsOf(const Guid& id) const;
  // Install, optional install or uninstall for some group (explicit rows).
  bool IsApproved(const Guid& id) const;
  policy::SupersedenceState Supersedence(const Guid& id) const;
  // The update's counts over all computers; the first call sums every
  // update at once (one pass over the matrix, not one per update).
  policy::StatusCounts Counts(const Guid& id) const;
  nlohmann::json ToJson(const store::UpdateSummary& update, const policy::GroupTree& tree) const;
  // The same with `counts` as its status (a group's computers only).
  nlohmann::json ToJson(const store::UpdateSummary& update, const policy::GroupTree& tree,
                        const policy::StatusCounts& counts) const;

 private:
  const policy::StatusMatrix* status_ = nullptr;
  std::map<Guid, std::string> category_titles_;
  std::set<Guid> declined_;
  std::set<Guid> eula_accepted_;
  std::set<Guid> superseded_;   // something in the catalog supersedes it
  std::set<Guid> superseding_;  // it supersedes something in the catalog
  std::map<Guid, std::vector<policy::Approval>> approvals_;
  mutable std::optional<std::vector<policy::StatusCounts>> per_update_;  // by matrix index
};

// {"unknown": n, "not_applicable": n, ...}
nlohmann::json CountsToJson(const policy::StatusCounts& counts);

}  // namespace openwsus::admin

#endif  // OPENWSUS_ADMIN_UPDATE_VIEW_H_
