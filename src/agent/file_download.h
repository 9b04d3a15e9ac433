// FileDownload: one update file fetched as Delivery Optimization fetches it
// from a WSUS: closed byte ranges of 1 MiB on the client's kept-alive
// connection, the size checked against the metadata and the bytes against
// both digests (SHA-1 and SHA-256), as Windows 8 and later clients do.
//
// The file side is content::VerifiedDownload: the digests computed as the
// bytes arrive, and every byte received kept, so that an interrupted
// download resumes where it stopped, in the middle of a range if need be.
// With a part file the bytes go to disk and a download that resumes in a
// new process reads the part back; without one they are only hashed, which
// is how a fleet of thousands downloads at once in bounded memory.
//
// Not thread-safe; one object per file being fetched.
#ifndef OPENWSUS_AGENT_FILE_DOWNLOAD_H_
#define OPENWSUS_AGENT_FILE_DOWNLOAD_H_

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "agent/wusp_client.h"
#include "catalog/update.h"
#include "common/result.h"
#include "content/verified_download.h"

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

  uint64_t received() const { return file_->received(); }
  uint64_t size() const { return file_->size(); }
  bool verified() const { return file_->verified(); }
  int ranges() const { return ranges_; }    // range requests sent
  int resumes() const { return resumes_; }  // ranges asked again after a failure
  // Where a verified file is, when it has a part file: the part path without ".part".
  const std::string& final_path() const { return file_->final_path(); }

 private:
  FileDownload(std::unique_ptr<content::VerifiedDownload> file, size_t chunk);
  Status Take(const http::HttpReply& head, std::string_view piece, uint64_t first);

  std::unique_ptr<content::VerifiedDownload> file_;
  size_t chunk_;
  int ranges_ = 0;
  int resumes_ = 0;
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_FILE_DOWNLOAD_H_
