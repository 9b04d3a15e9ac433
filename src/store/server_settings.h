// The settings that identify this server to its clients, each created on
// first use (by `serve`, before the first snapshot):
//   wusp.server_id           this server's GUID, bound into every cookie, so a
//                            cookie from another server never opens here
//   wusp.config_last_change  GetConfig's LastChange (xs:dateTime); a client whose
//                            cookie or GetCookie lastChange differs gets
//                            ConfigChanged and fetches the config again
//
// REQUIRES: the caller serialises access to `store` (Store is single-threaded).
#ifndef OPENWSUS_STORE_SERVER_SETTINGS_H_
#define OPENWSUS_STORE_SERVER_SETTINGS_H_

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

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_SERVER_SETTINGS_H_
