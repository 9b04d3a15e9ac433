// TargetGroup: one computer target group, and the two groups every WSUS server has.
//
// Groups form a tree rooted at All Computers (see GroupTree). The two built-in
// groups carry the fixed ids WSUS gives them (ComputerTargetGroupId.AllComputers
// and .UnassignedComputers in the WSUS API): downstream replicas and migrated
// databases name them by these ids, so they must never be generated.
//
// Membership follows WSUS: a computer may be in several custom groups; one in no
// custom group is in Unassigned Computers; every computer is in All Computers.
// Plain data; safe to copy between threads.
#ifndef OPENWSUS_POLICY_TARGET_GROUP_H_
#define OPENWSUS_POLICY_TARGET_GROUP_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/guid.h"

namespace openwsus::policy {

struct TargetGroup {
  Guid id;
  std::string name;
  std::optional<Guid> parent_id;  // nullopt only for All Computers

  bool operator==(const TargetGroup&) const = default;
};

inline constexpr std::string_view kAllComputersIdText = "a0a08746-4dbe-4a37-9adf-9e7652c0b421";
inline constexpr std::string_view kUnassignedComputersIdText = "b73ca6ed-5727-47f3-84de-015e03f6a88a";
inline constexpr std::string_view kAllComputersName = "All Computers";
inline constexpr std::string_view kUnassignedComputersName = "Unassigned Computers";

// Inline variables: every translation unit that includes this header sees them
// initialized before its own statics, so they are safe to use at static init.
inline const Guid kAllComputersId = Guid::Parse(kAllComputersIdText).value();
inline const Guid kUnassignedComputersId = Guid::Parse(kUnassignedComputersIdText).value();

// WSUS stores group names as nvarchar(256).
inline constexpr size_t kMaxGroupNameLength = 256;

// All Computers (the root) and Unassigned Computers (its child), in that order.
std::vector<TargetGroup> BuiltInGroups();

bool IsBuiltInGroup(const Guid& id);

}  // namespace openwsus::policy

#endif  // OPENWSUS_POLICY_TARGET_GROUP_H_
