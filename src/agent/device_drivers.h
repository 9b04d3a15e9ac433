// DeviceDrivers: a simulated computer's devices as its driver handler sees
// them: the machine profile's devices, each with the driver the computer
// installed on it since (ComputerState.drivers) or else the profile's.
//
//  - SystemSpecXml: the SystemSpec of the driver pass of SyncUpdates, shaped
//    as the native agent sends it (Device: HardwareIDs, CompatibleIDs,
//    installedDriver with MatchingID, DriverVerDate, DriverVerVersion as the
//    64-bit integer, Class, Manufacturer, Provider).
//  - FitOf: a driver update is installed on the computer when a device runs
//    one of its drivers (same id, date and version); it is a better match
//    (needed) when one of its drivers beats a device's driver by the rules
//    of catalog::DriverScore; otherwise it does not fit.
//  - Install: the update's best driver goes onto every device it beats.
//
// Why the client ranks too: the server offers the best driver for each
// device, but a driver cached from an earlier scan may have been overtaken
// since, and the native driver handler's IsInstallable asks the same
// question ("is this a better match than the installed driver?").
//
// Reads the profile and state it was built from; keep both alive.
#ifndef OPENWSUS_AGENT_DEVICE_DRIVERS_H_
#define OPENWSUS_AGENT_DEVICE_DRIVERS_H_

#include <string>
#include <vector>

#include "agent/computer_state.h"
#include "agent/machine_profile.h"
#include "agent/revision_table.h"

namespace openwsus::agent {

enum class DriverFit { kNone, kBetter, kInstalled };

class DeviceDrivers {
 public:
  DeviceDrivers(const MachineProfile& profile, const ComputerState& state);

  // "<SystemSpec/>" for a computer without devices.
  std::string SystemSpecXml() const;
  DriverFit FitOf(const RevisionInfo& update) const;
  // Records in `state` the drivers `update` puts on the profile's devices.
  static void Install(const MachineProfile& profile, const RevisionInfo& update, ComputerState* state);

  // The key of a device in ComputerState.drivers.
  static std::string KeyOf(const Device& device);

 private:
  // The driver of device `i` now, or null.
  const catalog::DriverMetadata* Current(size_t i) const;
  // The best of `update`'s drivers that beat device `i`'s; null when none does.
  const catalog::DriverMetadata* BestFor(size_t i, const RevisionInfo& update) const;

  const MachineProfile& profile_;
  const ComputerState& state_;
  std::vector<std::vector<std::string>> ranked_ids_;  // per device, Device::RankedIds
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_DEVICE_DRIVERS_H_
