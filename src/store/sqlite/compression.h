// zlib compression of stored update documents: the XML is kept byte for byte,
// but a catalog's documents are repetitive text that shrinks about eight-fold.
#ifndef OPENWSUS_STORE_SQLITE_COMPRESSION_H_
#define OPENWSUS_STORE_SQLITE_COMPRESSION_H_

#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus::store {

std::string Compress(std::string_view bytes);
// `size` is the original length, stored beside the compressed bytes.
Result<std::string> Decompress(std::string_view compressed, size_t size);

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_SQLITE_COMPRESSION_H_
