#include "store/sqlite/compression.h"

#include <zlib.h>

namespace openwsus::store {

std::string Compress(std::string_view bytes) {
  uLongf size = compressBound(static_cast<uLong>(bytes.size()));
  std::string out(size, '\0');
  // Level 6 is zlib's default; it costs about 10 ms per MB here.
  compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(bytes.data()),
            static_cast<uLong>(bytes.size()), 6);
  out.resize(size);
  return out;
}

Result<std::string> Decompress(std::string_view compressed, size_t size) {
  std::string out(size, '\0');
  uLongf out_size = static_cast<uLongf>(size);
  int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &out_size,
                      reinterpret_cast<const Bytef*>(compressed.data()), static_cast<uLong>(compressed.size()));
  if (rc != Z_OK || out_size != size) return Status::DataLoss("stored update document is corrupt");
  return out;
}

}  // namespace openwsus::store
