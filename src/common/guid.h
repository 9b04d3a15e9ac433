// Guid: a 128-bit identifier such as an update id or a computer's SusClientId.
//
// Parsing accepts either case (real documents use both, even for the same id) and
// optional braces; output is always the one canonical lower-case form
// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, so two spellings of one id compare equal.
#ifndef OPENWSUS_COMMON_GUID_H_
#define OPENWSUS_COMMON_GUID_H_

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus {

class Guid {
 public:
  Guid() = default;  // the nil GUID

  static Result<Guid> Parse(std::string_view text);
  // A random (version 4) GUID from the OS random source.
  static Guid Random();

  std::string ToString() const;
  bool IsNil() const;
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }

  auto operator<=>(const Guid&) const = default;

 private:
  std::array<uint8_t, 16> bytes_{};  // in textual order, not .NET's mixed-endian
};

struct GuidHash {
  size_t operator()(const Guid& g) const;
};

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_GUID_H_
