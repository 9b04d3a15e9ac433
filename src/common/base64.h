// Base64 (RFC 4648, standard alphabet, with padding): file digests in update
// metadata and cookie data travel in this form.
#ifndef OPENWSUS_COMMON_BASE64_H_
#define OPENWSUS_COMMON_BASE64_H_

#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus {

std::string Base64Encode(std::string_view bytes);
// Strict: rejects characters outside the alphabet and bad padding; ignores
// nothing except that whitespace is not allowed either.
Result<std::string> Base64Decode(std::string_view text);

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_BASE64_H_
