// Small string helpers the whole tree shares. ASCII only, and independent of
// the C locale: the names they compare (HTTP headers, protocol names, group
// and category names typed by administrators, registry paths) are matched
// the way WSUS and HTTP match them, by ASCII case folding.
//
// Plain functions; thread-safe.
#ifndef OPENWSUS_COMMON_STRINGS_H_
#define OPENWSUS_COMMON_STRINGS_H_

#include <string>
#include <string_view>

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

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_STRINGS_H_
