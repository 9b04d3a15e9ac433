// Small string helpers the whole tree shares. ASCII only, and independent of
// the C locale: the names they compare (HTTP headers, protocol names, group
// and category names typed by administrators, registry paths) are matched
// the way WSUS and HTTP match them, by ASCII case folding.
//
// Plain functions; thread-safe.
#ifndef OPENWSUS_COMMON_STRINGS_H_
#define OPENWSUS_COMMON_STRINGS_H_

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace openwsus {

// The whitespace of XML text and HTTP header lines.
inline constexpr std::string_view kWhitespace = " \t\r\n";
// HTTP's optional whitespace (RFC 9110 OWS).
inline constexpr std::string_view kOptionalWhitespace = " \t";

constexpr char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
std::string AsciiLower(std::string_view text);

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// <0, 0 or >0 as `a` sorts before, with or after `b`, ASCII case folded.
int CompareIgnoreCase(std::string_view a, std::string_view b);

// `text` without the leading and trailing characters of `chars`.
std::string_view Trim(std::string_view text, std::string_view chars = kWhitespace);

// The integer `text` spells, all of it, in `base`: no sign for unsigned
// types, no spaces, no trailing characters; nullopt for anything else,
// out-of-range values included (unlike atoi, which reads garbage as 0).
template <typename T>
requires std::is_integral_v<T> std::optional<T> ParseNumber(std::string_view text, int base = 10) {
  T value{};
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value, base);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_STRINGS_H_
