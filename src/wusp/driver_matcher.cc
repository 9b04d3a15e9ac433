#include "wusp/driver_matcher.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace openwsus::wusp {
namespace {

constexpr size_t kNoMatch = std::numeric_limits<size_t>::max();

bool SameText(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// What the ranking rules compare: lower `rank` (position of the matched id in
// the device's list) wins, then the later date, then the higher version.
struct Score {
  size_t rank = kNoMatch;
  std::string date;
  uint64_t version = 0;

  bool Beats(const Score& other) const {
    if (rank != other.rank) return rank < other.rank;
    if (date != other.date) return date > other.date;  // yyyy-mm-dd sorts as text
    return version > other.version;
  }
};

size_t RankOf(const DeviceSpec& device, const std::string& id) {
  auto it = std::find(device.ids.begin(), device.ids.end(), id);
  return it == device.ids.end() ? kNoMatch : static_cast<size_t>(it - device.ids.begin());
}

bool FitsPrinter(const InstalledDriverSpec& installed, const catalog::DriverMetadata& driver) {
  if (!SameText(installed.class_name, "Printer")) return true;
  return SameText(installed.provider, driver.provider) && SameText(installed.manufacturer, driver.manufacturer);
}

}  // namespace

uint64_t PackDriverVersion(const std::string& dotted) {
  uint64_t packed = 0;
  const char* p = dotted.data();
  const char* end = p + dotted.size();
  for (int part = 0; part < 4; ++part) {
    uint32_t value = 0;
    auto [next, ec] = std::from_chars(p, end, value);
    if (ec != std::errc() || value > 0xffff) return 0;
    packed = packed << 16 | value;
    p = next;
    if (part < 3) {
      if (p == end || *p != '.') return 0;
      ++p;
    }
  }
  return p == end ? packed : 0;
}

std::vector<uint32_t> MatchDrivers(const std::vector<DeviceSpec>& devices,
                                   const std::vector<DriverCandidate>& candidates) {
  std::vector<uint32_t> offered;
  for (const DeviceSpec& device : devices) {
    const DriverCandidate* best = nullptr;
    Score best_score;
    for (const DriverCandidate& c : candidates) {
      Score score{RankOf(device, c.driver->hardware_id), c.driver->date, PackDriverVersion(c.driver->version)};
      if (score.rank == kNoMatch) continue;
      if (device.installed && !FitsPrinter(*device.installed, *c.driver)) continue;
      if (best == nullptr || score.Beats(best_score)) {
        best = &c;
        best_score = score;
      }
    }
    if (best == nullptr) continue;
    if (device.installed) {
      const InstalledDriverSpec& in = *device.installed;
      Score installed{RankOf(device, in.matching_id), in.date, in.version};
      if (!best_score.Beats(installed)) continue;
    }
    if (std::find(offered.begin(), offered.end(), best->entry) == offered.end()) offered.push_back(best->entry);
  }
  return offered;
}

}  // namespace openwsus::wusp
