#include "agent/file_download.h"

#include <algorithm>

namespace openwsus::agent {
namespace {

// "bytes 0-1048575/3145728" -> its first byte, when the total is `size`.
bool RangeStartsAt(const std::string& content_range, uint64_t first, uint64_t size) {
  std::string prefix = "bytes " + std::to_string(first) + "-";
  std::string suffix = "/" + std::to_string(size);
  return content_range.rfind(prefix, 0) == 0 && content_range.size() > prefix.size() + suffix.size() &&
         content_range.compare(content_range.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

FileDownload::FileDownload(std::unique_ptr<content::VerifiedDownload> file, size_t chunk)
    : file_(std::move(file)), chunk_(std::max<size_t>(chunk, 1)) {}

FileDownload::~FileDownload() = default;

Result<std::unique_ptr<FileDownload>> FileDownload::Start(const catalog::UpdateFile& file, std::string part_path,
                                                          size_t chunk) {
  if (file.size <= 0) return Status::InvalidArgument("file " + file.file_name + " has no size");
  content::ExpectedFile expected{file.file_name, static_cast<uint64_t>(file.size), file.sha1, file.sha256};
  OW_ASSIGN_OR_RETURN(auto verified, content::VerifiedDownload::Start(std::move(expected), std::move(part_path)));
  return std::unique_ptr<FileDownload>(new FileDownload(std::move(verified), chunk));
}

Status FileDownload::Take(const http::HttpReply& head, std::string_view piece, uint64_t first) {
  // Checked on the first piece, before a byte is kept: a server that ignored
  // the Range would otherwise splice the file's start in the middle.
  if (received() == first && (head.status != 206 || !RangeStartsAt(head.Header("Content-Range"), first, size()))) {
    return Status::DataLoss(file_->file().name + ": asked for bytes from " + std::to_string(first) + ", got HTTP " +
                            std::to_string(head.status) + " Content-Range '" + head.Header("Content-Range") + "'");
  }
  return file_->Append(piece);
}

boost::asio::awaitable<Status> FileDownload::Run(WuspClient* client, const std::string& url, int attempts) {
  if (verified()) co_return Status::Ok();
  int failures = 0;
  while (received() < size()) {
    uint64_t first = received();
    uint64_t last = std::min<uint64_t>(size(), first + chunk_) - 1;
    http::BodySink sink = [this, first](const http::HttpReply& head, std::string_view piece) {
      return Take(head, piece, first);
    };
    ++ranges_;
    auto reply = co_await client->Fetch(url, "bytes=" + std::to_string(first) + "-" + std::to_string(last), &sink);
    Status status = reply.ok() ? Status::Ok() : reply.status();
    if (status.ok() && reply->status != 206) {
      status = Status::DataLoss(file_->file().name + ": HTTP " + std::to_string(reply->status) + " for a range");
    }
    if (status.ok() && received() != last + 1) status = Status::DataLoss(file_->file().name + ": short range");
    if (status.ok()) continue;
    if (++failures >= attempts) co_return status;
    ++resumes_;
  }
  co_return file_->Finish();
}

}  // namespace openwsus::agent
