// GroupTree: a validated, immutable view of the computer target groups.
//
// Built once from the rows the store holds (Build refuses anything WSUS would
// never produce: a second root, an unknown parent, a cycle, duplicate ids or
// sibling names), then asked questions: lookups by id, name or path, ancestry
// for approval inheritance, and the checks the admin API runs before it writes a
// change. A change is made in the store and a new tree is built; the tree itself
// is never edited, so a const GroupTree may be shared between threads freely.
//
// Names compare case-insensitively, as WSUS (SQL Server's default collation)
// does. Only ASCII letters are folded; other characters must match exactly.
// Names are unique among siblings only, so the same name may appear under two
// parents; FindByName then asks for a path ("Workstations/Lab").
//
// Queries by id return nullptr / empty / -1 for an id the tree does not know:
// callers that need a reason check Find() first.
#ifndef OPENWSUS_POLICY_GROUP_TREE_H_
#define OPENWSUS_POLICY_GROUP_TREE_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/guid.h"
#include "common/result.h"
#include "common/status.h"
#include "policy/target_group.h"

namespace openwsus::policy {

class GroupTree {
 public:
  // Validates `groups`: it must hold All Computers (no parent) and Unassigned
  // Computers (child of All Computers); every other group names a known parent;
  // no cycles, no duplicate ids, no empty names, no two siblings with the same
  // name, nothing under Unassigned Computers. Errors are InvalidArgument and
  // name the offending group.
  static Result<GroupTree> Build(std::vector<TargetGroup> groups);
  // The tree of a fresh server: the two built-in groups only.
  static GroupTree BuiltIn();

  size_t size() const { return nodes_.size(); }
  // Every group, parents before children, siblings ordered by name.
  std::vector<TargetGroup> Groups() const;

  const TargetGroup* Find(const Guid& id) const;  // nullptr when unknown
  bool Contains(const Guid& id) const { return Find(id) != nullptr; }
  // `name` is a group name or a path of names separated by '/', either from the
  // root ("All Computers/Workstations/Lab") or a tail of it ("Workstations/Lab").
  // A plain name that two groups share is InvalidArgument, listing their paths;
  // no match is NotFound.
  Result<const TargetGroup*> FindByName(std::string_view name) const;

  // `id` first, then its parent, ... up to All Computers.
  std::vector<Guid> Ancestors(const Guid& id) const;
  // All Computers is 0, its children 1, ...; -1 when unknown.
  int Depth(const Guid& id) const;
  // Direct children, ordered by name.
  std::vector<Guid> Children(const Guid& id) const;
  // Children, grandchildren, ... (pre-order, by name), not `id` itself.
  std::vector<Guid> Descendants(const Guid& id) const;
  // Whether `ancestor` is a proper ancestor of `id`.
  bool IsAncestor(const Guid& ancestor, const Guid& id) const;
  // "All Computers/Workstations/Lab"; empty when unknown.
  std::string Path(const Guid& id) const;

  // Checks for the admin API, run before it writes. OK means the change keeps
  // the tree valid. NotFound for an unknown group, FailedPrecondition for what
  // the built-ins or the shape of the tree forbid, InvalidArgument for a bad
  // name, AlreadyExists for a sibling of the same name.
  Status CheckAdd(std::string_view name, const Guid& parent_id) const;
  Status CheckRename(const Guid& id, std::string_view new_name) const;
  Status CheckMove(const Guid& id, const Guid& new_parent_id) const;
  // Removing a group also removes its descendants (see Descendants()); their
  // computers fall back to Unassigned Computers when they have no other group.
  Status CheckRemove(const Guid& id) const;

  // The groups a computer is in, given the custom groups it is assigned to: the
  // known custom groups among `assigned` (duplicates and built-ins dropped,
  // order kept), or Unassigned Computers when there are none; then All
  // Computers. Unknown ids are dropped: a group removed under a computer leaves
  // it unassigned, as in WSUS.
  std::vector<Guid> EffectiveGroups(const std::vector<Guid>& assigned) const;
  // Client-side targeting: the groups named by the client (TargetGroup policy),
  // each a name or path as for FindByName. Names that match no group, or more
  // than one, are skipped, as WSUS skips names it does not know.
  std::vector<Guid> RequestedGroups(const std::vector<std::string>& names) const;

 private:
  struct Node {
    TargetGroup group;
    std::string folded_name;  // case-folded, for comparisons
    int parent = -1;
    int depth = 0;
    std::vector<int> children;  // ordered by name
  };

  GroupTree() = default;

  int IndexOf(const Guid& id) const;  // -1 when unknown
  // The sibling under `parent` named `name` (folded), other than `except`; -1 if none.
  int FindChild(int parent, std::string_view folded_name, int except) const;
  Status CheckNewName(std::string_view name, int parent, int except) const;
  void CollectDescendants(int node, std::vector<Guid>* out) const;

  std::vector<Node> nodes_;
  std::unordered_map<Guid, int, GuidHash> index_;
  int root_ = -1;
  int unassigned_ = -1;
};

}  // namespace openwsus::policy

#endif  // OPENWSUS_POLICY_GROUP_TREE_H_
