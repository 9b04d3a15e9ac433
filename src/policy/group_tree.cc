#include "policy/group_tree.h"

#include <algorithm>
#include <deque>
#include <unordered_set>

#include "common/strings.h"

namespace openwsus::policy {
namespace {

// Characters, not bytes: the WSUS limit is on nvarchar characters.
size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string Describe(const TargetGroup& g) { return Quote(g.name) + " (" + g.id.ToString() + ")"; }

}  // namespace

Result<GroupTree> GroupTree::Build(std::vector<TargetGroup> groups) {
  GroupTree tree;
  tree.nodes_.reserve(groups.size());
  for (TargetGroup& g : groups) {
    if (g.id.IsNil()) return Status::InvalidArgument("group " + Quote(g.name) + " has the nil id");
    if (Trim(g.name, kOptionalWhitespace).empty())
      return Status::InvalidArgument("group " + g.id.ToString() + " has an empty name");
    const int index = static_cast<int>(tree.nodes_.size());
    if (!tree.index_.emplace(g.id, index).second) {
      return Status::InvalidArgument("duplicate group id " + g.id.ToString());
    }
    Node node;
    node.folded_name = AsciiLower(g.name);
    node.group = std::move(g);
    tree.nodes_.push_back(std::move(node));
  }

  tree.root_ = tree.IndexOf(kAllComputersId);
  if (tree.root_ < 0) {
    return Status::InvalidArgument("the groups lack the All Computers root (" + std::string(kAllComputersIdText) + ")");
  }
  if (tree.nodes_[tree.root_].group.parent_id) {
    return Status::InvalidArgument("All Computers is the root and cannot have a parent");
  }
  tree.unassigned_ = tree.IndexOf(kUnassignedComputersId);
  if (tree.unassigned_ < 0) {
    return Status::InvalidArgument("the groups lack Unassigned Computers (" + std::string(kUnassignedComputersIdText) +
                                   ")");
  }
  if (tree.nodes_[tree.unassigned_].group.parent_id != kAllComputersId) {
    return Status::InvalidArgument("Unassigned Computers must be a child of All Computers");
  }

  for (int i = 0; i < static_cast<int>(tree.nodes_.size()); ++i) {
    if (i == tree.root_) continue;
    const TargetGroup& g = tree.nodes_[i].group;
    if (!g.parent_id) {
      return Status::InvalidArgument("group " + Describe(g) + " has no parent; only All Computers is a root");
    }
    const int parent = tree.IndexOf(*g.parent_id);
    if (parent < 0) {
      return Status::InvalidArgument("group " + Describe(g) + " names an unknown parent " + g.parent_id->ToString());
    }
    if (parent == i) return Status::InvalidArgument("group " + Describe(g) + " is its own parent");
    if (parent == tree.unassigned_) {
      return Status::InvalidArgument("group " + Describe(g) + " is under Unassigned Computers, which has no subgroups");
    }
    tree.nodes_[i].parent = parent;
    tree.nodes_[parent].children.push_back(i);
  }

  // Every group must be reachable from the root; with one parent each, a group
  // that is not lies on a cycle or hangs below one.
  std::vector<bool> reached(tree.nodes_.size(), false);
  std::deque<int> queue{tree.root_};
  reached[tree.root_] = true;
  while (!queue.empty()) {
    const int n = queue.front();
    queue.pop_front();
    for (int c : tree.nodes_[n].children) {
      reached[c] = true;
      tree.nodes_[c].depth = tree.nodes_[n].depth + 1;
      queue.push_back(c);
    }
  }
  for (int i = 0; i < static_cast<int>(tree.nodes_.size()); ++i) {
    if (reached[i]) continue;
    std::vector<int> walk;
    std::vector<int> position(tree.nodes_.size(), -1);
    int n = i;
    while (position[n] < 0) {
      position[n] = static_cast<int>(walk.size());
      walk.push_back(n);
      n = tree.nodes_[n].parent;
    }
    // walk[position[n]..] is the cycle, child to parent; name it parent first.
    std::string cycle;
    for (int k = static_cast<int>(walk.size()) - 1; k >= position[n]; --k) {
      cycle += tree.nodes_[walk[k]].group.name + " > ";
    }
    cycle += tree.nodes_[walk.back()].group.name;
    return Status::InvalidArgument("groups form a cycle: " + cycle);
  }

  for (Node& node : tree.nodes_) {
    std::sort(node.children.begin(), node.children.end(), [&](int a, int b) {
      const Node& x = tree.nodes_[a];
      const Node& y = tree.nodes_[b];
      if (x.folded_name != y.folded_name) return x.folded_name < y.folded_name;
      return x.group.id < y.group.id;
    });
    for (size_t k = 1; k < node.children.size(); ++k) {
      const Node& a = tree.nodes_[node.children[k - 1]];
      const Node& b = tree.nodes_[node.children[k]];
      if (a.folded_name == b.folded_name) {
        return Status::InvalidArgument("groups " + Describe(a.group) + " and " + Describe(b.group) +
                                       " have the same name under " + Quote(node.group.name));
      }
    }
  }
  return tree;
}

GroupTree GroupTree::BuiltIn() {
  // Cannot fail: the built-ins are valid by construction.
  return Build(BuiltInGroups()).value();
}

std::vector<TargetGroup> GroupTree::Groups() const {
  std::vector<TargetGroup> out;
  out.reserve(nodes_.size());
  out.push_back(nodes_[root_].group);
  for (const Guid& id : Descendants(kAllComputersId)) out.push_back(*Find(id));
  return out;
}

int GroupTree::IndexOf(const Guid& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

const TargetGroup* GroupTree::Find(const Guid& id) const {
  const int i = IndexOf(id);
  return i < 0 ? nullptr : &nodes_[i].group;
}

Result<const TargetGroup*> GroupTree::FindByName(std::string_view name) const {
  const std::string folded = AsciiLower(Trim(name, kOptionalWhitespace));
  std::vector<int> matches;
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    if (nodes_[i].folded_name == folded) matches.push_back(i);
  }
  if (matches.empty() && folded.find('/') != std::string::npos) {
    // A path: its last segment names the group, the others its nearest ancestors.
    std::vector<std::string> segments;
    std::string_view rest = folded;
    while (true) {
      const size_t slash = rest.find('/');
      segments.emplace_back(Trim(rest.substr(0, slash), kOptionalWhitespace));
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
    if (!segments.empty() && segments.front().empty()) segments.erase(segments.begin());  // leading '/'
    for (int i = 0; i < static_cast<int>(nodes_.size()) && !segments.empty(); ++i) {
      int n = i;
      bool match = true;
      for (auto s = segments.rbegin(); s != segments.rend(); ++s) {
        if (n < 0 || nodes_[n].folded_name != *s) {
          match = false;
          break;
        }
        n = nodes_[n].parent;
      }
      if (match) matches.push_back(i);
    }
  }
  if (matches.empty()) return Status::NotFound("no group named " + Quote(name));
  if (matches.size() > 1) {
    std::vector<std::string> paths;
    for (int i : matches) paths.push_back(Path(nodes_[i].group.id));
    std::sort(paths.begin(), paths.end());
    std::string list;
    for (const std::string& p : paths) list += (list.empty() ? "" : ", ") + p;
    return Status::InvalidArgument("group name " + Quote(name) + " is ambiguous; give a path: " + list);
  }
  return &nodes_[matches.front()].group;
}

std::vector<Guid> GroupTree::Ancestors(const Guid& id) const {
  std::vector<Guid> out;
  for (int n = IndexOf(id); n >= 0; n = nodes_[n].parent) out.push_back(nodes_[n].group.id);
  return out;
}

int GroupTree::Depth(const Guid& id) const {
  const int i = IndexOf(id);
  return i < 0 ? -1 : nodes_[i].depth;
}

std::vector<Guid> GroupTree::Children(const Guid& id) const {
  std::vector<Guid> out;
  const int i = IndexOf(id);
  if (i < 0) return out;
  for (int c : nodes_[i].children) out.push_back(nodes_[c].group.id);
  return out;
}

void GroupTree::CollectDescendants(int node, std::vector<Guid>* out) const {
  for (int c : nodes_[node].children) {
    out->push_back(nodes_[c].group.id);
    CollectDescendants(c, out);
  }
}

std::vector<Guid> GroupTree::Descendants(const Guid& id) const {
  std::vector<Guid> out;
  const int i = IndexOf(id);
  if (i >= 0) CollectDescendants(i, &out);
  return out;
}

bool GroupTree::IsAncestor(const Guid& ancestor, const Guid& id) const {
  const int a = IndexOf(ancestor);
  const int i = IndexOf(id);
  if (a < 0 || i < 0) return false;
  for (int n = nodes_[i].parent; n >= 0; n = nodes_[n].parent) {
    if (n == a) return true;
  }
  return false;
}

std::string GroupTree::Path(const Guid& id) const {
  std::vector<Guid> chain = Ancestors(id);
  std::string path;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!path.empty()) path += '/';
    path += Find(*it)->name;
  }
  return path;
}

