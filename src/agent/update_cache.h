// UpdateCache: the revisions one simulated computer holds after SyncUpdates,
// as WUA's datastore does: revision id, deployment (action, id, deadline),
// whether it is a leaf, and whether the computer evaluated it as an
// installed non-leaf update (what it reports in InstalledNonLeafUpdateIDs).
// What a revision is lives in the shared RevisionTable.
//
// Sixteen bytes an entry in one sorted vector: 10,000 computers holding a
// thousand revisions each fit in about 160 MB.
//
// Not thread-safe.
#ifndef OPENWSUS_AGENT_UPDATE_CACHE_H_
#define OPENWSUS_AGENT_UPDATE_CACHE_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/date_time.h"

namespace openwsus::agent {

enum class DeploymentAction : uint8_t {
  kEvaluate,
  kInstall,
  kOptionalInstall,
  kUninstall,
  kBundle,
  kPreDeploymentCheck,
  kOther
};

DeploymentAction ParseDeploymentAction(std::string_view text);
std::string_view DeploymentActionName(DeploymentAction action);

struct CachedRevision {
  int32_t revision_id = 0;
  int32_t deployment_id = 0;
  uint32_t deadline = 0;  // seconds since 2000-01-01T00:00:00Z; 0 when none
  DeploymentAction action = DeploymentAction::kEvaluate;
  bool is_leaf = true;
  bool installed_non_leaf = false;
  bool driver = false;

  std::optional<DateTime> Deadline() const;
  void SetDeadline(const std::optional<DateTime>& deadline);
};
static_assert(sizeof(CachedRevision) == 16);

class UpdateCache {
 public:
  const CachedRevision* Find(int32_t revision_id) const;
  // Inserts or replaces the entry of `entry.revision_id`.
  void Put(const CachedRevision& entry);
  void Erase(int32_t revision_id);
  void Clear() { entries_.clear(); }

  const std::vector<CachedRevision>& entries() const { return entries_; }  // by revision id
  size_t size() const { return entries_.size(); }

 private:
  std::vector<CachedRevision> entries_;
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_UPDATE_CACHE_H_
