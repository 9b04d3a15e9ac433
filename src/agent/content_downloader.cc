#include "agent/content_downloader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace openwsus::agent {
namespace {

constexpr std::string_view kPartSuffix = ".part";

// "bytes 0-1048575/3145728" -> its first byte, when the total is `size`.
bool RangeStartsAt(const std::string& content_range, uint64_t first, uint64_t size) {
  std::string prefix = "bytes " + std::to_string(first) + "-";
  std::string suffix = "/" + std::to_string(size);
  return content_range.rfind(prefix, 0) == 0 && content_range.size() > prefix.size() + suffix.size() &&
         content_range.compare(content_range.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

FileDownload::FileDownload(const catalog::UpdateFile& file, std::string part_path, size_t chunk)
    : file_(file), part_path_(std::move(part_path)), chunk_(std::max<size_t>(chunk, 1)) {
  Restart();
}

FileDownload::~FileDownload() {
  if (part_ != nullptr) std::fclose(part_);
}

void FileDownload::Restart() {
  sha1_ = std::make_unique<Hasher>(HashAlgorithm::kSha1);
  sha256_ = std::make_unique<Hasher>(HashAlgorithm::kSha256);
  received_ = 0;
  verified_ = false;
}

Result<std::unique_ptr<FileDownload>> FileDownload::Start(const catalog::UpdateFile& file, std::string part_path,
                                                          size_t chunk) {
  if (file.size <= 0) return Status::InvalidArgument("file " + file.file_name + " has no size");
  if (file.sha1.size() != 20) return Status::InvalidArgument("file " + file.file_name + " has no SHA-1 digest");
  if (!part_path.empty() && !part_path.ends_with(kPartSuffix)) {
    return Status::InvalidArgument("a part file must end in .part: " + part_path);
  }
  std::unique_ptr<FileDownload> download(new FileDownload(file, std::move(part_path), chunk));
  if (!download->part_path_.empty()) OW_RETURN_IF_ERROR(download->OpenPart());
  return download;
}

// Opens the part file, reading back (and hashing) what an earlier run left.
Status FileDownload::OpenPart() {
  final_path_ = part_path_.substr(0, part_path_.size() - kPartSuffix.size());
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(part_path_).parent_path(), ec);
  uint64_t left = std::filesystem::exists(part_path_, ec) ? std::filesystem::file_size(part_path_, ec) : 0;
  // Longer than the file: not a piece of it; start over.
  part_ = std::fopen(part_path_.c_str(), ec || left > size() ? "w+b" : "a+b");
  if (part_ == nullptr) return Status::IoError("cannot open " + part_path_ + ": " + std::strerror(errno));
  std::rewind(part_);
  std::vector<char> buffer(size_t{1} << 16);
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), part_)) {
    sha1_->Update(std::string_view(buffer.data(), n));
    sha256_->Update(std::string_view(buffer.data(), n));
    received_ += n;
  }
  return Status::Ok();
}

Status FileDownload::Take(const http::HttpReply& head, std::string_view piece, uint64_t first) {
  // Checked on the first piece, before a byte is kept: a server that ignored
  // the Range would otherwise splice the file's start in the middle.
  if (received_ == first && (head.status != 206 || !RangeStartsAt(head.Header("Content-Range"), first, size()))) {
    return Status::DataLoss(file_.file_name + ": asked for bytes from " + std::to_string(first) + ", got HTTP " +
                            std::to_string(head.status) + " Content-Range '" + head.Header("Content-Range") + "'");
  }
  if (received_ + piece.size() > size()) return Status::DataLoss(file_.file_name + ": more bytes than its size");
  if (part_ != nullptr && std::fwrite(piece.data(), 1, piece.size(), part_) != piece.size()) {
    return Status::IoError("cannot write " + part_path_ + ": " + std::strerror(errno));
  }
  sha1_->Update(piece);
  sha256_->Update(piece);
  received_ += piece.size();
  return Status::Ok();
}

Status FileDownload::Finish() {
  bool sha1_ok = sha1_->Finish() == file_.sha1;
  bool sha256_ok = sha256_->Finish() == file_.sha256 || file_.sha256.empty();
  if (!sha1_ok || !sha256_ok) {
    if (part_ != nullptr) part_ = std::freopen(part_path_.c_str(), "w+b", part_);
    Restart();
    return Status::DataLoss(file_.file_name + ": " + (sha1_ok ? "SHA-256" : "SHA-1") + " does not match the metadata");
  }
  verified_ = true;
  if (part_ != nullptr) {
    std::fclose(part_);
    part_ = nullptr;
    std::error_code ec;
    std::filesystem::rename(part_path_, final_path_, ec);
    if (ec) return Status::IoError("cannot rename " + part_path_ + ": " + ec.message());
  }
  return Status::Ok();
}

boost::asio::awaitable<Status> FileDownload::Run(WuspClient* client, const std::string& url, int attempts) {
  if (verified_) co_return Status::Ok();
  int failures = 0;
  while (received_ < size()) {
    uint64_t first = received_;
    uint64_t last = std::min<uint64_t>(size(), first + chunk_) - 1;
    http::BodySink sink = [this, first](const http::HttpReply& head, std::string_view piece) {
      return Take(head, piece, first);
    };
    ++ranges_;
    auto reply = co_await client->Fetch(url, "bytes=" + std::to_string(first) + "-" + std::to_string(last), &sink);
    Status status = reply.ok() ? Status::Ok() : reply.status();
    if (status.ok() && reply->status != 206) {
      status = Status::DataLoss(file_.file_name + ": HTTP " + std::to_string(reply->status) + " for a range");
    }
    if (status.ok() && received_ != last + 1) status = Status::DataLoss(file_.file_name + ": short range");
    if (status.ok()) continue;
    if (++failures >= attempts) co_return status;
    ++resumes_;
  }
  co_return Finish();
}

}  // namespace openwsus::agent
