// HttpResponse: what a handler returns. The body is either bytes in memory or a
// file the server streams from disk, so that the content service can serve
// multi-gigabyte update files without loading them.
//
// A plain value type; not synchronised.
#ifndef OPENWSUS_HTTP_HTTP_RESPONSE_H_
#define OPENWSUS_HTTP_HTTP_RESPONSE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"
#include "http/http_headers.h"

namespace openwsus::http {

// A body read from a file when the response is written: `length` bytes from
// `offset`, or everything from `offset` to the end when `length` is empty.
// The server sets Content-Length from the range (or from the file's size at
// that moment), and refuses with 500 rather than send a short body when the
// file no longer holds the range. The handler sets the status (206) and
// Content-Range; the server only sends the bytes.
//
// On plain HTTP the bytes go from the page cache to the socket with
// sendfile(2); on HTTPS they pass through userspace for encryption.
struct FileBody {
  std::string path;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;  // ignored when `file` is set
  std::optional<FileBody> file;

  // A body with its Content-Type.
  static HttpResponse Text(int status, std::string body);  // text/plain; charset=utf-8
  static HttpResponse Json(int status, std::string body);  // application/json
  static HttpResponse File(std::string path, std::string content_type);

  // The response for a failed Status: HttpStatusFor(status) with a short text
  // body. Server-side failures (5xx) say only the reason phrase: their
  // messages may name files and databases, which clients have no business
  // seeing; the caller logs the full Status.
  static HttpResponse ForStatus(const Status& status);
};

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_HTTP_RESPONSE_H_
