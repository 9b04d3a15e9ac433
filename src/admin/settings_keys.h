// The names under which administrative settings live in the store's settings
// table, shared by the API and by what runs after an import.
#ifndef OPENWSUS_ADMIN_SETTINGS_KEYS_H_
#define OPENWSUS_ADMIN_SETTINGS_KEYS_H_

namespace openwsus::admin {

inline constexpr char kSyncProductsKey[] = "sync.products";
inline constexpr char kSyncClassificationsKey[] = "sync.classifications";
inline constexpr char kTargetingModeKey[] = "targeting_mode";
inline constexpr char kApproveNewRevisionsKey[] = "auto_approval.approve_new_revisions";
inline constexpr char kDeclineExpiredKey[] = "auto_approval.decline_expired";

}  // namespace openwsus::admin

#endif  // OPENWSUS_ADMIN_SETTINGS_KEYS_H_
