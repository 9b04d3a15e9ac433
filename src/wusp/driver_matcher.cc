#include "wusp/driver_matcher.h"

#include <algorithm>

namespace openwsus::wusp {

using catalog::DriverScore;

std::vector<uint32_t> MatchDrivers(const std::vector<DeviceSpec>& devices,
                                   const std::vector<DriverCandidate>& candidates) {
  std::vector<uint32_t> offered;
  for (const DeviceSpec& device : devices) {
    const DriverCandidate* best = nullptr;
    DriverScore best_score;
    for (const DriverCandidate& c : candidates) {
      DriverScore score = DriverScore::Of(device.ids, c.driver->hardware_id, c.driver->date,
                                          catalog::PackDriverVersion(c.driver->version));
      if (!score.matches()) continue;
      if (device.installed && !DriverScore::MayReplace(device.installed->class_name, device.installed->provider,
                                                       device.installed->manufacturer, *c.driver)) {
        continue;
      }
      if (best == nullptr || score.Beats(best_score)) {
        best = &c;
        best_score = score;
      }
    }
    if (best == nullptr) continue;
    if (device.installed) {
      const InstalledDriverSpec& in = *device.installed;
      DriverScore installed = DriverScore::Of(device.ids, in.matching_id, in.date, in.version);
      if (!best_score.Beats(installed)) continue;
    }
    if (std::find(offered.begin(), offered.end(), best->entry) == offered.end()) offered.push_back(best->entry);
  }
  return offered;
}

}  // namespace openwsus::wusp
