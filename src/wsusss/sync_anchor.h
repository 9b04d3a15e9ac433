// SyncAnchor: what the MS-WSUSSS anchors we hand out (GetConfigData's
// NewConfigAnchor, GetRevisionIdList's Anchor, GetDeployments' Anchor) carry:
// the store's change number (store.h) as of the answer, and its time.
//
// On the wire an anchor keeps the shape a real WSUS upstream uses,
// "9438,2026-10-04 16:33:26.670" (protocol-wsusss.md (h)), followed by a
// check: ",<16 hex digits>", the first 8 bytes of SHA-256 over the server id
// and the first two parts. A downstream server treats anchors as opaque and
// sends them back; the check turns a garbled, truncated or made-up anchor,
// or one from another upstream, into InvalidParameters instead of a sync
// from the wrong place. It is a checksum, not a secret: an anchor grants
// nothing a downstream could not get by sending none, and a keyed one would
// strand every downstream at a key rotation.
//
// Plain values and functions; thread-safe.
#ifndef OPENWSUS_WSUSSS_SYNC_ANCHOR_H_
#define OPENWSUS_WSUSSS_SYNC_ANCHOR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/date_time.h"
#include "common/guid.h"
#include "common/result.h"

namespace openwsus::wsusss {

struct SyncAnchor {
  int64_t change_number = 0;
  DateTime time;  // kept to the millisecond

  bool operator==(const SyncAnchor&) const = default;
};

std::string EncodeAnchor(const SyncAnchor& anchor, const Guid& server_id);

// InvalidArgument for anything EncodeAnchor did not write for `server_id`,
// and for a change number past `current` (an anchor from the future).
Result<SyncAnchor> DecodeAnchor(std::string_view text, const Guid& server_id, int64_t current);

}  // namespace openwsus::wsusss

#endif  // OPENWSUS_WSUSSS_SYNC_ANCHOR_H_
