// VerifiedDownload: the file side of fetching an update file, whoever fetches
// it (the reference agent from its server, the sync client from an
// upstream): the bytes kept under a temporary name ending in ".part", or
// only hashed; SHA-1 and SHA-256 computed as they arrive; both checked
// against the metadata once the size is reached; and only then the part
// flushed to disk and renamed to its final name (architecture.md,
// principle 3), so that a file under its final name is always a verified
// one. A part file an interrupted run left behind is read back and hashed,
// so the download resumes where it stopped instead of starting over.
//
// How the bytes travel (ranges, retries) is the caller's business; this
// class only takes them in order.
//
// Not thread-safe; one object per file being fetched.
#ifndef OPENWSUS_CONTENT_VERIFIED_DOWNLOAD_H_
#define OPENWSUS_CONTENT_VERIFIED_DOWNLOAD_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "common/hash.h"
#include "common/result.h"

namespace openwsus::content {

// What the metadata says of the file.
struct ExpectedFile {
  std::string name;  // for messages
  uint64_t size = 0;
  std::string sha1;    // raw 20 bytes
  std::string sha256;  // raw 32 bytes; empty when the metadata has none (old updates)
};

class VerifiedDownload {
 public:
  // `part_path` empty: the bytes are only hashed. Otherwise it must end in
  // ".part"; a part file already there is read back and continued (one
  // longer than the file is no piece of it and is started over).
  // InvalidArgument for a file without size or SHA-1, or a bad part path.
  static Result<std::unique_ptr<VerifiedDownload>> Start(ExpectedFile file, std::string part_path = "");
  ~VerifiedDownload();
  VerifiedDownload(const VerifiedDownload&) = delete;
  VerifiedDownload& operator=(const VerifiedDownload&) = delete;

  // Takes the next bytes of the file. DataLoss for bytes beyond its size,
  // IoError when the part file cannot be written.
  Status Append(std::string_view piece);
  // REQUIRES: received() == size(). Checks both digests; when they match,
  // flushes the part file to disk and renames it to final_path(). When they
  // do not, the download starts over (the part emptied) and the answer is
  // DataLoss naming the digest.
  Status Finish();

  uint64_t received() const { return received_; }
  uint64_t size() const { return file_.size; }
  bool verified() const { return verified_; }
  const ExpectedFile& file() const { return file_; }
  // The part path without ".part"; empty without a part file.
  const std::string& final_path() const { return final_path_; }

 private:
  VerifiedDownload(ExpectedFile file, std::string part_path);
  Status OpenPart();
  void Restart();

  ExpectedFile file_;
  std::string part_path_;
  std::string final_path_;
  FILE* part_ = nullptr;
  std::unique_ptr<Hasher> sha1_;
  std::unique_ptr<Hasher> sha256_;
  uint64_t received_ = 0;
  bool verified_ = false;
};

}  // namespace openwsus::content

#endif  // OPENWSUS_CONTENT_VERIFIED_DOWNLOAD_H_
