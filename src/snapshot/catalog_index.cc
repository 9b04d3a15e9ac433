#include "snapshot/catalog_index.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "catalog/fragment_builder.h"
#include "catalog/update_parser.h"
#include "xml/xml_writer.h"

namespace openwsus::snapshot {

// Collects entries one document at a time, keeping of each parsed document
// only the ids its relationships name, and links them when all are in: a
// document may name an update that comes later in revision id order.
class CatalogIndex::Builder {
 public:
  Status Add(const store::StoredRevision& revision) {
    std::string context =
        "revision " + std::to_string(revision.revision_id) + " (update " + revision.update_id.ToString() + ")";
    auto update = catalog::ParseUpdate(revision.xml);
    if (!update.ok()) return update.status().WithContext(context);
    auto fragments = catalog::FragmentBuilder::FromDocument(revision.xml);
    if (!fragments.ok()) return fragments.status().WithContext(context);

    IndexedUpdate entry;
    entry.revision_id = revision.revision_id;
    entry.update_id = update->identity.update_id;
    entry.revision_number = update->identity.revision_number;
    entry.type = update->type;
    entry.category_type = update->category_type;
    entry.expired = update->publication_state == "Expired";
    entry.creation_date = update->creation_date;
    if (auto created = DateTime::Parse(entry.creation_date); created.ok()) entry.creation_day = created->ToDateString();
    for (const catalog::UpdateFile& f : update->files) entry.files.push_back({f.sha1, f.file_name});
    entry.drivers = std::move(update->drivers);
    xml::AppendEscapedText(&entry.core_xml, fragments->Core());
    entry.core_xml.shrink_to_fit();

    Links links;
    links.prerequisites = std::move(update->prerequisites);
    for (const catalog::BundleClause& clause : update->bundled_updates) {
      for (const catalog::UpdateIdentity& member : clause.members) links.members.push_back(member.update_id);
    }
    links.superseded = std::move(update->superseded_updates);
    entries_.push_back(std::move(entry));
    links_.push_back(std::move(links));
    return Status::Ok();
  }

  Result<std::shared_ptr<const CatalogIndex>> Finish(const CatalogIndex* previous, DateTime now) {
    std::shared_ptr<CatalogIndex> index(new CatalogIndex());
    std::vector<size_t> order(entries_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return entries_[a].revision_id < entries_[b].revision_id; });
    for (size_t i : order) {
      const IndexedUpdate& e = entries_[i];
      if (index->by_update_.count(e.update_id) != 0) {
        return Status::InvalidArgument("two latest revisions of update " + e.update_id.ToString());
      }
      auto at = static_cast<uint32_t>(index->updates_.size());
      index->by_update_[e.update_id] = at;
      index->by_revision_[e.revision_id] = at;
      index->updates_.push_back(std::move(entries_[i]));
    }
    std::vector<Links> links(order.size());
    for (size_t at = 0; at < order.size(); ++at) links[at] = std::move(links_[order[at]]);
    Link(index.get(), links);
    Compact(index.get());
    IndexGates(index.get());
    CarryLeafChanges(index.get(), previous, now);
    return std::shared_ptr<const CatalogIndex>(std::move(index));
  }

 private:
  struct Links {
    std::vector<catalog::PrerequisiteClause> prerequisites;
    std::vector<Guid> members;
    std::vector<Guid> superseded;
  };

  // A dense revision id index up to this many ids; beyond, the hash map alone.
  static constexpr int32_t kMaxDenseRevisionId = 16 << 20;

