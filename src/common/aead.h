// Aead: authenticated encryption with AES-256-GCM (OpenSSL EVP), used to seal the
// cookies we hand to clients so that nothing a client sends back is trusted or
// deserialized before its tag has been verified (architecture principle 4).
//
// Sealed form: nonce (12 random bytes) || ciphertext || tag (16 bytes). The nonce
// is random, so one key should seal well under 2^32 messages; rotate the key ring
// (key_ring.h) long before that. Stateless and thread-safe: every call uses its own
// OpenSSL context.
#ifndef OPENWSUS_COMMON_AEAD_H_
#define OPENWSUS_COMMON_AEAD_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus {

class Aead {
 public:
  static constexpr size_t kKeySize = 32;
  static constexpr size_t kNonceSize = 12;
  static constexpr size_t kTagSize = 16;
  static constexpr size_t kOverhead = kNonceSize + kTagSize;

  // Encrypts `plaintext` and authenticates it together with `associated_data`
  // (which is not stored in the output; Open must be given the same bytes).
  // Fails with InvalidArgument on a key that is not kKeySize bytes, Internal when
  // OpenSSL or the random source fails.
  static Result<std::string> Seal(std::string_view key, std::string_view plaintext, std::string_view associated_data);

  // The plaintext of a Seal output. Never throws: a short input, a wrong key, any
  // changed byte or different associated data all give Unauthenticated
  // ("cannot open sealed data: ..."); a bad key size gives InvalidArgument.
  static Result<std::string> Open(std::string_view key, std::string_view sealed, std::string_view associated_data);
};

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_AEAD_H_
