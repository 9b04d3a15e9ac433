// The settings that identify this server to its clients, each created on
// first use (by `serve`, before the first snapshot):
//   wusp.server_id           this server's GUID, bound into every cookie, so a
//                            cookie from another server never opens here
//   wusp.config_last_change  GetConfig's LastChange (xs:dateTime); a client whose
//                            cookie or GetCookie lastChange differs gets
//                            ConfigChanged and fetches the config again
//
// LastChange is kept to the millisecond, as the real server sends it
// ("2026-10-04T13:17:07.59Z"): SOAP stacks hold dates to the microsecond or
// the millisecond, and a client that echoes a 7-digit value back rounded
// would otherwise never match. Older databases may hold 7 digits; they are
// read truncated.
//
// REQUIRES: the caller serialises access to `store` (Store is single-threaded).
#ifndef OPENWSUS_STORE_SERVER_SETTINGS_H_
#define OPENWSUS_STORE_SERVER_SETTINGS_H_

#include <optional>
#include <string_view>

#include "common/date_time.h"
#include "common/guid.h"
#include "common/result.h"
#include "store/store.h"

namespace openwsus::store {

inline constexpr std::string_view kServerIdSetting = "wusp.server_id";
inline constexpr std::string_view kConfigLastChangeSetting = "wusp.config_last_change";

// The stored value, or a fresh one (random GUID / now) stored first. DataLoss
// when the stored text does not parse.
Result<Guid> LoadOrCreateServerId(Store* store);
Result<DateTime> LoadOrCreateConfigLastChange(Store* store);
// The stored LastChange, truncated to the millisecond; nullopt when none was
// created yet. DataLoss when it does not parse.
Result<std::optional<DateTime>> FindConfigLastChange(Store* store);
// Records that the configuration clients read changed (an administrator
// switched the targeting mode, say): LastChange becomes `now`, and at least
// one millisecond later than before, so that it differs from every value a
// client holds even after rounding. Call it inside the change's transaction.
Status TouchConfigLastChange(Store* store, DateTime now);

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_SERVER_SETTINGS_H_
