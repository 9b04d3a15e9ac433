#include "policy/targeting_mode.h"

#include <utility>

#include "policy/enum_names.h"

namespace openwsus::policy {
namespace {

constexpr std::pair<TargetingMode, std::string_view> kNames[] = {
    {TargetingMode::kServerSide, "server"},
    {TargetingMode::kClientSide, "client"},
};

// Longer spellings, accepted but never produced.
constexpr std::pair<TargetingMode, std::string_view> kAliases[] = {
    {TargetingMode::kServerSide, "server-side"},
    {TargetingMode::kClientSide, "client-side"},
};

}  // namespace

std::string_view TargetingModeName(TargetingMode mode) { return internal::NameOf<TargetingMode>(kNames, mode); }

Result<TargetingMode> ParseTargetingMode(std::string_view name) {
  auto alias = internal::ParseName<TargetingMode>(kAliases, "targeting mode", name);
  if (alias.ok()) return alias;
  return internal::ParseName<TargetingMode>(kNames, "targeting mode", name);
}

}  // namespace openwsus::policy
