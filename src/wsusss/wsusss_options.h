// WsusssOptions: the limits and lifetimes of the server-sync services.
#ifndef OPENWSUS_WSUSSS_WSUSSS_OPTIONS_H_
#define OPENWSUS_WSUSSS_WSUSSS_OPTIONS_H_

#include <chrono>
#include <cstddef>
#include <string>

#include "xml/safe_xml.h"

namespace openwsus::wsusss {

struct WsusssOptions {
  // Requests are small (100 update ids, a filter of a few hundred ids); a
  // 10 MB body is refused before it is parsed.
  xml::Limits limits{/*max_bytes=*/1u << 20, /*max_depth=*/32};
  // What a real Windows upstream sends, and so what downstreams expect.
  std::string protocol_version = "1.20";
  size_t max_updates_per_request = 100;
  size_t max_decryption_updates_per_request = 100;
  size_t max_download_digests = 100;
  // A real upstream's cookie lasts 240 minutes (protocol-wsusss.md (h)).
  std::chrono::seconds cookie_lifetime{240 * 60};
  std::chrono::seconds authorization_cookie_max_age{24 * 3600};
  // Download content only when approved (true) or always: what the
  // downstream is told in GetConfigData.
  bool lazy_sync = true;
};

}  // namespace openwsus::wsusss

#endif  // OPENWSUS_WSUSSS_WSUSSS_OPTIONS_H_
