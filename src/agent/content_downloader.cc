#include "agent/content_downloader.h"

#include <algorithm>
#include <random>
#include <vector>

#include "common/hash.h"

namespace openwsus::agent {
namespace {

// One range of the file: its bytes, checked against the Content-Range.
Result<std::string> FetchRange(WuspClient* client, const std::string& url, uint64_t first, uint64_t last,
                               uint64_t size) {
  std::string range = "bytes=" + std::to_string(first) + "-" + std::to_string(last);
  OW_ASSIGN_OR_RETURN(cli::HttpReply reply, client->Fetch(url, range));
  std::string expected = "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size);
  if (reply.status != 206 || reply.Header("Content-Range") != expected) {
    return Status::DataLoss(url + " " + range + ": HTTP " + std::to_string(reply.status) + ", Content-Range '" +
                            reply.Header("Content-Range") + "'");
  }
  if (reply.body.size() != last - first + 1) return Status::DataLoss(url + " " + range + ": short body");
  return std::move(reply.body);
}

}  // namespace

Result<std::string> DownloadFile(WuspClient* client, const std::string& url, const catalog::UpdateFile& file,
                                 size_t chunk, uint32_t seed, DownloadStats* stats) {
  if (file.size <= 0) return Status::InvalidArgument("file " + file.file_name + " has no size");
  uint64_t size = static_cast<uint64_t>(file.size);
  std::vector<uint64_t> starts;
  for (uint64_t at = 0; at < size; at += chunk) starts.push_back(at);
  std::mt19937 random(seed);
  std::shuffle(starts.begin(), starts.end(), random);

  std::string bytes(size, '\0');
  DownloadStats local;
  for (uint64_t first : starts) {
    uint64_t last = std::min<uint64_t>(size, first + chunk) - 1;
    ++local.ranges;
    auto part = FetchRange(client, url, first, last, size);
    if (!part.ok()) {
      ++local.retries;
      ++local.ranges;
      part = FetchRange(client, url, first, last, size);
    }
    if (!part.ok()) return part.status();
    bytes.replace(first, part->size(), *part);
  }
  if (stats != nullptr) *stats = local;
  if (Sha1(bytes) != file.sha1) return Status::DataLoss(file.file_name + ": SHA-1 does not match the metadata");
  if (!file.sha256.empty() && Sha256(bytes) != file.sha256) {
    return Status::DataLoss(file.file_name + ": SHA-256 does not match the metadata");
  }
  return bytes;
}

}  // namespace openwsus::agent
