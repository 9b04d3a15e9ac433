// UpdateDetector: the state of every update a simulated computer holds, as
// WUA decides it after a scan (what event 156 reports):
//
//  - installed: the computer installed it (ComputerState), or its
//    IsInstalled rule holds and the computer has not uninstalled it since;
//  - needed: not installed, its IsInstallable rule holds (or it has none)
//    and nothing supersedes it here;
//  - not applicable otherwise, and whenever a rule cannot be decided.
//
// A bundle is what its members are: needed when one of them is, installed
// when some are installed and none is needed. Supersedence is the client's
// business, as on Windows (real WSUS sends superseded updates): an update
// that is not installed drops out of scope once an update superseding it is
// installed, or is needed and approved for install. Installed superseded
// updates stay installed, as the native agent reports them.
//
// A driver is what its fit with the computer's devices says (DeviceDrivers):
// installed when a device runs it, needed when it is a better match for one.
// Categories and detectoids are not reported; bundle members only through
// their bundle. Pure: reads the cache, the revision table, the
// evaluator's answers and the computer's state.
#ifndef OPENWSUS_AGENT_UPDATE_DETECTOR_H_
#define OPENWSUS_AGENT_UPDATE_DETECTOR_H_

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "agent/applicability_evaluator.h"
#include "agent/computer_state.h"
#include "agent/device_drivers.h"
#include "agent/revision_table.h"
#include "agent/update_cache.h"

namespace openwsus::agent {

enum class UpdateState : uint8_t { kNotApplicable, kNeeded, kDownloaded, kInstalled, kInstalledPendingReboot, kFailed };

struct DetectedUpdate {
  const RevisionInfo* revision = nullptr;
  CachedRevision cached;
  UpdateState state = UpdateState::kNotApplicable;
};

class UpdateDetector {
 public:
  UpdateDetector(const UpdateCache& cache, const RevisionTable& revisions, ApplicabilityEvaluator* evaluator,
                 const ComputerState& state);

  // Every reported update the cache holds, by revision id.
  std::vector<DetectedUpdate> Detect();
  // The members of `bundle` this computer needs, as cached revisions.
  std::vector<const RevisionInfo*> NeededMembers(const RevisionInfo& bundle);

  // Whether the computer counts a non-leaf update as installed (for
  // InstalledNonLeafUpdateIDs): categories always, others by their rules.
  static bool NonLeafInstalled(const RevisionInfo& revision, ApplicabilityEvaluator* evaluator,
                               const ComputerState& state);

 private:
  // Installed, needed or not applicable by the update's own rules and the
  // computer's installs, before supersedence.
  UpdateState OwnState(const RevisionInfo& revision);
  bool Superseded(const RevisionInfo& revision);
  const RevisionInfo* ByUpdateId(const Guid& id) const;

  const UpdateCache& cache_;
  const RevisionTable& revisions_;
  ApplicabilityEvaluator* evaluator_;
  const ComputerState& state_;
  std::unordered_map<Guid, const RevisionInfo*, GuidHash> by_update_;
  std::unordered_map<Guid, std::vector<const RevisionInfo*>, GuidHash> superseded_by_;
  std::unordered_map<int32_t, UpdateState> own_states_;
  DeviceDrivers drivers_;
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_UPDATE_DETECTOR_H_
