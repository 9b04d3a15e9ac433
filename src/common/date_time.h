// DateTime: an instant in UTC with 100 ns resolution, as .NET and xs:dateTime use.
//
// Parsing is lenient in the ways real clients and documents are: the `Z` may be
// missing (the time is then taken as UTC), the fraction may have 0 to 7 digits,
// and a date alone is accepted. Formatting is strict: UTC with `Z`, and the
// fraction only when it is not zero, trailing zeros removed (.NET round-trip style).
#ifndef OPENWSUS_COMMON_DATE_TIME_H_
#define OPENWSUS_COMMON_DATE_TIME_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus {

class DateTime {
 public:
  DateTime() = default;  // 1970-01-01T00:00:00Z

  static Result<DateTime> Parse(std::string_view text);
  static DateTime FromUnixSeconds(int64_t seconds) { return DateTime(seconds * 10'000'000); }
  static DateTime FromTicks(int64_t ticks_since_epoch) { return DateTime(ticks_since_epoch); }
  static DateTime Now();

  // "2024-06-19T17:11:14Z" or "2026-09-02T08:19:36.08Z".
  std::string ToString() const;
  // "2024-06-19", the form of a Deployment's LastChangeTime.
  std::string ToDateString() const;

  // This instant with the fraction of its millisecond dropped: what a value
  // keeps when it must survive SOAP stacks that hold microseconds or less.
  DateTime TruncatedToMilliseconds() const;

  int64_t ticks_since_epoch() const { return ticks_; }  // 100 ns units
  int64_t unix_seconds() const;

  auto operator<=>(const DateTime&) const = default;

 private:
  explicit DateTime(int64_t ticks) : ticks_(ticks) {}

  int64_t ticks_ = 0;
};

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_DATE_TIME_H_
