// ContentPath: the parsed form of a content request path,
// /Content/XX/SHA1HEX.ext, as WSUS publishes it in FileLocation URLs (XX is
// the last byte of the SHA-1 as two upper-case hex digits).
//
// The parser is the content service's only defence against path tricks, so it
// accepts exactly that shape and nothing else: the result names a file by
// digest and extension only, and never carries a piece of the request into a
// file-system path.
//
// Plain functions and a value type; thread-safe.
#ifndef OPENWSUS_CONTENT_CONTENT_PATH_H_
#define OPENWSUS_CONTENT_CONTENT_PATH_H_

#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus::content {

inline constexpr std::string_view kContentPrefix = "/Content/";

struct ContentPath {
  std::string sha1_hex;   // 40 upper-case hex digits
  std::string extension;  // as requested, without the dot: 1-16 of [A-Za-z0-9]
};

// Parses a request path (the target up to '?', not percent-decoded).
// "Content" and the hex digits match without regard to case, as on IIS.
// Errors:
//   InvalidArgument for a path that tries to escape or to smuggle bytes:
//     "..", '%' (any percent-encoding: %2e%2e, %2f, %5c, %00 ...), '\\',
//     "//", NUL and other control bytes;
//   NotFound for anything else that is not exactly the shape above (wrong
//     folder, a digest of another length or with non-hex digits, a folder
//     that is not the digest's last byte, a missing or odd extension).
Result<ContentPath> ParseContentPath(std::string_view path);

// "XX/SHA1HEX.ext" below the content directory: the WSUS layout.
std::string RelativeContentFile(const ContentPath& path);

}  // namespace openwsus::content

#endif  // OPENWSUS_CONTENT_CONTENT_PATH_H_
