// DownloadFile: fetches one update file as Delivery Optimization does, in
// closed byte ranges of `chunk` bytes (1 MiB by default) in shuffled order
// on the client's kept-alive session, then checks the size against the
// metadata and the bytes against both digests (SHA-1 and SHA-256), as
// Windows 8 and later clients do. A range that fails is asked again once;
// ranges already received are kept (resuming, not restarting).
#ifndef OPENWSUS_AGENT_CONTENT_DOWNLOADER_H_
#define OPENWSUS_AGENT_CONTENT_DOWNLOADER_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "agent/wusp_client.h"
#include "catalog/update.h"
#include "common/result.h"

namespace openwsus::agent {

struct DownloadStats {
  int ranges = 0;   // range requests sent
  int retries = 0;  // of which were asked again
};

// The file's bytes; DataLoss when a digest or the size does not match.
Result<std::string> DownloadFile(WuspClient* client, const std::string& url, const catalog::UpdateFile& file,
                                 size_t chunk = size_t{1} << 20, uint32_t seed = 1, DownloadStats* stats = nullptr);

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_CONTENT_DOWNLOADER_H_
