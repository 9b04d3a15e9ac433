// WuspOptions: the limits and lifetimes of the client web services.
#ifndef OPENWSUS_WUSP_WUSP_OPTIONS_H_
#define OPENWSUS_WUSP_WUSP_OPTIONS_H_

#include <chrono>
#include <cstddef>

#include "wusp/event_batch.h"
#include "wusp/sync_parameters.h"
#include "xml/safe_xml.h"

namespace openwsus::wusp {

struct WuspOptions {
  // The largest real request (SyncUpdates with 5,261 cached ids) is about
  // 200 KB; the HTTP server's body limit applies first.
  xml::Limits limits{/*max_bytes=*/4u << 20, /*max_depth=*/64};
  // Real WSUS 2025 issues client cookies valid one hour.
  std::chrono::seconds cookie_lifetime{3600};
  // An authorization cookie is exchanged for a cookie right away; an older one
  // is refused (InvalidAuthorizationCookie) and the client asks again.
  std::chrono::seconds authorization_cookie_max_age{24 * 3600};
  // UpdateInfos per SyncUpdates page (real WSUS: 30).
  size_t page_size = kDefaultSyncPageSize;
  SyncLimits sync_limits;
  EventLimits event_limits;
  // The cookie's high-water mark trails the snapshot by this much, so that a
  // deployment written while a snapshot was being read is sent (again) as
  // changed rather than missed.
  std::chrono::seconds high_water_margin{60};
  // Identities per RefreshCache and digests per GetFileLocations.
  size_t max_refresh_ids = 5'000;
  size_t max_file_digests = 5'000;
  // StartCategoryScan: WSUS requires fewer than 200 categories.
  size_t max_scan_categories = 199;
  // How long a handler waits for the writer before answering ServerBusy.
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
  // Bytes of Extended and LocalizedProperties fragments kept rendered for
  // GetExtendedUpdateInfo (FragmentCache).
  size_t fragment_cache_bytes = 64u << 20;
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_WUSP_OPTIONS_H_
