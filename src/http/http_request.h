// HttpRequest: one complete HTTP request as a handler sees it. The server has
// already read the whole body (within the configured limit), so a handler is a
// pure function of this value and never touches a socket.
#ifndef OPENWSUS_HTTP_HTTP_REQUEST_H_
#define OPENWSUS_HTTP_HTTP_REQUEST_H_

#include <string>

#include "http/http_headers.h"

namespace openwsus::http {

struct HttpRequest {
  std::string method;  // as sent, e.g. "POST"; methods are case-sensitive (RFC 9110)
  std::string target;  // the request-target as sent: "/ClientWebService/client.asmx?x=1"
  std::string path;    // target up to '?', not percent-decoded
  std::string query;   // after '?', without it; empty when absent
  HttpHeaders headers;
  std::string body;
  std::string remote_address;  // the peer's IP address, e.g. "192.0.2.7" or "::1"
  bool tls = false;            // arrived on the HTTPS listener
};

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_HTTP_REQUEST_H_
