// FileDownload: one update file fetched as Delivery Optimization fetches it
// from a WSUS: closed byte ranges of 1 MiB on the client's kept-alive
// connection, the size checked against the metadata and the bytes against
// both digests (SHA-1 and SHA-256), as Windows 8 and later clients do.
//
// The digests are computed as the bytes arrive, and every byte received is
// kept: an interrupted download resumes where it stopped, in the middle of a
// range if need be, instead of starting over. With a part file the bytes go
// to disk and a download that resumes in a new process reads the part back;
// without one they are only hashed, which is how a fleet of thousands
// downloads at once in bounded memory.
//
// Not thread-safe; one object per file being fetched.
#ifndef OPENWSUS_AGENT_CONTENT_DOWNLOADER_H_
#define OPENWSUS_AGENT_CONTENT_DOWNLOADER_H_

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "agent/wusp_client.h"
#include "catalog/update.h"
#include "common/hash.h"
#include "common/result.h"

namespace openwsus::agent {

class FileDownload {
 public:
  // `part_path` empty: the bytes are only hashed. Otherwise they are written
  // there; a part file already there (an earlier, interrupted run) is read
  // back and continued.
  static Result<std::unique_ptr<FileDownload>> Start(const catalog::UpdateFile& file, std::string part_path = "",
                                                     size_t chunk = size_t{1} << 20);
  ~FileDownload();
  FileDownload(const FileDownload&) = delete;
  FileDownload& operator=(const FileDownload&) = delete;

  // Fetches what is missing from `url`, resuming at received(); a failed
  // range is asked again, from where it stopped, up to `attempts` times.
  // Ok once the whole file is there and both digests match; DataLoss (and
  // the download starts over next time) when they do not.
  boost::asio::awaitable<Status> Run(WuspClient* client, const std::string& url, int attempts = 3);

  uint64_t received() const { return received_; }
  uint64_t size() const { return static_cast<uint64_t>(file_.size); }
  bool verified() const { return verified_; }
  int ranges() const { return ranges_; }    // range requests sent
  int resumes() const { return resumes_; }  // ranges asked again after a failure
  // Where a verified file is, when it has a part file: the part path without ".part".
  const std::string& final_path() const { return final_path_; }

 private:
  FileDownload(const catalog::UpdateFile& file, std::string part_path, size_t chunk);
  Status OpenPart();
  Status Take(const http::HttpReply& head, std::string_view piece, uint64_t first);
  Status Finish();
  void Restart();

  catalog::UpdateFile file_;
  std::string part_path_;
  std::string final_path_;
  size_t chunk_;
  FILE* part_ = nullptr;
  std::unique_ptr<Hasher> sha1_;
  std::unique_ptr<Hasher> sha256_;
  uint64_t received_ = 0;
  bool verified_ = false;
  int ranges_ = 0;
  int resumes_ = 0;
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_CONTENT_DOWNLOADER_H_
