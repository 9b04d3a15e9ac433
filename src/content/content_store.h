// ContentStore: update files on disk, addressed by SHA-1 in WSUS's layout,
// <data dir>/content/XX/SHA1HEX.ext (XX = the digest's last byte, upper-case
// hex). Files arrive under a temporary name and are renamed into place once
// verified (the demo seeder and, later, the content download), so a file seen
// here is complete and never changes.
//
// Thread-safe: it holds only the directory name.
#ifndef OPENWSUS_CONTENT_CONTENT_STORE_H_
#define OPENWSUS_CONTENT_CONTENT_STORE_H_

#include <cstdint>
#include <ctime>
#include <string>

#include "common/result.h"
#include "content/content_path.h"

namespace openwsus::content {

struct ContentFileInfo {
  std::string path;  // absolute file-system path
  uint64_t size = 0;
  std::time_t modified = 0;  // mtime, seconds since the epoch
};

class ContentStore {
 public:
  explicit ContentStore(std::string content_dir) : content_dir_(std::move(content_dir)) {}

  const std::string& content_dir() const { return content_dir_; }

  // Where the file belongs, whether or not it is there.
  std::string PathFor(const ContentPath& path) const;

  // The file for a parsed request path; NotFound unless it is a regular file.
  // The extension is tried as requested, then lower-cased: WSUS serves from a
  // case-insensitive file system and our files carry the extension of the
  // update's FileName, almost always lower-case.
  Result<ContentFileInfo> Find(const ContentPath& path) const;

 private:
  std::string content_dir_;
};

}  // namespace openwsus::content

#endif  // OPENWSUS_CONTENT_CONTENT_STORE_H_
