// HttpChannel: one kept-alive HTTP/1.1 connection of a simulated computer,
// driven by C++20 coroutines on an Asio executor, so that one thread carries
// thousands of computers (fleet mode). It reconnects when the server closed
// the connection, and sends a request once more on a new connection when a
// kept-alive one turns out closed under it, as WUA's WinHTTP does.
//
// The head is written by RequestHead (refusing CR, LF and NUL in it) and the
// answer framed by HttpResponseParser, the same code the blocking client
// (http_client.h) uses. Plain Asio rather than Beast: the channel is small,
// and Beast costs compile time.
//
// Every connect, write and read must make progress within its timeout, or the
// call fails with Unavailable and the connection is dropped.
//
// Not thread-safe: one channel per simulated computer, on one executor.
#ifndef OPENWSUS_HTTP_CLIENT_HTTP_CHANNEL_H_
#define OPENWSUS_HTTP_CLIENT_HTTP_CHANNEL_H_

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "http/client/http_request_spec.h"
#include "http/client/http_response_parser.h"
#include "http/client/server_url.h"

namespace openwsus::http {

struct ChannelOptions {
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds io_timeout{std::chrono::seconds(120)};
  size_t max_body_bytes = size_t{256} << 20;
  std::string ca_file;  // PEM certificates to trust for https besides the system's
};

// Takes a successful (200 or 206) response body piece by piece as it
// arrives, with the status line and headers already read (downloads), so
// that a fleet never holds whole files in memory. An error ends the exchange
// and drops the connection.
using BodySink = std::function<Status(const HttpReply& head, std::string_view piece)>;

class HttpChannel {
 public:
  HttpChannel(boost::asio::any_io_executor executor, ServerUrl server, ChannelOptions options = {});
  ~HttpChannel();
  HttpChannel(const HttpChannel&) = delete;
  HttpChannel& operator=(const HttpChannel&) = delete;

  // The whole response of any status; with a `sink`, the body goes there
  // instead of into the reply. Connection failures are IoError naming the
  // server, timeouts Unavailable.
  boost::asio::awaitable<Result<HttpReply>> Send(const HttpRequestSpec& request, const BodySink* sink = nullptr);
  // Drops the connection (the next Send opens a new one).
  void Close();

  const ServerUrl& server() const;
  int connections_opened() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_CLIENT_HTTP_CHANNEL_H_
