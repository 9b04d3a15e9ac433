// DriverMatcher: which driver updates the driver pass of SyncUpdates offers a
// computer, from the devices of its SystemSpec (MS-WUSP 3.1.5.7).
//
// For each device, the best driver among those whose HardwareID is one of the
// device's hardware or compatible ids: the one matching an id listed earlier
// (the device lists its most specific id first), then the newer DriverVerDate,
// then the higher DriverVerVersion (catalog::DriverScore). It is offered when
// the device has no driver installed, or when it beats the installed one by
// the same rules; for
// printers only a driver of the installed one's provider and manufacturer
// qualifies. The spec's first two rules (computer hardware ids and feature
// scores) rank drivers that target particular computer models; we do not
// rank on them yet, so such drivers compete on the device rules alone.
//
// Pure; thread-safe.
#ifndef OPENWSUS_WUSP_DRIVER_MATCHER_H_
#define OPENWSUS_WUSP_DRIVER_MATCHER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "catalog/driver_score.h"
#include "catalog/update.h"
#include "snapshot/catalog_index.h"

namespace openwsus::wusp {

struct InstalledDriverSpec {
  std::string matching_id;  // lower case
  std::string date;         // DriverVerDate, "yyyy-mm-dd" (the date part)
  uint64_t version = 0;     // DriverVerVersion as the client sends it (64-bit packed)
  std::string class_name;
  std::string manufacturer;
  std::string provider;
};

struct DeviceSpec {
  std::vector<std::string> ids;  // HardwareIDs then CompatibleIDs, in order, lower case
  std::optional<InstalledDriverSpec> installed;
};

// The drivers for one device id (lower case); empty when none. The span must
// stay valid through the call (a view of a table, not a vector made for it).
using DriverLookup = std::function<std::span<const snapshot::DriverCandidate>(const std::string& id)>;

// The entries to offer, each once, in the order of the devices they fit.
// Looks each id of a device up, most specific first: the first id with a
// driver `usable` admits decides the rank, so the best driver is found
// without ranking every driver against every device.
std::vector<uint32_t> MatchDrivers(const std::vector<DeviceSpec>& devices, const DriverLookup& lookup,
                                   const std::function<bool(uint32_t entry)>& usable);
// The same over a plain list of candidates, all usable.
std::vector<uint32_t> MatchDrivers(const std::vector<DeviceSpec>& devices,
                                   const std::vector<snapshot::DriverCandidate>& candidates);

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_DRIVER_MATCHER_H_