int GroupTree::FindChild(int parent, std::string_view folded_name, int except) const {
  for (int c : nodes_[parent].children) {
    if (c != except && nodes_[c].folded_name == folded_name) return c;
  }
  return -1;
}

Status GroupTree::CheckNewName(std::string_view name, int parent, int except) const {
  if (Trim(name, kOptionalWhitespace).empty()) return Status::InvalidArgument("a group name cannot be empty");
  if (Trim(name, kOptionalWhitespace).size() != name.size()) {
    return Status::InvalidArgument("group name " + Quote(name) + " begins or ends with a space");
  }
  if (Utf8Length(name) > kMaxGroupNameLength) {
    return Status::InvalidArgument("a group name can have at most " + std::to_string(kMaxGroupNameLength) +
                                   " characters; this one has " + std::to_string(Utf8Length(name)));
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Status::InvalidArgument("group name " + Quote(name) + " contains a control character");
    }
  }
  // '/' separates the names of a path (FindByName, the CLI's --group).
  if (name.find('/') != std::string_view::npos) {
    return Status::InvalidArgument("group name " + Quote(name) + " contains '/', which separates group paths");
  }
  const int clash = FindChild(parent, AsciiLower(name), except);
  if (clash >= 0) {
    return Status::AlreadyExists("a group named " + Quote(nodes_[clash].group.name) + " already exists under " +
                                 Quote(Path(nodes_[parent].group.id)));
  }
  return Status::Ok();
}

