#include "common/guid.h"

#include <cstdlib>
#include <cstring>

#include "common/log.h"
#include "common/random.h"

namespace openwsus {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<Guid> Guid::Parse(std::string_view text) {
  std::string_view s = text;
  if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
  if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') {
    return Status::InvalidArgument("not a GUID: '" + std::string(text.substr(0, 64)) + "'");
  }
  Guid guid;
  size_t out = 0;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '-') {
      ++i;
      continue;
    }
    int hi = HexValue(s[i]);
    int lo = HexValue(s[i + 1]);
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument("not a GUID: '" + std::string(text) + "'");
    }
    guid.bytes_[out++] = static_cast<uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return guid;
}

Guid Guid::Random() {
  Guid guid;
  // A GUID names computers, servers and revisions for good: one made of
  // whatever was in memory could collide. Without randomness the process
  // cannot do its job, so it stops here, saying why.
  Status filled = FillRandom(guid.bytes_.data(), guid.bytes_.size());
  if (!filled.ok()) {
    log::Error("cannot make a GUID", {{"reason", filled.ToString()}});
    std::abort();
  }
  guid.bytes_[6] = static_cast<uint8_t>((guid.bytes_[6] & 0x0f) | 0x40);
  guid.bytes_[8] = static_cast<uint8_t>((guid.bytes_[8] & 0x3f) | 0x80);
  return guid;
}

std::string Guid::ToString() const {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < bytes_.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes_[i] >> 4];
    out += kHex[bytes_[i] & 0xf];
  }
  return out;
}

bool Guid::IsNil() const {
  for (uint8_t b : bytes_) {
    if (b != 0) return false;
  }
  return true;
}

size_t GuidHash::operator()(const Guid& g) const {
  uint64_t a;
  uint64_t b;
  std::memcpy(&a, g.bytes().data(), 8);
  std::memcpy(&b, g.bytes().data() + 8, 8);
  return static_cast<size_t>(a ^ (b * 0x9E3779B97F4A7C15ull));
}

}  // namespace openwsus
