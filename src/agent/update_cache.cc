#include "agent/update_cache.h"

#include <algorithm>
#include <array>
#include <utility>

namespace openwsus::agent {
namespace {

constexpr int64_t kEpoch2000 = 946684800;  // 2000-01-01T00:00:00Z in Unix seconds

constexpr std::array<std::pair<DeploymentAction, std::string_view>, 6> kActions{{
    {DeploymentAction::kEvaluate, "Evaluate"},
    {DeploymentAction::kInstall, "Install"},
    {DeploymentAction::kOptionalInstall, "OptionalInstall"},
    {DeploymentAction::kUninstall, "Uninstall"},
    {DeploymentAction::kBundle, "Bundle"},
    {DeploymentAction::kPreDeploymentCheck, "PreDeploymentCheck"},
}};

bool ById(const CachedRevision& entry, int32_t id) { return entry.revision_id < id; }

}  // namespace

DeploymentAction ParseDeploymentAction(std::string_view text) {
  for (const auto& [action, name] : kActions) {
    if (name == text) return action;
  }
  return DeploymentAction::kOther;
}

std::string_view DeploymentActionName(DeploymentAction action) {
  for (const auto& [a, name] : kActions) {
    if (a == action) return name;
  }
  return "Other";
}

std::optional<DateTime> CachedRevision::Deadline() const {
  if (deadline == 0) return std::nullopt;
  return DateTime::FromUnixSeconds(kEpoch2000 + deadline);
}

void CachedRevision::SetDeadline(const std::optional<DateTime>& value) {
  deadline = 0;
  if (!value) return;
  int64_t seconds = value->unix_seconds() - kEpoch2000;
  // A deadline before 2000 is past anyway; one after 2136 is as good as none.
  deadline = static_cast<uint32_t>(std::clamp<int64_t>(seconds, 1, UINT32_MAX));
}

const CachedRevision* UpdateCache::Find(int32_t revision_id) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), revision_id, ById);
  return it != entries_.end() && it->revision_id == revision_id ? &*it : nullptr;
}

void UpdateCache::Put(const CachedRevision& entry) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), entry.revision_id, ById);
  if (it != entries_.end() && it->revision_id == entry.revision_id) {
    *it = entry;
  } else {
    entries_.insert(it, entry);
  }
}

void UpdateCache::Erase(int32_t revision_id) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), revision_id, ById);
  if (it != entries_.end() && it->revision_id == revision_id) entries_.erase(it);
}

}  // namespace openwsus::agent
