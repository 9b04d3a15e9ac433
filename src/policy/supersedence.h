// SupersedenceState: the four-state supersedence flag of the WSUS console.
//
// Only updates present in the catalog count: an update whose superseding
// update was never synced is not shown as superseded (WSUS behaves the same).
// Pure functions; thread-safe.
#ifndef OPENWSUS_POLICY_SUPERSEDENCE_H_
#define OPENWSUS_POLICY_SUPERSEDENCE_H_

#include <span>
#include <string_view>
#include <unordered_map>

#include "catalog/update.h"
#include "common/guid.h"
#include "common/result.h"

namespace openwsus::policy {

enum class SupersedenceState {
  kNone,         // neither superseded nor superseding
  kSuperseded,   // another update in the catalog supersedes it
  kSuperseding,  // it supersedes an update in the catalog
  kBoth,         // both: a link in a chain
};

std::string_view SupersedenceStateName(SupersedenceState state);  // "none", "superseded", ...
Result<SupersedenceState> ParseSupersedenceState(std::string_view name);

// `superseded`: some update in the catalog supersedes this one.
// `superseding`: this update supersedes some update that is in the catalog.
SupersedenceState ComputeSupersedenceState(bool superseded, bool superseding);

// The state of every update in `updates` (latest revisions, one per update id),
// from their SupersededUpdates lists. References to updates outside `updates`,
// and an update naming itself, are ignored.
std::unordered_map<Guid, SupersedenceState, GuidHash> ComputeSupersedenceStates(
    std::span<const catalog::Update> updates);

}  // namespace openwsus::policy

#endif  // OPENWSUS_POLICY_SUPERSEDENCE_H_
