#include "content/verified_download.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace openwsus::content {
namespace {

constexpr std::string_view kPartSuffix = ".part";

}  // namespace

VerifiedDownload::VerifiedDownload(ExpectedFile file, std::string part_path)
    : file_(std::move(file)), part_path_(std::move(part_path)) {
  Restart();
}

VerifiedDownload::~VerifiedDownload() {
  if (part_ != nullptr) std::fclose(part_);
}

void VerifiedDownload::Restart() {
  sha1_ = std::make_unique<Hasher>(HashAlgorithm::kSha1);
  sha256_ = std::make_unique<Hasher>(HashAlgorithm::kSha256);
  received_ = 0;
  verified_ = false;
}

Result<std::unique_ptr<VerifiedDownload>> VerifiedDownload::Start(ExpectedFile file, std::string part_path) {
  if (file.size == 0) return Status::InvalidArgument("file " + file.name + " has no size");
  if (file.sha1.size() != 20) return Status::InvalidArgument("file " + file.name + " has no SHA-1 digest");
  if (!part_path.empty() && !part_path.ends_with(kPartSuffix)) {
    return Status::InvalidArgument("a part file must end in .part: " + part_path);
  }
  std::unique_ptr<VerifiedDownload> download(new VerifiedDownload(std::move(file), std::move(part_path)));
  if (!download->part_path_.empty()) OW_RETURN_IF_ERROR(download->OpenPart());
  return download;
}

// Opens the part file, reading back (and hashing) what an earlier run left.
Status VerifiedDownload::OpenPart() {
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

Status VerifiedDownload::Append(std::string_view piece) {
  if (received_ + piece.size() > size()) return Status::DataLoss(file_.name + ": more bytes than its size");
  if (part_ != nullptr && std::fwrite(piece.data(), 1, piece.size(), part_) != piece.size()) {
    return Status::IoError("cannot write " + part_path_ + ": " + std::strerror(errno));
  }
  sha1_->Update(piece);
  sha256_->Update(piece);
  received_ += piece.size();
  return Status::Ok();
}

Status VerifiedDownload::Finish() {
  bool sha1_ok = sha1_->Finish() == file_.sha1;
  bool sha256_ok = sha256_->Finish() == file_.sha256 || file_.sha256.empty();
  if (!sha1_ok || !sha256_ok) {
    if (part_ != nullptr) part_ = std::freopen(part_path_.c_str(), "w+b", part_);
    Restart();
    return Status::DataLoss(file_.name + ": " + (sha1_ok ? "SHA-256" : "SHA-1") + " does not match the metadata");
  }
  verified_ = true;
  if (part_ == nullptr) return Status::Ok();
  // On disk before it takes the final name: a crash never leaves a file
  // there whose bytes were not all written.
  bool synced = std::fflush(part_) == 0 && ::fsync(fileno(part_)) == 0;
  int error = errno;
  std::fclose(part_);
  part_ = nullptr;
  if (!synced) return Status::IoError("cannot write " + part_path_ + ": " + std::strerror(error));
  std::error_code ec;
  std::filesystem::rename(part_path_, final_path_, ec);
  if (ec) return Status::IoError("cannot rename " + part_path_ + ": " + ec.message());
  return Status::Ok();
}

}  // namespace openwsus::content
