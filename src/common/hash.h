// SHA-1 and SHA-256 digests (OpenSSL), one-shot or streamed.
//
// Update files are addressed by SHA-1 (the protocol's FileDigest) and verified
// by SHA-256 as well (the AdditionalDigest that Windows 8 and later check).
#ifndef OPENWSUS_COMMON_HASH_H_
#define OPENWSUS_COMMON_HASH_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus {

enum class HashAlgorithm { kSha1, kSha256 };

// Streaming digest. Not thread-safe; one object per stream.
class Hasher {
 public:
  explicit Hasher(HashAlgorithm algorithm);
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void Update(std::string_view bytes);
  // The raw digest (20 or 32 bytes). The Hasher must not be used afterwards.
  std::string Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string Sha1(std::string_view bytes);    // raw 20 bytes
std::string Sha256(std::string_view bytes);  // raw 32 bytes

// Digests a whole file without loading it into memory.
Result<std::string> HashFile(const std::string& path, HashAlgorithm algorithm);

std::string HexEncode(std::string_view bytes, bool upper = false);
Result<std::string> HexDecode(std::string_view hex);

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_HASH_H_
