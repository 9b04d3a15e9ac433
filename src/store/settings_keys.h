// The names under which settings live in the store's settings table, shared
// by the admin API, what runs after an import and the client services.
#ifndef OPENWSUS_STORE_SETTINGS_KEYS_H_
#define OPENWSUS_STORE_SETTINGS_KEYS_H_

namespace openwsus::store {

inline constexpr char kSyncProductsKey[] = "sync.products";
inline constexpr char kSyncClassificationsKey[] = "sync.classifications";
inline constexpr char kTargetingModeKey[] = "targeting_mode";
inline constexpr char kApproveNewRevisionsKey[] = "auto_approval.approve_new_revisions";
inline constexpr char kDeclineExpiredKey[] = "auto_approval.decline_expired";
// When a group was last removed or moved, or the targeting mode switched: any
// computer's deployments may have changed then (xs:dateTime).
inline constexpr char kDeploymentsResetKey[] = "wusp.deployments_reset";
// Downstream servers allowed to sync from us: space-separated server ids
// (their accountGuid). Absent or empty: any downstream may, as with WSUS.
inline constexpr char kAllowedDownstreamsKey[] = "wsusss.allowed_downstreams";
// Languages whose updates downstream servers are told to sync: space-separated
// short names ("en de"). Absent: English only.
inline constexpr char kUpdateLanguagesKey[] = "sync.languages";

// Change counters (Store::BumpCounter): "catalog" when an import added
// revisions, "policy" when approvals, declines, groups or memberships changed.
inline constexpr char kCatalogCounter[] = "catalog";
inline constexpr char kPolicyCounter[] = "policy";

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_SETTINGS_KEYS_H_
