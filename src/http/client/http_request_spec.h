// HttpRequestSpec: one request as a client of this tree sends it, and the one
// writer of its head, which both client connections use (http_client.h,
// http_channel.h).
//
// The head is checked before a byte goes out: a method, target, header name
// or value holding CR, LF or NUL is refused, so that text taken from a
// server's answer or a user's flag can never inject a header or a second
// request.
//
// Plain values and a pure function; thread-safe.
#ifndef OPENWSUS_HTTP_CLIENT_HTTP_REQUEST_SPEC_H_
#define OPENWSUS_HTTP_CLIENT_HTTP_REQUEST_SPEC_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "http/client/server_url.h"

namespace openwsus::http {

struct HttpRequestSpec {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, e.g. "/api/v1/updates?approval=unapproved"
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Host, Connection, Content-Length
  std::string body;
};

// "<method> <base path><target> HTTP/1.1", Host, Connection when given,
// the headers, Content-Length (when there is a body, and always for POST and
// PUT), and the blank line. InvalidArgument for a CR, LF or NUL anywhere in
// the head, or a header name that is not a token.
Result<std::string> RequestHead(const ServerUrl& server, const HttpRequestSpec& request,
                                std::optional<std::string_view> connection = std::nullopt);

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_CLIENT_HTTP_REQUEST_SPEC_H_
