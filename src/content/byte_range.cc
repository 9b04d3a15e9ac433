#include "content/byte_range.h"

#include <limits>
#include <vector>

#include "common/strings.h"

namespace openwsus::content {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

struct Spec {
  std::optional<uint64_t> first;  // empty: a suffix range
  std::optional<uint64_t> last;   // empty: open to the end (or the suffix length is in `last`)
};

// 1*DIGIT; saturates at 2^64-1 instead of overflowing, which keeps a huge
// first-pos unsatisfiable and a huge last-pos "to the end".
std::optional<uint64_t> ParseDigits(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    value = value > (kMax - digit) / 10 ? kMax : value * 10 + digit;
  }
  return value;
}

// int-range = first-pos "-" [ last-pos ]; suffix-range = "-" suffix-length.
std::optional<Spec> ParseSpec(std::string_view text) {
  size_t dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view before = text.substr(0, dash);
  std::string_view after = text.substr(dash + 1);
  Spec spec;
  if (before.empty()) {
    spec.last = ParseDigits(after);  // suffix length
    if (!spec.last) return std::nullopt;
    return spec;
  }
  spec.first = ParseDigits(before);
  if (!spec.first) return std::nullopt;
  if (!after.empty()) {
    spec.last = ParseDigits(after);
    if (!spec.last || *spec.last < *spec.first) return std::nullopt;
  }
  return spec;
}

}  // namespace

RangeDecision DecideRange(std::optional<std::string_view> range_header, uint64_t size) {
  RangeDecision whole;
  if (!range_header) return whole;
  std::string_view value = Trim(*range_header, kOptionalWhitespace);
  size_t equals = value.find('=');
  if (equals == std::string_view::npos ||
      !EqualsIgnoreCase(Trim(value.substr(0, equals), kOptionalWhitespace), "bytes")) {
    return whole;  // another unit, or garbage: ignore
  }
  // range-set = 1#range-spec: empty list elements are allowed and skipped.
  std::vector<Spec> specs;
  std::string_view set = value.substr(equals + 1);
  for (;;) {
    size_t comma = set.find(',');
    std::string_view element = Trim(set.substr(0, comma), kOptionalWhitespace);
    if (!element.empty()) {
      std::optional<Spec> spec = ParseSpec(element);
      if (!spec) return whole;  // one bad element makes the header invalid
      specs.push_back(*spec);
    }
    if (comma == std::string_view::npos) break;
    set.remove_prefix(comma + 1);
  }
  if (specs.empty()) return whole;
  if (specs.size() > 1) return whole;  // see the header comment

  const Spec& spec = specs.front();
  RangeDecision decision;
  decision.outcome = RangeOutcome::kUnsatisfiable;
  if (!spec.first) {
    // Suffix: the last N bytes; zero bytes, or a zero-length file, cannot be.
    uint64_t suffix = *spec.last;
    if (suffix == 0 || size == 0) return decision;
    decision.length = suffix < size ? suffix : size;
    decision.first = size - decision.length;
  } else {
    if (*spec.first >= size) return decision;
    decision.first = *spec.first;
    uint64_t last = spec.last && *spec.last < size ? *spec.last : size - 1;
    decision.length = last - decision.first + 1;
  }
  decision.outcome = RangeOutcome::kPartial;
  return decision;
}

std::string ContentRange(const RangeDecision& decision, uint64_t size) {
  return "bytes " + std::to_string(decision.first) + "-" + std::to_string(decision.first + decision.length - 1) + "/" +
         std::to_string(size);
}

std::string UnsatisfiedContentRange(uint64_t size) { return "bytes */" + std::to_string(size); }

}  // namespace openwsus::content
