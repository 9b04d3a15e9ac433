// CatalogIndex: the part of the scan snapshot that comes from the catalog
// (architecture.md, principle 2). One entry per update, for its latest
// revision: the revision id, the prerequisite graph over entry indexes,
// bundles, supersedence, whether the update is a leaf, and its Core fragment
// rendered once, entity-escaped, ready to be copied into a SyncUpdates
// response.
//
// Entries are numbered 0..size()-1 in revision id order. Prerequisites that
// name an update the catalog does not hold are dropped from their clause; a
// clause left empty can never be satisfied, so such an update is never
// delivered (a client could not evaluate it either).
//
// IsLeaf, as real WSUS computes it (protocol-wusp.md (b)): an update is a leaf
// unless the prerequisites of some update in the catalog name it, IsCategory
// clauses included. Bundle members are leaves unless named so.
//
// Immutable once built; share it between threads through a shared_ptr.
#ifndef OPENWSUS_SNAPSHOT_CATALOG_INDEX_H_
#define OPENWSUS_SNAPSHOT_CATALOG_INDEX_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/update.h"
#include "common/date_time.h"
#include "common/guid.h"
#include "common/result.h"
#include "store/store.h"

namespace openwsus::snapshot {

// One driver offer of a catalog entry: `entry` with its metadata `driver`.
struct DriverCandidate {
  uint32_t entry = 0;
  const catalog::DriverMetadata* driver = nullptr;
};

struct IndexedFile {
  std::string sha1;  // raw 20 bytes
  std::string file_name;
};

struct IndexedUpdate {
  int32_t revision_id = 0;
  Guid update_id;
  int32_t revision_number = 0;
  catalog::UpdateType type = catalog::UpdateType::kSoftware;
  catalog::CategoryType category_type = catalog::CategoryType::kNone;
  bool is_leaf = true;
  bool expired = false;  // PublicationState Expired: never offered again
  // Conjunctive normal form over entry indexes: every clause needs one of its
  // entries installed. `unsatisfiable`: a clause named only unknown updates.
  std::vector<std::vector<uint32_t>> prerequisites;
  bool unsatisfiable = false;
  // Entries named by IsCategory clauses: the products and classifications
  // (or, for a category, its parents) the update belongs to.
  std::vector<uint32_t> categories;
  std::vector<uint32_t> bundle_members;  // for a bundle: its members
  std::vector<uint32_t> bundled_by;      // the bundles that hold this update
  std::vector<uint32_t> superseded_by;   // the updates that supersede this one
  std::vector<IndexedFile> files;
  std::vector<catalog::DriverMetadata> drivers;  // driver updates: the devices they are for
  std::string creation_date;                     // as in the document, e.g. "2026-10-04T10:00:00Z"
  std::string creation_day;                      // its date, "2026-10-04", empty when it does not parse
  // When is_leaf last changed while this revision was in the catalog (a new
  // update named it as a prerequisite, or the last one that did went away).
  DateTime leaf_changed;
  std::string core_xml;  // the Core fragment, entity-escaped for <Xml>
};

class CatalogIndex {
 public:
  // Reads the latest revision of every update from `store`. Fails when a
  // stored document does not parse (naming it). `previous`, the index this
  // one replaces, carries leaf_changed over; entries whose IsLeaf differs
  // from it get `now`.
  static Result<std::shared_ptr<const CatalogIndex>> Build(store::Store* store, const CatalogIndex* previous = nullptr,
                                                           DateTime now = DateTime::Now());
  // From documents already in memory (tests): each the full XML of the
  // latest revision of an update, with its revision id, in any order.
  static Result<std::shared_ptr<const CatalogIndex>> FromRevisions(const std::vector<store::StoredRevision>& revisions,
                                                                   const CatalogIndex* previous = nullptr,
                                                                   DateTime now = DateTime());

  size_t size() const { return updates_.size(); }
  // REQUIRES: index < size().
  const IndexedUpdate& at(uint32_t index) const { return updates_[index]; }
  const std::vector<IndexedUpdate>& updates() const { return updates_; }

