#include "policy/supersedence.h"

#include <unordered_set>
#include <utility>

#include "policy/enum_names.h"

namespace openwsus::policy {
namespace {

constexpr std::pair<SupersedenceState, std::string_view> kNames[] = {
    {SupersedenceState::kNone, "none"},
    {SupersedenceState::kSuperseded, "superseded"},
    {SupersedenceState::kSuperseding, "superseding"},
    {SupersedenceState::kBoth, "both"},
};

}  // namespace

std::string_view SupersedenceStateName(SupersedenceState state) {
  return internal::NameOf<SupersedenceState>(kNames, state);
}

Result<SupersedenceState> ParseSupersedenceState(std::string_view name) {
  return internal::ParseName<SupersedenceState>(kNames, "supersedence state", name);
}

SupersedenceState ComputeSupersedenceState(bool superseded, bool superseding) {
  if (superseded && superseding) return SupersedenceState::kBoth;
  if (superseded) return SupersedenceState::kSuperseded;
  if (superseding) return SupersedenceState::kSuperseding;
  return SupersedenceState::kNone;
}

std::unordered_map<Guid, SupersedenceState, GuidHash> ComputeSupersedenceStates(
    std::span<const catalog::Update> updates) {
  std::unordered_set<Guid, GuidHash> present;
  for (const catalog::Update& u : updates) present.insert(u.identity.update_id);
  std::unordered_set<Guid, GuidHash> superseded;
  std::unordered_set<Guid, GuidHash> superseding;
  for (const catalog::Update& u : updates) {
    const Guid& id = u.identity.update_id;
    for (const Guid& old : u.superseded_updates) {
      if (old == id || present.count(old) == 0) continue;
      superseded.insert(old);
      superseding.insert(id);
    }
  }
  std::unordered_map<Guid, SupersedenceState, GuidHash> out;
  for (const Guid& id : present) {
    out[id] = ComputeSupersedenceState(superseded.count(id) > 0, superseding.count(id) > 0);
  }
  return out;
}

}  // namespace openwsus::policy
