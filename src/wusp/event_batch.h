// EventBatch: the events of one ReportEventBatch, read from the request, and
// the status each one implies for the reporting computer.
//
// Events are attributed to the computer of the cookie, whatever their
// TargetID says: the cookie is the only thing a client cannot forge.
//
// Status, as real WSUS derives it (research in protocol-wusp.md (a) 9 and
// the fixtures' wsus-m0-reports), for events of namespace 1:
//   156 (status report): the complete list: U installable (needed), V
//       installed, W installed pending reboot, g failed, h downloaded; ids
//       are update ids; every update left out counts as not applicable.
//   162 download succeeded -> Downloaded (an installed update stays so);
//   182 install failed, 221 uninstall failed -> Failed;
//   183 install succeeded -> Installed;
//   184 succeeded, restart required; 201 install pending -> InstalledPendingReboot;
//   222, 224 uninstall succeeded -> NotInstalled.
// Other events are kept, changing nothing. The id lists of a 156 are not
// kept in the stored event: its status is what they mean.
//
// Pure functions; thread-safe.
#ifndef OPENWSUS_WUSP_EVENT_BATCH_H_
#define OPENWSUS_WUSP_EVENT_BATCH_H_

#include <pugixml.hpp>

#include <string_view>
#include <vector>

#include "common/date_time.h"
#include "common/guid.h"
#include "wusp/client_writer.h"
#include "wusp/sync_parameters.h"

namespace openwsus::wusp {

struct EventLimits {
  size_t max_events = 5'000;     // per batch; native batches hold 1 to 9
  size_t max_strings = 256;      // ReplacementStrings or MiscData items per event
  size_t max_text = 64 * 1024;   // bytes of one string (a 156 list of 1,700 ids)
  size_t max_list_ids = 20'000;  // ids in one 156 list
};

// The `eventBatch` element's events, for `computer`, received at `received`.
Parsed<std::vector<ReportedEvent>> ParseEventBatch(const pugi::xml_node& batch, std::string_view ns,
                                                   const Guid& computer, DateTime received, const EventLimits& limits);

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_EVENT_BATCH_H_
