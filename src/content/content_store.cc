#include "content/content_store.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "common/strings.h"

namespace openwsus::content {

std::string ContentStore::PathFor(const ContentPath& path) const {
  return content_dir_ + "/" + RelativeContentFile(path);
}

Result<ContentFileInfo> ContentStore::Find(const ContentPath& path) const {
  ContentPath candidate = path;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (attempt == 1) {
      std::string lower = AsciiLower(path.extension);
      if (lower == path.extension) break;
      candidate.extension = std::move(lower);
    }
    std::string file = PathFor(candidate);
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) continue;
      return Status::IoError("cannot stat " + file + ": " + std::strerror(errno));
    }
    if (!S_ISREG(info.st_mode)) continue;
    return ContentFileInfo{std::move(file), static_cast<uint64_t>(info.st_size), info.st_mtime};
  }
  return Status::NotFound("no such content file");
}

}  // namespace openwsus::content
