// HttpClient: the blocking HTTP/1.1 client the CLI uses to call the
// administration API of a running `openwsus serve`, over TCP or TLS.
//
// One request per connection ("Connection: close"): the CLI makes a handful of
// calls per run, so keep-alive would buy nothing. Responses framed by
// Content-Length, by chunked transfer coding or by the close are all read.
// TLS verifies the server's certificate and host name against the system's
// trust store, or against a CA file given for a self-signed server.
//
// Plain POSIX sockets and OpenSSL rather than Beast: the client is small, and
// Beast would add a minute of compile time to the CLI.
//
// Not thread-safe; a short-lived object per call is the intended use.
#ifndef OPENWSUS_CLI_HTTP_CLIENT_H_
#define OPENWSUS_CLI_HTTP_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/http_response_parser.h"
#include "common/result.h"

namespace openwsus::cli {

// Where the server is: "http://host:port/base" or "https://...". The scheme
// is optional (http is assumed); the port defaults to 80 or 443.
struct ServerUrl {
  bool tls = false;
  std::string host;  // a name, an IPv4 address, or an IPv6 address without brackets
  int port = 0;
  std::string base_path;  // "" or "/prefix", without a trailing slash

  // The canonical text, e.g. "http://127.0.0.1:8530" or "https://[::1]:8531/wsus".
  std::string ToString() const;
  // The value of the Host header.
  std::string HostHeader() const;
};

Result<ServerUrl> ParseServerUrl(std::string_view text);

struct HttpRequestSpec {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, e.g. "/api/v1/updates?approval=unapproved"
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Host, Connection, Content-Length
  std::string body;
};

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds io_timeout{std::chrono::seconds(300)};  // each read or write
  std::string ca_file;  // PEM certificates to trust besides the system's (self-signed servers)
  size_t max_body_bytes = size_t{256} << 20;
};

// Connects to `server`, sends `request` and reads the whole response.
// Connection failures are IoError naming the server; timeouts Unavailable.
Result<HttpReply> SendHttpRequest(const ServerUrl& server, const HttpRequestSpec& request,
                                  const HttpClientOptions& options = {});

// Requests one after another on one kept-alive connection, as a Windows
// Update Agent and Delivery Optimization make them (the reference agent uses
// this). The connection opens on the first request and again whenever the
// server closed it; a request that finds a kept-alive connection closed
// under it is sent once more on a new one.
//
// Not thread-safe: one session per thread.
class HttpSession {
 public:
  explicit HttpSession(ServerUrl server, HttpClientOptions options = {});
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  Result<HttpReply> Send(const HttpRequestSpec& request);
  const ServerUrl& server() const { return server_; }
  // Connections opened so far (a test sees keep-alive working).
  int connections_opened() const { return connections_opened_; }

 private:
  class Connection;
  ServerUrl server_;
  HttpClientOptions options_;
  std::unique_ptr<Connection> connection_;
  int connections_opened_ = 0;
};

}  // namespace openwsus::cli

#endif  // OPENWSUS_CLI_HTTP_CLIENT_H_
