#include "content/byte_range.h"

#include <gtest/gtest.h>

namespace openwsus::content {
namespace {

struct RangeCase {
  const char* header;  // nullptr: no Range header
  uint64_t size;
  RangeOutcome outcome;
  uint64_t first = 0;
  uint64_t length = 0;
};

constexpr uint64_t kMiB = 1024 * 1024;

TEST(ByteRangeTest, Table) {
  using enum RangeOutcome;
  const RangeCase cases[] = {
      {nullptr, 100, kWholeFile},
      // Closed ranges, as Delivery Optimization sends them (fixtures).
      {"bytes=0-1048575", 204745168, kPartial, 0, kMiB},
      {"bytes=102760448-103809023", 204745168, kPartial, 102760448, kMiB},
      {"bytes=204472320-204745167", 204745168, kPartial, 204472320, 272848},
      {"bytes=0-918943", 918944, kPartial, 0, 918944},
      {"bytes=0-0", 100, kPartial, 0, 1},
      {"bytes=99-99", 100, kPartial, 99, 1},
      {"bytes=10-19", 100, kPartial, 10, 10},
      // last-pos beyond the end is cut to the end.
      {"bytes=0-1048575", 1000, kPartial, 0, 1000},
      {"bytes=90-18446744073709551615", 100, kPartial, 90, 10},
      {"bytes=90-99999999999999999999999", 100, kPartial, 90, 10},
      // Open ranges (BITS).
      {"bytes=0-", 100, kPartial, 0, 100},
      {"bytes=42-", 100, kPartial, 42, 58},
      {"bytes=99-", 100, kPartial, 99, 1},
      // Suffix ranges.
      {"bytes=-1", 100, kPartial, 99, 1},
      {"bytes=-10", 100, kPartial, 90, 10},
      {"bytes=-100", 100, kPartial, 0, 100},
      {"bytes=-500", 100, kPartial, 0, 100},
      // Case of the unit, and optional whitespace.
      {"Bytes=1-2", 100, kPartial, 1, 2},
      {"BYTES = 1-2 ", 100, kPartial, 1, 2},
      {"bytes= 1-2 ,", 100, kPartial, 1, 2},
      // Unsatisfiable: 416.
      {"bytes=100-", 100, kUnsatisfiable},
      {"bytes=100-200", 100, kUnsatisfiable},
      {"bytes=18446744073709551615-", 100, kUnsatisfiable},
      {"bytes=99999999999999999999999-", 100, kUnsatisfiable},
      {"bytes=-0", 100, kUnsatisfiable},
      // A zero-length file: nothing is satisfiable; no header is a plain 200.
      {nullptr, 0, kWholeFile},
      {"bytes=0-", 0, kUnsatisfiable},
      {"bytes=0-0", 0, kUnsatisfiable},
      {"bytes=-1", 0, kUnsatisfiable},
      // Malformed: ignored, the whole file.
      {"", 100, kWholeFile},
      {"bytes", 100, kWholeFile},
      {"bytes=", 100, kWholeFile},
      {"bytes=-", 100, kWholeFile},
      {"bytes=a-b", 100, kWholeFile},
      {"bytes=1", 100, kWholeFile},
      {"bytes=5-4", 100, kWholeFile},
      {"bytes=1-2-3", 100, kWholeFile},
      {"bytes=+1-2", 100, kWholeFile},
      {"bytes=1 -2", 100, kWholeFile},
      {"bytes=0x10-20", 100, kWholeFile},
      {"items=0-10", 100, kWholeFile},
      {"bytes 0-10", 100, kWholeFile},
      {"bytes=0-1,x", 100, kWholeFile},
      // Several ranges: served whole (documented choice).
      {"bytes=0-1,5-9", 100, kWholeFile},
      {"bytes=0-1, -5", 100, kWholeFile},
      {"bytes=200-300,400-500", 100, kWholeFile},
  };
  for (const RangeCase& c : cases) {
    std::optional<std::string_view> header;
    if (c.header != nullptr) header = c.header;
    RangeDecision d = DecideRange(header, c.size);
    std::string label = std::string(c.header ? c.header : "(none)") + " of " + std::to_string(c.size);
    EXPECT_EQ(d.outcome, c.outcome) << label;
    if (c.outcome == kPartial) {
      EXPECT_EQ(d.first, c.first) << label;
      EXPECT_EQ(d.length, c.length) << label;
      EXPECT_LE(d.first + d.length, c.size) << label;
    }
  }
}

TEST(ByteRangeTest, ContentRangeValues) {
  RangeDecision d = DecideRange("bytes=204472320-204745167", 204745168);
  EXPECT_EQ(ContentRange(d, 204745168), "bytes 204472320-204745167/204745168");
  EXPECT_EQ(UnsatisfiedContentRange(100), "bytes */100");
  EXPECT_EQ(UnsatisfiedContentRange(0), "bytes */0");
}

}  // namespace
}  // namespace openwsus::content
