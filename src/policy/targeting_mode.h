// TargetingMode: who decides which groups a computer is in.
//
// Server-side: the administrator assigns computers to groups. Client-side: each
// client names its groups (the TargetGroup policy setting, sent in
// RegisterComputer/SyncUpdates) and the server places it in the existing groups
// of those names. WSUS has one server-wide switch; so do we.
#ifndef OPENWSUS_POLICY_TARGETING_MODE_H_
#define OPENWSUS_POLICY_TARGETING_MODE_H_

#include <string_view>

#include "common/result.h"

namespace openwsus::policy {

enum class TargetingMode { kServerSide, kClientSide };

std::string_view TargetingModeName(TargetingMode mode);  // "server", "client"
// Also accepts "server-side"/"client-side" and the WSUS spellings ("ServerSide").
Result<TargetingMode> ParseTargetingMode(std::string_view name);

}  // namespace openwsus::policy

#endif  // OPENWSUS_POLICY_TARGETING_MODE_H_
