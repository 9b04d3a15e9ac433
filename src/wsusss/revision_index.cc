#include "wsusss/revision_index.h"

#include <algorithm>

namespace openwsus::wsusss {
namespace {

bool IsConfig(catalog::UpdateType type) {
  return type == catalog::UpdateType::kCategory || type == catalog::UpdateType::kDetectoid;
}

// The filter entry of `ids` that `e` belongs to, preferring one without Delta.
const IdAndDelta* FindMembership(const store::RevisionEntry& e, const std::vector<IdAndDelta>& ids) {
  const IdAndDelta* found = nullptr;
  for (const IdAndDelta& f : ids) {
    if (std::find(e.category_ids.begin(), e.category_ids.end(), f.id) == e.category_ids.end()) continue;
    if (!f.delta) return &f;
    found = &f;
  }
  return found;
}

}  // namespace

RevisionIndex::RevisionIndex(store::RevisionIndexRows rows)
    : change_number_(rows.change_number), entries_(std::move(rows.entries)) {
  for (size_t i = 0; i < entries_.size(); ++i) by_id_[entries_[i].identity.update_id] = i;
}

bool RevisionIndex::Changed(const store::RevisionEntry& e, const RevisionQuery& query) const {
  return !query.after || e.change_number > *query.after;
}

bool RevisionIndex::Matches(const store::RevisionEntry& e, const RevisionQuery& query, bool* fresh) const {
  *fresh = false;
  const IdAndDelta* category = FindMembership(e, query.categories);
  const IdAndDelta* classification = FindMembership(e, query.classifications);
  if (category == nullptr || classification == nullptr) return false;
  *fresh = !category->delta || !classification->delta;
  return true;
}

void RevisionIndex::AddMembers(size_t i, const RevisionQuery& query, bool whole, std::vector<bool>* send) const {
  std::vector<size_t> pending = {i};
  std::vector<bool> seen(entries_.size(), false);
  seen[i] = true;
  while (!pending.empty()) {
    const store::RevisionEntry& bundle = entries_[pending.back()];
    pending.pop_back();
    for (const Guid& member : bundle.bundled_ids) {
      auto it = by_id_.find(member);
      if (it == by_id_.end() || seen[it->second]) continue;
      seen[it->second] = true;
      if (whole || Changed(entries_[it->second], query)) (*send)[it->second] = true;
      pending.push_back(it->second);
    }
  }
}

std::vector<catalog::UpdateIdentity> RevisionIndex::Select(const RevisionQuery& query) const {
  std::vector<bool> send(entries_.size(), false);
  bool any_list = !query.categories.empty() || !query.classifications.empty();
  bool both_lists = !query.categories.empty() && !query.classifications.empty();
  for (size_t i = 0; i < entries_.size(); ++i) {
    const store::RevisionEntry& e = entries_[i];
    if (IsConfig(e.type) != query.get_config) continue;
    if (query.get_config || !any_list) {
      send[i] = send[i] || Changed(e, query);
      continue;
    }
    bool fresh = false;
    if (!both_lists || !Matches(e, query, &fresh)) continue;
    bool sent = fresh || Changed(e, query);
    send[i] = send[i] || sent;
    AddMembers(i, query, /*whole=*/sent || fresh, &send);
  }
  std::vector<catalog::UpdateIdentity> out;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (send[i]) out.push_back(entries_[i].identity);
  }
  return out;
}

}  // namespace openwsus::wsusss
