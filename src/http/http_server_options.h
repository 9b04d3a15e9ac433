// HttpServerOptions: where the HTTP server listens and the limits it puts on
// every connection. The defaults are the server's production defaults; the app
// fills this from ServerConfig.
#ifndef OPENWSUS_HTTP_HTTP_SERVER_OPTIONS_H_
#define OPENWSUS_HTTP_HTTP_SERVER_OPTIONS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace openwsus::http {

struct HttpServerOptions {
  std::string bind_address = "0.0.0.0";
  int http_port = 8530;       // WSUS's HTTP port; 0 picks a free port
  int https_port = 8531;      // used only when tls_cert_file is set; 0 picks a free port
  std::string tls_cert_file;  // PEM certificate chain; empty: no HTTPS listener
  std::string tls_key_file;   // PEM private key; required with tls_cert_file

  // Request line plus header fields. WUA's SOAP requests carry a few hundred
  // bytes of headers; 16 KiB leaves room for proxies' additions.
  size_t max_header_bytes = 16 * 1024;
  // Larger bodies get 413 and the connection closes. Status reports are the
  // biggest client requests and stay well under this.
  uint64_t max_body_bytes = 8 * 1024 * 1024;
  // A whole request (headers and body) must arrive within this of its first
  // byte, and a response must make progress within it; a new connection must
  // start its first request within it.
  std::chrono::milliseconds read_timeout{std::chrono::seconds(30)};
  // How long a kept-alive connection may wait for its next request. Longer than
  // the client's own idle timeout, so that the client, not we, closes the
  // connection and never sends a request into a socket we are closing; IIS,
  // which WSUS runs on, uses 120 s.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(120)};
  // Connections beyond this are answered 503 and closed at once. Below the
  // usual 1024 open-file limit so that the store and content files still open.
  size_t max_connections = 900;
  // Threads running the event loop; 0 means one per hardware thread.
  unsigned io_threads = 0;
  // Threads running request handlers; 0 means 32 per hardware thread, at
  // least 128. A client's write holds its thread until the batch holding
  // it commits, so in a storm most of them wait; a pool too small caps how
  // many writes one commit can take.
  unsigned handler_threads = 0;
  // Stop() waits this long for in-flight requests before cutting them.
  std::chrono::milliseconds shutdown_timeout{std::chrono::seconds(10)};
  // Sent as the Server header, e.g. "OpenWSUS/0.1.0".
  std::string server_header = "OpenWSUS";
};

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_HTTP_SERVER_OPTIONS_H_
