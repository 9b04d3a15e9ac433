// Range requests (RFC 9110 section 14) for content downloads.
//
// Delivery Optimization asks for closed 1 MiB ranges ("bytes=a-b"), BITS and
// older agents for open ones ("bytes=N-"); no Windows client asks for several
// ranges at once. So one range is served as 206, and a request for several
// ranges gets the whole file as 200: RFC 9110 lets a server ignore Range, and
// this spares us multipart/byteranges, which no client of ours reads. A
// header we cannot parse is ignored (200) as RFC 9110 14.2 says; a valid range
// that starts at or beyond the end is 416.
//
// Plain functions and value types; thread-safe.
#ifndef OPENWSUS_CONTENT_BYTE_RANGE_H_
#define OPENWSUS_CONTENT_BYTE_RANGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace openwsus::content {

enum class RangeOutcome {
  kWholeFile,      // no Range, a malformed one, or several ranges: 200
  kPartial,        // one satisfiable range: 206
  kUnsatisfiable,  // 416 with Content-Range: bytes */size
};

struct RangeDecision {
  RangeOutcome outcome = RangeOutcome::kWholeFile;
  uint64_t first = 0;   // kPartial: the first byte
  uint64_t length = 0;  // kPartial: at least 1, and first + length <= size
};

// Decides what to send for a Range header value (absent = nullopt) and a
// file of `size` bytes. The unit "bytes" matches without regard to case.
RangeDecision DecideRange(std::optional<std::string_view> range_header, uint64_t size);

// "bytes a-b/size" for a kPartial decision.
std::string ContentRange(const RangeDecision& decision, uint64_t size);
// "bytes */size", for 416.
std::string UnsatisfiedContentRange(uint64_t size);

}  // namespace openwsus::content

#endif  // OPENWSUS_CONTENT_BYTE_RANGE_H_
