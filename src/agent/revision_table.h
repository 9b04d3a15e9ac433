// RevisionTable: what a reference agent knows of each update revision it
// was sent, parsed once from the Core fragment of SyncUpdates: identity,
// type, category parents, supersedence, bundle members, the compiled
// applicability rules and a driver's metadata; later the files and title
// GetExtendedUpdateInfo gave.
//
// Why shared: a server gives every client the same Core fragment for a
// revision id, so a fleet of thousands of simulated computers keeps one
// table, and each computer's cache (UpdateCache) holds only revision ids
// and deployments. That is what lets one process carry 10,000 computers
// against a 20,000-update catalog.
//
// Entries are never removed or moved: the pointers it hands out stay valid
// for the table's lifetime. Not thread-safe: one table per event-loop thread.
#ifndef OPENWSUS_AGENT_REVISION_TABLE_H_
#define OPENWSUS_AGENT_REVISION_TABLE_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "agent/applicability_rule.h"
#include "catalog/update.h"
#include "common/guid.h"
#include "common/result.h"

namespace openwsus::agent {

struct RevisionInfo {
  int32_t revision_id = 0;
  catalog::UpdateIdentity identity;
  catalog::UpdateType type = catalog::UpdateType::kSoftware;
  std::vector<Guid> category_parents;  // IsCategory prerequisites
  std::vector<Guid> supersedes;        // Relationships/SupersededUpdates
  std::vector<Guid> bundled;           // Relationships/BundledUpdates, alternatives included
  ApplicabilityRules rules;
  std::vector<catalog::DriverMetadata> drivers;  // driver updates: WindowsDriverMetaData
  std::string core;                              // the Core fragment itself, when the table keeps them
  // From GetExtendedUpdateInfo, once a client asked for it.
  bool extended_known = false;
  std::vector<catalog::UpdateFile> files;
  std::string title;
};

class RevisionTable {
 public:
  // With `keep_cores`, each entry keeps its Core fragment (RevisionInfo.core),
  // so that a datastore can be saved; a fleet has no use for them.
  explicit RevisionTable(bool keep_cores = false) : keep_cores_(keep_cores) {}

  // The revision, parsing `core` (a Core fragment) the first time the id is seen.
  Result<const RevisionInfo*> Intern(int32_t revision_id, std::string_view core);
  const RevisionInfo* Find(int32_t revision_id) const;
  RevisionInfo* FindMutable(int32_t revision_id);
  size_t size() const { return entries_.size(); }

 private:
  bool keep_cores_;
  std::deque<RevisionInfo> entries_;  // a deque: growing it moves nothing
  std::unordered_map<int32_t, RevisionInfo*> by_id_;
};

// Parses one Core fragment (several sibling roots) into `info`.
Status ParseCoreFragment(std::string_view core, RevisionInfo* info);

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_REVISION_TABLE_H_
