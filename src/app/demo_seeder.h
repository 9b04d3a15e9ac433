// DemoSeeder: gives a new server something to show. On first start (an empty
// catalog) it imports the demo catalog compiled into the binary (demo/) and
// writes the demo content files where WSUS keeps content, so that clients can
// scan and download against a fresh `openwsus serve` with no other setup.
//
// Stateless; call from one thread at a time (the Store is single-threaded).
#ifndef OPENWSUS_APP_DEMO_SEEDER_H_
#define OPENWSUS_APP_DEMO_SEEDER_H_

#include <string>
#include <string_view>

#include "app/data_dir.h"
#include "common/result.h"
#include "store/store.h"

namespace openwsus::app {

struct DemoSeedReport {
  bool seeded = false;  // false: the catalog was not empty, nothing was done
  int64_t revisions = 0;
  int64_t content_files = 0;
};

class DemoSeeder {
 public:
  // Seeds `store` and the content folder of `data_dir` when the store holds
  // no revisions. The content goes first: it is idempotent, and a crash
  // between the two steps then leaves an empty catalog, which is seeded again
  // on the next start.
  static Result<DemoSeedReport> SeedIfEmpty(const DataDir& data_dir, store::Store* store);

  // Where WSUS keeps a file: <content dir>/XX/SHA1.ext, where SHA1 is the
  // upper-case hex SHA-1 of the bytes, XX its last two hex digits, and .ext
  // the original file name's extension ("" when it has none).
  static std::string ContentPath(const DataDir& data_dir, std::string_view sha1_hex_upper, std::string_view file_name);

  // Writes `bytes` to ContentPath() through a temporary file in tmp_dir()
  // and a rename, so that a reader never sees half a file. An existing file
  // of the same size is kept: the name is the content's hash.
  static Status WriteContentFile(const DataDir& data_dir, std::string_view file_name, std::string_view bytes);
};

}  // namespace openwsus::app

#endif  // OPENWSUS_APP_DEMO_SEEDER_H_
