// Xpress: the compression of WSUS's HTTP answers (Content-Encoding: xpress),
// [MS-XCA] 2.3/2.4 "Plain LZ77", framed as the real server frames it
// (protocol-wusp.md, HTTP): the body is a run of blocks, each
//   u32 uncompressed size | u32 compressed size | data     (little-endian)
// of at most kXpressBlockSize input bytes; a block whose two sizes are equal
// is stored as is (what compression could not shrink).
//
// The encoder looks for matches within the format's 8,192-byte window through
// a hash chain of bounded depth: CPU per byte stays flat whatever the input.
// The decoder is strict: a size past `max_output`, a match before the start of
// the output, a truncated block or trailing bytes are InvalidArgument; it
// never reads or writes outside its buffers ([MS-XCA] 2.4.4 requires that).
//
// Plain functions; thread-safe.
#ifndef OPENWSUS_COMMON_XPRESS_H_
#define OPENWSUS_COMMON_XPRESS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus {

// The block size a real WSUS 2025 was seen to use.
inline constexpr size_t kXpressBlockSize = 16352;

// One block in MS-XCA plain LZ77, without framing.
std::string Lz77Compress(std::string_view block);
// The inverse; `size` is the block's uncompressed size, known from its frame.
Result<std::string> Lz77Decompress(std::string_view data, size_t size);

// A whole HTTP body, framed.
std::string XpressEncode(std::string_view body);
Result<std::string> XpressDecode(std::string_view framed, size_t max_output);

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_XPRESS_H_
