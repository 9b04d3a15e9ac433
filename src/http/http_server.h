// HttpServer: the HTTP/1.1 (and, with a certificate, HTTPS) listener that runs
// every request through one HttpHandler. It owns the sockets, the io threads
// and the limits of HttpServerOptions (header and body size, read and idle
// timeouts, connection count); handlers see only complete HttpRequests.
//
// Boost.Beast and Asio stay behind the pimpl: they are slow to compile, and
// every file that includes this header would pay for them.
//
// Thread-safety: Start() and Stop() are called from one controlling thread.
// The handler runs on a pool of handler threads, several requests at once,
// so it must be thread-safe; while it blocks (a client's write waiting for
// its commit) the io threads go on serving the other connections.
#ifndef OPENWSUS_HTTP_HTTP_SERVER_H_
#define OPENWSUS_HTTP_HTTP_SERVER_H_

#include <memory>
#include <optional>

#include "common/status.h"
#include "http/http_server_options.h"
#include "http/router.h"

namespace openwsus::http {

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();  // Stop()s if still running
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Loads the TLS certificate (if any), binds the listeners and starts the io
  // threads. Fails with InvalidArgument for a bad address or certificate and
  // IoError when a port cannot be bound. Call once.
  Status Start();

  // The bound ports, valid after a successful Start(): the real port when the
  // options asked for 0. https_port() is nullopt without a certificate.
  int http_port() const;
  std::optional<int> https_port() const;

  // Stops accepting, closes idle keep-alive connections, lets requests in
  // flight finish for up to shutdown_timeout, cuts the rest, and returns when
  // the io threads have ended. Safe to call more than once.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_HTTP_SERVER_H_
