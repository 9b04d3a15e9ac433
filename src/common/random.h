// Random bytes from the operating system's CSPRNG (OpenSSL's RAND_bytes),
// for keys, nonces, token secrets and GUIDs. The one place that calls it, so
// that a failing random source is never ignored.
#ifndef OPENWSUS_COMMON_RANDOM_H_
#define OPENWSUS_COMMON_RANDOM_H_

#include <cstddef>
#include <string>

#include "common/result.h"
#include "common/status.h"

namespace openwsus {

// Fills `out` with `size` random bytes. Internal when the random source
// fails; `out` must then not be used.
Status FillRandom(void* out, size_t size);

// `size` random bytes.
Result<std::string> RandomBytes(size_t size);

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_RANDOM_H_
