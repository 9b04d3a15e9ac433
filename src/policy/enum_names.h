// Internal to policy/: the one way our enums are named and parsed.
//
// Names are the lower-case, hyphenated words the CLI and the admin API use
// ("not-approved"). Parsing is forgiving in the ways administrators type: case
// is ignored, and '-', '_' and ' ' are ignored, so the PowerShell spellings of
// the UpdateServices module ("NotApproved", "FailedOrNeeded") are accepted too.
// That keeps us name-compatible with scripts written for WSUS.
#ifndef OPENWSUS_POLICY_ENUM_NAMES_H_
#define OPENWSUS_POLICY_ENUM_NAMES_H_

#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "common/result.h"

namespace openwsus::policy::internal {

// Lower-cases ASCII letters and drops '-', '_' and ' '.
std::string FoldName(std::string_view name);

template <typename E>
using NameTable = std::span<const std::pair<E, std::string_view>>;

template <typename E>
std::string_view NameOf(NameTable<E> table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

// `what` names the kind of value in the error ("approval action").
template <typename E>
Result<E> ParseName(NameTable<E> table, std::string_view what, std::string_view text) {
  const std::string folded = FoldName(text);
  for (const auto& [v, name] : table) {
    if (FoldName(name) == folded) return v;
  }
  std::string expected;
  for (const auto& [v, name] : table) {
    if (!expected.empty()) expected += ", ";
    expected += name;
  }
  return Status::InvalidArgument("unknown " + std::string(what) + " '" + std::string(text.substr(0, 64)) +
                                 "' (expected one of: " + expected + ")");
}

}  // namespace openwsus::policy::internal

#endif  // OPENWSUS_POLICY_ENUM_NAMES_H_
