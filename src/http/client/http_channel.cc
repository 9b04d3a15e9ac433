#include "http/client/http_channel.h"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "common/strings.h"

namespace openwsus::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// Small reads: a fleet has thousands of these in flight at once.
constexpr size_t kReadChunk = 16 * 1024;

// One TLS context per CA file for the whole process: loading the system's
// trust store costs milliseconds and hundreds of kilobytes, too much to pay
// per simulated computer.
Result<std::shared_ptr<asio::ssl::context>> SharedTlsContext(const std::string& ca_file) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<asio::ssl::context>> contexts;
  std::lock_guard lock(mutex);
  auto& context = contexts[ca_file];
  if (context) return context;
  auto made = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  error_code ec;
  made->set_default_verify_paths(ec);
  if (!ca_file.empty()) made->load_verify_file(ca_file, ec);
  if (ec) return Status::InvalidArgument("cannot load CA file '" + ca_file + "': " + ec.message());
  made->set_verify_mode(asio::ssl::verify_peer);
  context = made;
  return context;
}

}  // namespace

class HttpChannel::Impl {
 public:
  Impl(asio::any_io_executor executor, ServerUrl server, ChannelOptions options)
      : executor_(std::move(executor)), server_(std::move(server)), options_(std::move(options)), timer_(executor_) {}

  asio::awaitable<Result<HttpReply>> Send(const HttpRequestSpec& request, const BodySink* sink) {
    // Refused before a connection is made or reused.
    auto head = RequestHead(server_, request);
    if (!head.ok()) co_return head.status();
    bool reused = IsOpen();
    auto reply = co_await Exchange(*head, request, sink);
    // A kept-alive connection the server closed meanwhile fails before any
    // byte of the answer: send again once, on a new connection.
    if (!reply.ok() && reused && nothing_received_) {
      Close();
      reply = co_await Exchange(*head, request, sink);
    }
    co_return reply;
  }

  void Close() {
    error_code ignored;
    if (tls_) tls_->lowest_layer().close(ignored);
    tls_.reset();
    if (socket_) socket_->close(ignored);
    socket_.reset();
  }

  const ServerUrl& server() const { return server_; }
  int connections_opened() const { return connections_opened_; }

 private:
  bool IsOpen() const { return (socket_ && socket_->is_open()) || (tls_ && tls_->lowest_layer().is_open()); }

  tcp::socket& Lowest() { return tls_ ? tls_->next_layer() : *socket_; }

  // Closes the connection when `timeout` passes before Disarm().
  void Arm(std::chrono::milliseconds timeout) {
    timer_.expires_after(timeout);
    timer_.async_wait([this, generation = ++generation_](error_code ec) {
      if (ec || generation != generation_ || !IsOpen()) return;  // cancelled or re-armed
      timed_out_ = true;
      error_code ignored;
      Lowest().close(ignored);
    });
  }
  void Disarm() { timer_.cancel(); }

  Status Failure(const std::string& what, const error_code& ec) {
    Close();
    if (timed_out_) return Status::Unavailable(server_.ToString() + ": " + what + " timed out");
    return Status::IoError(server_.ToString() + ": " + what + ": " + ec.message());
  }

  asio::awaitable<Status> Open() {
    Close();
    timed_out_ = false;
    if (endpoints_.empty()) {
      tcp::resolver resolver(executor_);
      auto [ec, results] = co_await resolver.async_resolve(server_.host, std::to_string(server_.port), kNoThrow);
      if (ec) co_return Status::IoError("cannot resolve '" + server_.host + "': " + ec.message());
      for (const auto& entry : results) endpoints_.push_back(entry.endpoint());
    }
    socket_.emplace(executor_);
    Arm(options_.connect_timeout);
    auto [ec, endpoint] = co_await asio::async_connect(*socket_, endpoints_, kNoThrow);
    Disarm();
    if (ec) co_return Failure("connect", ec);
    socket_->set_option(tcp::no_delay(true));
    ++connections_opened_;
    if (server_.tls) co_return co_await StartTls();
    co_return Status::Ok();
  }

