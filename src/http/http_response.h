// HttpResponse: what a handler returns. The body is either bytes in memory or a
// file the server streams from disk, so that the content service can serve
// multi-gigabyte update files without loading them.
//
// A plain value type; not synchronised.
#ifndef OPENWSUS_HTTP_HTTP_RESPONSE_H_
#define OPENWSUS_HTTP_HTTP_RESPONSE_H_

#include <optional>
#include <string>

#include "common/status.h"
#include "http/http_headers.h"

namespace openwsus::http {

// A body read from a file when the response is written. The server sets
// Content-Length from the file's size at that moment.
//
// When the content service needs Range requests (BITS and Delivery
// Optimization ask for them), an offset and a length go here and the server
// gets a range-aware body type; handlers then keep returning this struct.
struct FileBody {
  std::string path;
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
