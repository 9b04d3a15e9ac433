// SendHttpRequest: the blocking HTTP/1.1 client, over TCP or TLS: what the
// CLI calls the administration API of a running `openwsus serve` with.
//
// One request per connection ("Connection: close"): the CLI makes a handful of
// calls per run, so keep-alive would buy nothing. Responses framed by
// Content-Length, by chunked transfer coding or by the close are all read
// (HttpResponseParser). TLS verifies the server's certificate and host name
// (or IP address) against the system's trust store, or against a CA file
// given for a self-signed server.
//
// Plain POSIX sockets and OpenSSL rather than Beast: the client is small, and
// Beast would add a minute of compile time to its users. The asynchronous
// client of the agent is http_channel.h.
//
// Thread-safe: each call has its own connection.
#ifndef OPENWSUS_HTTP_CLIENT_HTTP_CLIENT_H_
#define OPENWSUS_HTTP_CLIENT_HTTP_CLIENT_H_

#include <chrono>
#include <cstddef>
#include <string>

#include "common/result.h"
#include "http/client/http_request_spec.h"
#include "http/client/http_response_parser.h"
#include "http/client/server_url.h"

namespace openwsus::http {

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds io_timeout{std::chrono::seconds(300)};  // each read or write
  std::string ca_file;  // PEM certificates to trust besides the system's (self-signed servers)
  size_t max_body_bytes = size_t{256} << 20;
};

// Connects to `server`, sends `request` and reads the whole response.
// Connection failures are IoError naming the server; timeouts Unavailable;
// a request head with CR, LF or NUL in it InvalidArgument, before connecting.
Result<HttpReply> SendHttpRequest(const ServerUrl& server, const HttpRequestSpec& request,
                                  const HttpClientOptions& options = {});

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_CLIENT_HTTP_CLIENT_H_
