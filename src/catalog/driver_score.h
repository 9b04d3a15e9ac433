// DriverScore: how well one driver fits one device, by the device rules of
// MS-WUSP 3.1.5.7 that the server applies when it picks drivers for a
// computer and the client's driver handler applies when it decides whether
// an offered driver is installable: the driver whose hardware id comes
// earlier in the device's list of hardware and compatible ids wins, then the
// later DriverVerDate, then the higher DriverVerVersion.
//
// Why in catalog: both sides (wusp's DriverMatcher and the reference agent)
// rank the same metadata by the same rules, and neither may depend on the
// other.
//
// A plain value; thread-safe.
#ifndef OPENWSUS_CATALOG_DRIVER_SCORE_H_
#define OPENWSUS_CATALOG_DRIVER_SCORE_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/update.h"

namespace openwsus::catalog {

struct DriverScore {
  static constexpr size_t kNoMatch = std::numeric_limits<size_t>::max();

  size_t rank = kNoMatch;  // position of the matched id in the device's list
  std::string date;        // "yyyy-mm-dd"
  uint64_t version = 0;    // PackDriverVersion

  // The score of a driver with `hardware_id` for a device with `device_ids`
  // (hardware ids, then compatible ids, most specific first). REQUIRES: all
  // ids lower case.
  static DriverScore Of(const std::vector<std::string>& device_ids, std::string_view hardware_id, std::string date,
                        uint64_t version);

  bool matches() const { return rank != kNoMatch; }
  bool Beats(const DriverScore& other) const;

  // Whether `candidate` may replace a device's installed driver of class
  // `installed_class`: a printer takes only a driver of its own provider and
  // manufacturer; anything else takes any driver.
  static bool MayReplace(std::string_view installed_class, std::string_view installed_provider,
                         std::string_view installed_manufacturer, const DriverMetadata& candidate);
};

// "1.2.3.4" -> the 64-bit form clients send (16 bits per part); 0 when malformed.
uint64_t PackDriverVersion(std::string_view dotted);
// Whether `text` is a DriverVerVersion PackDriverVersion reads ("0.0.0.0" included).
bool IsDriverVersion(std::string_view text);
// Whether `text` is a DriverVerDate in the form drivers compare, "yyyy-mm-dd".
bool IsDriverDate(std::string_view text);

}  // namespace openwsus::catalog

#endif  // OPENWSUS_CATALOG_DRIVER_SCORE_H_