  // The entry whose latest revision is `revision_id`; nullopt for an older
  // revision, an unknown id or a forged one.
  std::optional<uint32_t> FindRevision(int32_t revision_id) const;
  std::optional<uint32_t> FindUpdate(const Guid& update_id) const;
  // The driver entries, in index order.
  const std::vector<uint32_t>& drivers() const { return drivers_; }
  // The drivers for a device id (lower case), each with its entry: what the
  // driver pass looks each id of a device up in. A real PC lists some 70
  // devices; ranking every driver of the catalog against each of them cost
  // milliseconds a scan.
  std::span<const DriverCandidate> DriversFor(const std::string& hardware_id) const;
  // The entry holding a file with this SHA-1, and the file; nullopt if none.
  std::optional<std::pair<uint32_t, const IndexedFile*>> FindFile(std::string_view sha1) const;

  // Bytes held by the rendered Core fragments, for logs and benchmarks.
  size_t core_bytes() const { return core_bytes_; }

  // Compact copies of what the scan's per-request loops read of every
  // entry, so that a SyncUpdates walks a few contiguous arrays instead of
  // 20,000 large IndexedUpdates (that walk was half of a full scan's time).
  enum KindBits : uint8_t {
    kDriverBit = 1,  // UpdateType Driver
    kCategoryOrDetectoidBit = 2,
    kNonLeafBit = 4,
    kNeverDeliverableBit = 8,  // expired, or a prerequisite clause names nothing we hold
    kBundleMemberBit = 16,
  };
  uint8_t kind(uint32_t entry) const { return kind_[entry]; }
  int32_t revision_id(uint32_t entry) const { return revision_ids_[entry]; }
  DateTime leaf_changed(uint32_t entry) const { return DateTime::FromTicks(leaf_changed_[entry]); }
  // Whether every prerequisite clause of `entry` has an alternative with a
  // non-zero byte in `installed` (one byte per entry).
  // The entries a request with these installed entries can possibly
  // deliver: those without prerequisites, and those whose gate clause names
  // an installed entry. An entry's gate is the clause most likely to fail on
  // a given computer: a detectoid or update clause (clients install every
  // category, whose IsInstalled is True, but only the detectoids that match
  // them), the one that gates the fewest others; among clauses of
  // categories only, likewise (a product before a classification). So a
  // full scan looks at a thousand candidates, not the whole catalog.
  // Drivers are in neither: the driver pass takes those its devices match.
  const std::vector<uint32_t>& roots() const { return roots_; }
  std::pair<const uint32_t*, const uint32_t*> GatedBy(uint32_t entry) const {
    return {gated_.data() + gated_first_[entry], gated_.data() + gated_first_[entry + 1]};
  }

  bool Satisfied(uint32_t entry, const uint8_t* installed) const {
    for (uint32_t c = prereq_first_[entry]; c < prereq_first_[entry + 1]; ++c) {
      bool any = false;
      for (uint32_t a = clause_first_[c]; a < clause_first_[c + 1] && !any; ++a) any = installed[alternatives_[a]] != 0;
      if (!any) return false;
    }
    return true;
  }

 private:
  class Builder;
  CatalogIndex() = default;
  // drivers_by_id_ points into updates_: a copy would point into the original.
  CatalogIndex(const CatalogIndex&) = delete;
  CatalogIndex& operator=(const CatalogIndex&) = delete;

  std::vector<IndexedUpdate> updates_;
  std::unordered_map<int32_t, uint32_t> by_revision_;
  std::unordered_map<Guid, uint32_t, GuidHash> by_update_;
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> by_sha1_;  // -> (entry, file)
  std::vector<uint32_t> drivers_;
  std::unordered_map<std::string, std::vector<DriverCandidate>> drivers_by_id_;
  std::vector<uint8_t> kind_;
  std::vector<int32_t> revision_ids_;
  std::vector<int64_t> leaf_changed_;   // ticks
  std::vector<uint32_t> prereq_first_;  // entry e's clauses: [prereq_first_[e], prereq_first_[e + 1])
  std::vector<uint32_t> clause_first_;  // clause c's alternatives: [clause_first_[c], clause_first_[c + 1])
  std::vector<uint32_t> alternatives_;
  std::vector<int32_t> entry_by_revision_;  // dense: revision id -> entry, -1 for none
  std::vector<uint32_t> roots_;
  std::vector<uint32_t> gated_first_;  // entry x gates [gated_first_[x], gated_first_[x + 1]) of gated_
  std::vector<uint32_t> gated_;
  size_t core_bytes_ = 0;
};

}  // namespace openwsus::snapshot

#endif  // OPENWSUS_SNAPSHOT_CATALOG_INDEX_H_