Status GroupTree::CheckAdd(std::string_view name, const Guid& parent_id) const {
  const int parent = IndexOf(parent_id);
  if (parent < 0) return Status::NotFound("parent group " + parent_id.ToString() + " does not exist");
  if (parent == unassigned_) {
    return Status::FailedPrecondition("groups cannot be created under Unassigned Computers");
  }
  return CheckNewName(name, parent, -1);
}

Status GroupTree::CheckRename(const Guid& id, std::string_view new_name) const {
  const int i = IndexOf(id);
  if (i < 0) return Status::NotFound("group " + id.ToString() + " does not exist");
  if (IsBuiltInGroup(id)) {
    return Status::FailedPrecondition("the built-in group " + Quote(nodes_[i].group.name) + " cannot be renamed");
  }
  return CheckNewName(new_name, nodes_[i].parent, i);
}

Status GroupTree::CheckMove(const Guid& id, const Guid& new_parent_id) const {
  const int i = IndexOf(id);
  if (i < 0) return Status::NotFound("group " + id.ToString() + " does not exist");
  const int parent = IndexOf(new_parent_id);
  if (parent < 0) return Status::NotFound("parent group " + new_parent_id.ToString() + " does not exist");
  const std::string& name = nodes_[i].group.name;
  if (IsBuiltInGroup(id)) {
    return Status::FailedPrecondition("the built-in group " + Quote(name) + " cannot be moved");
  }
  if (parent == unassigned_) {
    return Status::FailedPrecondition("groups cannot be moved under Unassigned Computers");
  }
  if (parent == i) return Status::FailedPrecondition("cannot move " + Quote(name) + " under itself");
  if (IsAncestor(id, new_parent_id)) {
    // Name the loop the move would close: the group, down to the new parent, and back.
    std::vector<Guid> chain = Ancestors(new_parent_id);
    std::string cycle;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      if (cycle.empty() && *it != id) continue;  // skip the part above the group
      cycle += Find(*it)->name + " > ";
    }
    cycle += name;
    return Status::FailedPrecondition("cannot move " + Quote(name) + " under its own descendant " +
                                      Quote(nodes_[parent].group.name) + ": that would make the cycle " + cycle);
  }
  if (nodes_[i].parent == parent) return Status::Ok();  // already there
  const int clash = FindChild(parent, nodes_[i].folded_name, i);
  if (clash >= 0) {
    return Status::AlreadyExists("a group named " + Quote(nodes_[clash].group.name) + " already exists under " +
                                 Quote(Path(new_parent_id)));
  }
  return Status::Ok();
}

Status GroupTree::CheckRemove(const Guid& id) const {
  const int i = IndexOf(id);
  if (i < 0) return Status::NotFound("group " + id.ToString() + " does not exist");
  if (IsBuiltInGroup(id)) {
    return Status::FailedPrecondition("the built-in group " + Quote(nodes_[i].group.name) + " cannot be removed");
  }
  return Status::Ok();
}

std::vector<Guid> GroupTree::EffectiveGroups(const std::vector<Guid>& assigned) const {
  std::vector<Guid> out;
  for (const Guid& id : assigned) {
    if (IsBuiltInGroup(id) || !Contains(id)) continue;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  if (out.empty()) out.push_back(kUnassignedComputersId);
  out.push_back(kAllComputersId);
  return out;
}

std::vector<Guid> GroupTree::RequestedGroups(const std::vector<std::string>& names) const {
  std::vector<Guid> out;
  for (const std::string& name : names) {
    auto found = FindByName(name);
    if (!found.ok()) continue;
    const Guid& id = (*found)->id;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

}  // namespace openwsus::policy