  static void Compact(CatalogIndex* index) {
    const std::vector<IndexedUpdate>& updates = index->updates_;
    int32_t max_revision = 0;
    for (const IndexedUpdate& u : updates) {
      uint8_t kind = 0;
      if (u.type == catalog::UpdateType::kDriver) kind |= kDriverBit;
      if (u.type == catalog::UpdateType::kCategory || u.type == catalog::UpdateType::kDetectoid) {
        kind |= kCategoryOrDetectoidBit;
      }
      if (!u.is_leaf) kind |= kNonLeafBit;
      if (u.expired || u.unsatisfiable) kind |= kNeverDeliverableBit;
      if (!u.bundled_by.empty()) kind |= kBundleMemberBit;
      index->kind_.push_back(kind);
      index->revision_ids_.push_back(u.revision_id);
      index->prereq_first_.push_back(static_cast<uint32_t>(index->clause_first_.size()));
      for (const auto& clause : u.prerequisites) {
        index->clause_first_.push_back(static_cast<uint32_t>(index->alternatives_.size()));
        index->alternatives_.insert(index->alternatives_.end(), clause.begin(), clause.end());
      }
      max_revision = std::max(max_revision, u.revision_id);
    }
    index->prereq_first_.push_back(static_cast<uint32_t>(index->clause_first_.size()));
    index->clause_first_.push_back(static_cast<uint32_t>(index->alternatives_.size()));
    if (max_revision < kMaxDenseRevisionId) {
      index->entry_by_revision_.assign(static_cast<size_t>(max_revision) + 1, -1);
      for (uint32_t e = 0; e < updates.size(); ++e) {
        if (updates[e].revision_id >= 0) index->entry_by_revision_[updates[e].revision_id] = static_cast<int32_t>(e);
      }
    }
  }

  // The clause of `u` to gate it by (see CatalogIndex::GatedBy).
  static constexpr uint64_t kCategoryCost = 1000;
  static size_t GateClause(const CatalogIndex& index, const IndexedUpdate& u, const std::vector<uint32_t>& needed_by) {
    size_t best = 0;
    uint64_t best_cost = UINT64_MAX;
    for (size_t c = 0; c < u.prerequisites.size(); ++c) {
      uint64_t cost = 0;
      for (uint32_t a : u.prerequisites[c]) {
        // Categories are installed on every client (their IsInstalled is
        // True), so a clause of categories filters almost nothing; a
        // detectoid or an update is installed on some clients only.
        bool category = index.updates_[a].type == catalog::UpdateType::kCategory;
        cost += (needed_by[a] + 1) * (category ? kCategoryCost : 1);
      }
      if (u.prerequisites[c].empty()) cost = 0;  // can never be satisfied: gates it for good
      if (cost < best_cost) {
        best_cost = cost;
        best = c;
      }
    }
    return best;
  }

  static void IndexGates(CatalogIndex* index) {
    const std::vector<IndexedUpdate>& updates = index->updates_;
    std::vector<uint32_t> needed_by(updates.size(), 0);
    for (const IndexedUpdate& u : updates) {
      for (const auto& clause : u.prerequisites) {
        for (uint32_t a : clause) ++needed_by[a];
      }
    }
    std::vector<std::vector<uint32_t>> gated(updates.size());
    for (uint32_t e = 0; e < updates.size(); ++e) {
      const IndexedUpdate& u = updates[e];
      // Drivers are found through the devices (DriversFor), not walked with
      // the software of every page.
      if (u.type == catalog::UpdateType::kDriver) continue;
      if (u.prerequisites.empty()) {
        index->roots_.push_back(e);
        continue;
      }
      for (uint32_t a : u.prerequisites[GateClause(*index, u, needed_by)]) gated[a].push_back(e);
    }
    for (uint32_t x = 0; x < updates.size(); ++x) {
      index->gated_first_.push_back(static_cast<uint32_t>(index->gated_.size()));
      index->gated_.insert(index->gated_.end(), gated[x].begin(), gated[x].end());
    }
    index->gated_first_.push_back(static_cast<uint32_t>(index->gated_.size()));
  }

  static void CarryLeafChanges(CatalogIndex* index, const CatalogIndex* previous, DateTime now) {
    if (previous == nullptr) {
      index->leaf_changed_.assign(index->updates_.size(), 0);
      return;
    }
    for (IndexedUpdate& e : index->updates_) {
      auto old = previous->FindRevision(e.revision_id);
      if (!old) continue;  // new to clients: no change to report
      const IndexedUpdate& before = previous->at(*old);
      e.leaf_changed = before.is_leaf == e.is_leaf ? before.leaf_changed : now;
    }
    index->leaf_changed_.clear();
    for (const IndexedUpdate& e : index->updates_) index->leaf_changed_.push_back(e.leaf_changed.ticks_since_epoch());
  }

