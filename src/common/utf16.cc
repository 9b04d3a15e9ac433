#include "common/utf16.h"

#include <cstdint>
#include <optional>

namespace openwsus {
namespace {

Status BadUtf8(size_t at) { return Status::InvalidArgument("invalid UTF-8 at byte " + std::to_string(at)); }
Status BadUtf16(size_t at) { return Status::InvalidArgument("invalid UTF-16LE at byte " + std::to_string(at)); }

void PutUnit(std::string* out, uint32_t unit) {
  out->push_back(static_cast<char>(unit & 0xff));
  out->push_back(static_cast<char>(unit >> 8));
}

void PutUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// The code point of the UTF-8 sequence at `*at`, which moves past it; nullopt
// for anything but the shortest form of a scalar value.
std::optional<uint32_t> NextCodePoint(std::string_view s, size_t* at) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  uint8_t lead = byte(*at);
  if (lead < 0x80) return s[(*at)++] & 0x7f;
  size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (length == 0 || lead > 0xf4 || *at + length > s.size()) return std::nullopt;
  uint32_t cp = lead & (0x7f >> length);
  for (size_t i = 1; i < length; ++i) {
    uint8_t b = byte(*at + i);
    if ((b & 0xc0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3f);
  }
  constexpr uint32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kShortest[length] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
  *at += length;
  return cp;
}

}  // namespace

Result<std::string> Utf8ToUtf16Le(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() * 2);
  for (size_t at = 0; at < utf8.size();) {
    size_t start = at;
    std::optional<uint32_t> cp = NextCodePoint(utf8, &at);
    if (!cp) return BadUtf8(start);
    if (*cp < 0x10000) {
      PutUnit(&out, *cp);
    } else {
      PutUnit(&out, 0xd800 + ((*cp - 0x10000) >> 10));
      PutUnit(&out, 0xdc00 + ((*cp - 0x10000) & 0x3ff));
    }
  }
  return out;
}

Result<std::string> Utf16LeToUtf8(std::string_view utf16le) {
  if (utf16le.size() % 2 != 0) return BadUtf16(utf16le.size() - 1);
  const auto unit = [&](size_t i) {
    return static_cast<uint32_t>(static_cast<uint8_t>(utf16le[i])) |
           static_cast<uint32_t>(static_cast<uint8_t>(utf16le[i + 1])) << 8;
  };
  std::string out;
  out.reserve(utf16le.size() / 2);
  for (size_t at = 0; at < utf16le.size(); at += 2) {
    uint32_t u = unit(at);
    if (u >= 0xdc00 && u <= 0xdfff) return BadUtf16(at);
    if (u >= 0xd800 && u <= 0xdbff) {
      if (at + 2 >= utf16le.size()) return BadUtf16(at);
      uint32_t low = unit(at + 2);
      if (low < 0xdc00 || low > 0xdfff) return BadUtf16(at);
      u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
      at += 2;
    }
    PutUtf8(&out, u);
  }
  return out;
}

}  // namespace openwsus
