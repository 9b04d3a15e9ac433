#include "policy/target_group.h"

namespace openwsus::policy {

std::vector<TargetGroup> BuiltInGroups() {
  return {
      TargetGroup{kAllComputersId, std::string(kAllComputersName), std::nullopt},
      TargetGroup{kUnassignedComputersId, std::string(kUnassignedComputersName), kAllComputersId},
  };
}

bool IsBuiltInGroup(const Guid& id) { return id == kAllComputersId || id == kUnassignedComputersId; }

}  // namespace openwsus::policy
