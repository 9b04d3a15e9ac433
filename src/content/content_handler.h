// ContentHandler: GET and HEAD of /Content/XX/SHA1.ext, the URLs that
// FileLocation elements give Windows Update Agents and downstream servers.
//
// Answers 200 with the whole file, 206 with one range (Delivery Optimization
// asks for 1 MiB closed ranges, BITS for open ones), or 416; always with
// Accept-Ranges, a strong ETag made from the SHA-1 (the file cannot change
// under its digest) and Last-Modified from the file's mtime, so that a client
// resuming across connections or servers sees the same validators. The body
// goes out as an http::FileBody range (sendfile on plain HTTP) and is never
// compressed. If-Range is honoured; nothing else conditional (no client sends
// it). Bad paths: 400 for tricks, 404 for the rest (see ParseContentPath).
//
// Thread-safe: Handle() is const and touches only the file system.
#ifndef OPENWSUS_CONTENT_CONTENT_HANDLER_H_
#define OPENWSUS_CONTENT_CONTENT_HANDLER_H_

#include <ctime>
#include <string>

#include "content/content_store.h"
#include "http/http_request.h"
#include "http/http_response.h"

namespace openwsus::content {

class ContentHandler {
 public:
  explicit ContentHandler(const ContentStore* store) : store_(store) {}

  http::HttpResponse Handle(const http::HttpRequest& request) const;

 private:
  const ContentStore* store_;  // not owned; outlives the handler
};

// An IMF-fixdate (RFC 9110 5.6.7), e.g. "Wed, 02 Sep 2026 08:30:53 GMT".
std::string HttpDate(std::time_t time);

}  // namespace openwsus::content

#endif  // OPENWSUS_CONTENT_CONTENT_HANDLER_H_