  asio::awaitable<Status> StartTls() {
    auto context = SharedTlsContext(options_.ca_file);
    if (!context.ok()) co_return context.status();
    tls_context_ = *context;
    tls_ = std::make_unique<asio::ssl::stream<tcp::socket>>(std::move(*socket_), *tls_context_);
    socket_.reset();
    SSL_set_tlsext_host_name(tls_->native_handle(), server_.host.c_str());
    tls_->set_verify_callback(asio::ssl::host_name_verification(server_.host));
    Arm(options_.connect_timeout);
    auto [ec] = co_await tls_->async_handshake(asio::ssl::stream_base::client, kNoThrow);
    Disarm();
    if (ec) co_return Failure("TLS handshake", ec);
    co_return Status::Ok();
  }

  template <typename Buffers>
  asio::awaitable<std::tuple<error_code, size_t>> WriteAll(const Buffers& buffers) {
    if (tls_) co_return co_await asio::async_write(*tls_, buffers, kNoThrow);
    co_return co_await asio::async_write(*socket_, buffers, kNoThrow);
  }

  asio::awaitable<std::tuple<error_code, size_t>> ReadSome(char* data, size_t size) {
    if (tls_) co_return co_await tls_->async_read_some(asio::buffer(data, size), kNoThrow);
    co_return co_await socket_->async_read_some(asio::buffer(data, size), kNoThrow);
  }

  // Hands what the parser holds of a successful body to `sink`.
  static Status Drain(HttpResponseParser& parser, const BodySink* sink) {
    if (sink == nullptr || !parser.head_done()) return Status::Ok();
    int status = parser.reply().status;
    if (status != 200 && status != 206) return Status::Ok();  // error bodies stay in the reply
    std::string piece = parser.TakeBody();
    return piece.empty() ? Status::Ok() : (*sink)(parser.reply(), piece);
  }

  asio::awaitable<Result<HttpReply>> Exchange(const std::string& head, const HttpRequestSpec& request,
                                              const BodySink* sink) {
    nothing_received_ = true;
    if (!IsOpen()) {
      Status opened = co_await Open();
      if (!opened.ok()) co_return opened;
    }
    timed_out_ = false;
    std::vector<asio::const_buffer> out{asio::buffer(head), asio::buffer(request.body)};
    Arm(options_.io_timeout);
    auto [write_error, written] = co_await WriteAll(out);
    Disarm();
    if (write_error) co_return Failure("send", write_error);

    HttpResponseParser parser(options_.max_body_bytes, request.method == "HEAD");
    std::vector<char> chunk(kReadChunk);
    while (!parser.done()) {
      Arm(options_.io_timeout);
      auto [ec, n] = co_await ReadSome(chunk.data(), chunk.size());
      Disarm();
      if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
        Status finished = parser.FinishAtEof();
        if (finished.ok()) finished = Drain(parser, sink);
        Close();
        if (!finished.ok()) co_return Status::IoError(server_.ToString() + ": connection closed mid-response");
        break;
      }
      if (ec) co_return Failure("receive", ec);
      nothing_received_ = false;
      Status fed = parser.Feed(std::string_view(chunk.data(), n));
      if (fed.ok()) fed = Drain(parser, sink);
      if (!fed.ok()) {
        Close();
        co_return fed;
      }
    }
    HttpReply reply = std::move(parser.reply());
    if (EqualsIgnoreCase(reply.Header("Connection"), "close")) Close();
    co_return reply;
  }

  asio::any_io_executor executor_;
  ServerUrl server_;
  ChannelOptions options_;
  std::vector<tcp::endpoint> endpoints_;
  std::optional<tcp::socket> socket_;
  std::shared_ptr<asio::ssl::context> tls_context_;
  std::unique_ptr<asio::ssl::stream<tcp::socket>> tls_;
  asio::steady_timer timer_;
  uint64_t generation_ = 0;
  bool timed_out_ = false;
  bool nothing_received_ = true;
  int connections_opened_ = 0;
};

HttpChannel::HttpChannel(asio::any_io_executor executor, ServerUrl server, ChannelOptions options)
    : impl_(std::make_unique<Impl>(std::move(executor), std::move(server), std::move(options))) {}

HttpChannel::~HttpChannel() = default;

asio::awaitable<Result<HttpReply>> HttpChannel::Send(const HttpRequestSpec& request, const BodySink* sink) {
  co_return co_await impl_->Send(request, sink);
}

void HttpChannel::Close() { impl_->Close(); }
const ServerUrl& HttpChannel::server() const { return impl_->server(); }
int HttpChannel::connections_opened() const { return impl_->connections_opened(); }

}  // namespace openwsus::http
