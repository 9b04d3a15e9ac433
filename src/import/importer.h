// Importer: brings update metadata into the store from files an administrator
// has: a `wsusutil export` Cabinet (package.xml + metadata.txt), one update XML
// document, or a folder of them. Everything one call imports lands in one
// transaction: a bad record aborts the whole import, names the record, and
// leaves the store exactly as it was.
#ifndef OPENWSUS_IMPORT_IMPORTER_H_
#define OPENWSUS_IMPORT_IMPORTER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/store.h"

namespace openwsus::import {

// A revision an import stored, for what follows an import: automatic
// approval rules for new updates, the new-revision options for known ones.
struct AddedRevision {
  Guid update_id;
  bool new_update = false;        // the first revision of this update
  std::string publication_state;  // "Expired" may decline the update
};

struct ImportReport {
  int64_t documents = 0;  // documents read
  int64_t added = 0;      // new revisions stored
  int64_t unchanged = 0;  // already stored, byte for byte
  std::vector<AddedRevision> added_revisions;
};

// Called after each document with (done, total); total is 0 when unknown.
using ProgressFn = std::function<void(int64_t done, int64_t total)>;

// One in-memory document, e.g. from the demo catalog compiled into the binary.
struct NamedDocument {
  std::string name;  // for error messages
  std::string xml;
};

class Importer {
 public:
  explicit Importer(store::Store* store) : store_(store) {}

  // PATH may be a .cab export, an .xml document or a directory of .xml documents.
  Result<ImportReport> ImportPath(const std::string& path, const ProgressFn& progress = {});
  Result<ImportReport> ImportDocuments(const std::vector<NamedDocument>& documents);

 private:
  store::Store* store_;  // not owned
};

}  // namespace openwsus::import

#endif  // OPENWSUS_IMPORT_IMPORTER_H_
