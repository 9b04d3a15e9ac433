// The group tree the policy tests share:
//
//   All Computers
//   ├── Servers
//   ├── Unassigned Computers
//   └── Workstations
//       └── Lab
//           └── Bench
#ifndef OPENWSUS_POLICY_TEST_GROUPS_H_
#define OPENWSUS_POLICY_TEST_GROUPS_H_

#include <vector>

#include "policy/group_tree.h"

namespace openwsus::policy::testgroups {

inline const Guid kWorkstations = Guid::Parse("00000000-0000-4000-8000-000000000001").value();
inline const Guid kLab = Guid::Parse("00000000-0000-4000-8000-000000000002").value();
inline const Guid kBench = Guid::Parse("00000000-0000-4000-8000-000000000003").value();
inline const Guid kServers = Guid::Parse("00000000-0000-4000-8000-000000000004").value();

inline std::vector<TargetGroup> Groups() {
  std::vector<TargetGroup> groups = BuiltInGroups();
  groups.push_back({kBench, "Bench", kLab});  // children before parents on purpose
  groups.push_back({kLab, "Lab", kWorkstations});
  groups.push_back({kWorkstations, "Workstations", kAllComputersId});
  groups.push_back({kServers, "Servers", kAllComputersId});
  return groups;
}

inline GroupTree Tree() { return GroupTree::Build(Groups()).value(); }

}  // namespace openwsus::policy::testgroups

#endif  // OPENWSUS_POLICY_TEST_GROUPS_H_
