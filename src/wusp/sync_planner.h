// SyncPlanner: what one SyncUpdates call returns, decided from the scan
// snapshot alone (no database), as MS-WUSP 3.1.5.7 and the real WSUS 2025 of
// the captures do it.
//
//  - Scope: every update that is not declined and not expired, at its latest
//    revision; with FilterCategoryIds, only the filter categories, the updates
//    that belong to them (an IsCategory prerequisite naming one of them or a
//    category below one), and everything those need (prerequisites, bundle
//    members), transitively.
//  - Deliverable: in scope, of the pass's kind (software pass: software,
//    categories, detectoids; driver pass: drivers that fit a device), and
//    every prerequisite clause satisfied by an id in InstalledNonLeafUpdateIDs
//    of this very request. OtherCachedUpdateIDs never satisfies a
//    prerequisite: prerequisite chains arrive one level per call, which is how
//    the client learns what it has installed (the "staged" scan).
//  - NewUpdates: deliverable and not cached, non-leaf updates first, then
//    categories and detectoids, then the rest, each by revision id; at most
//    page_size of them, Truncated when more remain. Never Truncated with a
//    short page.
//  - OutOfScopeRevisionIDs: cached ids that are not deliverable (declined,
//    superseded by a new revision, gated out by a prerequisite, unknown or
//    forged). Unpaged. With NeedTwoGroupOutOfScopeUpdates and a filter, cached
//    ids that are deliverable outside the filter go to
//    DeployedOutOfScopeRevisionIds instead, so the client keeps them.
//  - ChangedUpdates: cached, deliverable, and whose Deployment (or IsLeaf)
//    changed after the cookie's high-water mark; for a cookie that never
//    synced (mark 0), all of them, as real WSUS does. Unpaged.
//
// Pure and thread-safe: reads an immutable PolicyIndex.
#ifndef OPENWSUS_WUSP_SYNC_PLANNER_H_
#define OPENWSUS_WUSP_SYNC_PLANNER_H_

#include <cstdint>
#include <vector>

#include "common/date_time.h"
#include "common/guid.h"
#include "snapshot/policy_index.h"
#include "wusp/driver_matcher.h"

namespace openwsus::wusp {

// Real WSUS 2025 sends 30 updates per SyncUpdates page.
inline constexpr size_t kDefaultSyncPageSize = 30;

struct SyncRequest {
  std::vector<int32_t> installed_non_leaf;
  std::vector<int32_t> other_cached;
  std::vector<int32_t> cached_drivers;
  bool skip_software = false;       // the driver pass
  bool printers = false;            // SyncPrinterCatalog: printer drivers; cached_drivers are printerUpdateIDs
  std::vector<DeviceSpec> devices;  // SystemSpec, driver pass only
  std::vector<Guid> filter_categories;
  bool need_two_group_out_of_scope = false;
  DateTime high_water;  // from the cookie: deployments changed after it are ChangedUpdates
  size_t page_size = kDefaultSyncPageSize;
};

struct PlannedUpdate {
  uint32_t entry = 0;
  snapshot::Deployment deployment;
};

struct SyncPlan {
  std::vector<PlannedUpdate> new_updates;
  std::vector<int32_t> out_of_scope;
  std::vector<PlannedUpdate> changed;
  bool truncated = false;
  std::vector<int32_t> deployed_out_of_scope;
  bool driver_sync_not_needed = true;  // no driver in the client's scope
};

SyncPlan PlanSync(const snapshot::PolicyIndex& policy, const snapshot::ComputerGroups& computer,
                  const SyncRequest& request);

// RefreshCache (MS-WUSP 3.1.5.8): for each identity the client holds, our
// revision id and its deployment, when that exact revision is in the
// client's scope. Like real WSUS, revisions deployed as Bundle are left out
// (the client fetches them again through SyncUpdates).
struct RefreshedRevision {
  catalog::UpdateIdentity identity;
  uint32_t entry = 0;
  snapshot::Deployment deployment;
};
std::vector<RefreshedRevision> PlanRefreshCache(const snapshot::PolicyIndex& policy,
                                                const snapshot::ComputerGroups& computer,
                                                const std::vector<catalog::UpdateIdentity>& identities);

// Whether `entry` is in the client's scope at all, filters aside: not
// declined, not expired. GetExtendedUpdateInfo answers for these only.
bool InClientScope(const snapshot::PolicyIndex& policy, uint32_t entry);

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_SYNC_PLANNER_H_
