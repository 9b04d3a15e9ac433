// RevisionIndex: what GetRevisionIdList answers from, built once per change
// number from Store::ReadRevisionIndex and shared by every request until the
// store moves on (a 20,000-update catalog is three queries and ~10 MB; a
// downstream's list must not cost that per call).
//
// Select() is MS-WSUSSS 3.1.4.5.3.1 as real WSUS answers it
// (protocol-wsusss.md (a) 7, (b), (h)):
//   GetConfig true:  every category and detectoid (latest revision each).
//   GetConfig false: software and driver updates in at least one listed
//                    category AND one listed classification; with both lists
//                    absent, all of them; with one absent, none. Membership
//                    is an update's IsCategory prerequisites, products not
//                    expanded to their parents (real WSUS does not either).
//                    What the matched updates bundle comes too, at any depth:
//                    bundle leaves often carry their product in a plain
//                    prerequisite, and a downstream given a bundle without
//                    its members cannot use it (upsync issue #2).
//   With an anchor:  only what changed after its change number, except that
//                    an id with Delta false brings everything in it again
//                    (the real server's behaviour), and a bundle that is
//                    sent brings all its members.
//
// Immutable after construction; safe to share between threads.
#ifndef OPENWSUS_WSUSSS_REVISION_INDEX_H_
#define OPENWSUS_WSUSSS_REVISION_INDEX_H_

#include <map>
#include <optional>
#include <vector>

#include "store/store.h"

namespace openwsus::wsusss {

struct IdAndDelta {
  Guid id;
  bool delta = false;
};

struct RevisionQuery {
  bool get_config = false;
  std::optional<int64_t> after;  // the anchor's change number; nullopt: no anchor
  std::vector<IdAndDelta> categories;
  std::vector<IdAndDelta> classifications;
};

class RevisionIndex {
 public:
  explicit RevisionIndex(store::RevisionIndexRows rows);

  int64_t change_number() const { return change_number_; }
  size_t size() const { return entries_.size(); }

  // The revisions to send, in revision id order, each once.
  std::vector<catalog::UpdateIdentity> Select(const RevisionQuery& query) const;

 private:
  // Whether entry `i` matches the filter lists; `fresh` says whether it is to
  // be sent whatever its change number (a Delta-false id matched it).
  bool Matches(const store::RevisionEntry& e, const RevisionQuery& query, bool* fresh) const;
  // Marks the members of bundle `i` (and theirs) to send.
  void AddMembers(size_t i, const RevisionQuery& query, bool whole, std::vector<bool>* send) const;
  bool Changed(const store::RevisionEntry& e, const RevisionQuery& query) const;

  int64_t change_number_;
  std::vector<store::RevisionEntry> entries_;
  std::map<Guid, size_t> by_id_;
};

}  // namespace openwsus::wsusss

#endif  // OPENWSUS_WSUSSS_REVISION_INDEX_H_
