#include "common/random.h"

#include <openssl/rand.h>

#include <climits>

namespace openwsus {

Status FillRandom(void* out, size_t size) {
  if (size > static_cast<size_t>(INT_MAX)) return Status::InvalidArgument("too many random bytes asked for");
  if (RAND_bytes(static_cast<unsigned char*>(out), static_cast<int>(size)) != 1) {
    return Status::Internal("the random source failed");
  }
  return Status::Ok();
}

Result<std::string> RandomBytes(size_t size) {
  std::string bytes(size, '\0');
  OW_RETURN_IF_ERROR(FillRandom(bytes.data(), bytes.size()));
  return bytes;
}

}  // namespace openwsus
