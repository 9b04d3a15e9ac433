#include "catalog/driver_score.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

#include "common/strings.h"

namespace openwsus::catalog {

DriverScore DriverScore::Of(const std::vector<std::string>& device_ids, std::string_view hardware_id, std::string date,
                            uint64_t version) {
  DriverScore score;
  auto it = std::find(device_ids.begin(), device_ids.end(), hardware_id);
  if (it != device_ids.end()) score.rank = static_cast<size_t>(it - device_ids.begin());
  score.date = std::move(date);
  score.version = version;
  return score;
}

bool DriverScore::Beats(const DriverScore& other) const {
  if (rank != other.rank) return rank < other.rank;
  if (date != other.date) return date > other.date;  // yyyy-mm-dd sorts as text
  return version > other.version;
}

bool DriverScore::MayReplace(std::string_view installed_class, std::string_view installed_provider,
                             std::string_view installed_manufacturer, const DriverMetadata& candidate) {
  if (!EqualsIgnoreCase(installed_class, "Printer")) return true;
  return EqualsIgnoreCase(installed_provider, candidate.provider) &&
         EqualsIgnoreCase(installed_manufacturer, candidate.manufacturer);
}

uint64_t PackDriverVersion(std::string_view dotted) {
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

bool IsDriverVersion(std::string_view text) { return text == "0.0.0.0" || PackDriverVersion(text) != 0; }

bool IsDriverDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

}  // namespace openwsus::catalog
