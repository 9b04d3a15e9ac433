#include "wusp/driver_matcher.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

namespace openwsus::wusp {

using catalog::DriverScore;

std::vector<uint32_t> MatchDrivers(const std::vector<DeviceSpec>& devices, const DriverLookup& lookup,
                                   const std::function<bool(uint32_t entry)>& usable) {
  std::vector<uint32_t> offered;
  for (const DeviceSpec& device : devices) {
    const snapshot::DriverCandidate* best = nullptr;
    DriverScore best_score;
    // An earlier id beats any later one: the first id with a usable driver
    // holds the best.
    for (size_t rank = 0; rank < device.ids.size() && best == nullptr; ++rank) {
      for (const snapshot::DriverCandidate& c : lookup(device.ids[rank])) {
        if (!usable(c.entry)) continue;
        if (device.installed && !DriverScore::MayReplace(device.installed->class_name, device.installed->provider,
                                                         device.installed->manufacturer, *c.driver)) {
          continue;
        }
        DriverScore score{rank, c.driver->date, catalog::PackDriverVersion(c.driver->version)};
        if (best == nullptr || score.Beats(best_score)) {
          best = &c;
          best_score = std::move(score);
        }
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

std::vector<uint32_t> MatchDrivers(const std::vector<DeviceSpec>& devices,
                                   const std::vector<snapshot::DriverCandidate>& candidates) {
  std::unordered_map<std::string, std::vector<snapshot::DriverCandidate>> by_id;
  for (const snapshot::DriverCandidate& c : candidates) by_id[c.driver->hardware_id].push_back(c);
  auto lookup = [&](const std::string& id) -> std::span<const snapshot::DriverCandidate> {
    auto it = by_id.find(id);
    if (it == by_id.end()) return {};
    return it->second;
  };
  return MatchDrivers(devices, lookup, [](uint32_t) { return true; });
}

}  // namespace openwsus::wusp