  static void Link(CatalogIndex* index, const std::vector<Links>& links) {
    std::vector<IndexedUpdate>& updates = index->updates_;
    for (uint32_t at = 0; at < updates.size(); ++at) {
      IndexedUpdate& e = updates[at];
      for (const catalog::PrerequisiteClause& clause : links[at].prerequisites) {
        std::vector<uint32_t> known;
        for (const Guid& id : clause.update_ids) {
          auto target = index->FindUpdate(id);
          if (!target || *target == at) continue;
          if (std::find(known.begin(), known.end(), *target) == known.end()) known.push_back(*target);
          updates[*target].is_leaf = false;
          if (clause.is_category) e.categories.push_back(*target);
        }
        if (known.empty()) e.unsatisfiable = true;
        e.prerequisites.push_back(std::move(known));
      }
      for (const Guid& id : links[at].members) {
        auto member = index->FindUpdate(id);
        if (!member || *member == at) continue;
        e.bundle_members.push_back(*member);
        updates[*member].bundled_by.push_back(at);
      }
      for (const Guid& id : links[at].superseded) {
        auto old = index->FindUpdate(id);
        if (old && *old != at) updates[*old].superseded_by.push_back(at);
      }
    }
    for (uint32_t at = 0; at < updates.size(); ++at) {
      for (uint32_t f = 0; f < updates[at].files.size(); ++f) {
        index->by_sha1_.try_emplace(updates[at].files[f].sha1, at, f);
      }
      index->core_bytes_ += updates[at].core_xml.size();
      if (updates[at].type != catalog::UpdateType::kDriver) continue;
      index->drivers_.push_back(at);
      for (const catalog::DriverMetadata& d : updates[at].drivers)
        index->drivers_by_id_[d.hardware_id].push_back({at, &d});
    }
  }

  std::vector<IndexedUpdate> entries_;
  std::vector<Links> links_;
};

Result<std::shared_ptr<const CatalogIndex>> CatalogIndex::Build(store::Store* store, const CatalogIndex* previous,
                                                                DateTime now) {
  Builder builder;
  OW_RETURN_IF_ERROR(store->ForEachLatestRevision([&](const store::StoredRevision& r) { return builder.Add(r); }));
  return builder.Finish(previous, now);
}

Result<std::shared_ptr<const CatalogIndex>> CatalogIndex::FromRevisions(
    const std::vector<store::StoredRevision>& revisions, const CatalogIndex* previous, DateTime now) {
  Builder builder;
  for (const store::StoredRevision& r : revisions) OW_RETURN_IF_ERROR(builder.Add(r));
  return builder.Finish(previous, now);
}

std::span<const DriverCandidate> CatalogIndex::DriversFor(const std::string& hardware_id) const {
  auto it = drivers_by_id_.find(hardware_id);
  if (it == drivers_by_id_.end()) return {};
  return it->second;
}

std::optional<uint32_t> CatalogIndex::FindRevision(int32_t revision_id) const {
  if (!entry_by_revision_.empty()) {
    if (revision_id < 0 || static_cast<size_t>(revision_id) >= entry_by_revision_.size()) return std::nullopt;
    int32_t entry = entry_by_revision_[revision_id];
    if (entry < 0) return std::nullopt;
    return static_cast<uint32_t>(entry);
  }
  auto it = by_revision_.find(revision_id);
  if (it == by_revision_.end()) return std::nullopt;
  return it->second;
}

std::optional<uint32_t> CatalogIndex::FindUpdate(const Guid& update_id) const {
  auto it = by_update_.find(update_id);
  if (it == by_update_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::pair<uint32_t, const IndexedFile*>> CatalogIndex::FindFile(std::string_view sha1) const {
  auto it = by_sha1_.find(std::string(sha1));
  if (it == by_sha1_.end()) return std::nullopt;
  return std::make_pair(it->second.first, &updates_[it->second.first].files[it->second.second]);
}

}  // namespace openwsus::snapshot
