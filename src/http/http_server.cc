// The whole Beast/Asio part of the server lives in this one file on purpose:
// Beast is header-only and slow to compile, so every extra translation unit
// that includes it costs the build (and the 2-core CI) another half minute.
//
// Shape: one accept loop per listener, one C++20 coroutine per connection,
// each connection on its own strand, so a connection's state is only ever
// touched by one thread at a time and Stop() reaches it by posting to that
// strand.
#include "http/http_server.h"
#include "common/strings.h"

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "http/http_status.h"

namespace openwsus::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using ErrorCode = boost::system::error_code;

// Every asynchronous call returns its error code instead of throwing: a
// dropped client is routine, and an exception escaping a coroutine would
// surface in co_spawn's handler, far from its cause.
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

constexpr size_t kReadChunk = 16 * 1024;
// File bodies: at most this much per sendfile(2) call, so that the timeout is
// renewed and other connections on the thread get a turn; and the buffer size
// when the bytes must pass through userspace (TLS).
constexpr size_t kSendfileChunk = 4 * 1024 * 1024;
constexpr size_t kFileReadChunk = 64 * 1024;
// After refusing a request we read and discard what the client still sends
// for this long before closing; see RejectRequest.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr auto kTlsShutdownTime = std::chrono::seconds(1);
// Extra wait after Stop() has cut the remaining connections.
constexpr auto kCutGraceTime = std::chrono::seconds(2);

// One live connection as Stop() sees it. The fields are touched only on the
// connection's strand (`executor`).
struct Connection {
  explicit Connection(asio::any_io_executor e) : executor(std::move(e)) {}
  asio::any_io_executor executor;
  beast::tcp_stream* tcp = nullptr;  // null once the session has ended
  bool idle = false;                 // waiting for the first byte of a request
};

// Clears Connection::tcp before the stream it points to is destroyed.
class TcpRegistration {
 public:
  TcpRegistration(Connection& connection, beast::tcp_stream& tcp) : connection_(connection) { connection_.tcp = &tcp; }
  ~TcpRegistration() { connection_.tcp = nullptr; }
  TcpRegistration(const TcpRegistration&) = delete;
  TcpRegistration& operator=(const TcpRegistration&) = delete;

 private:
  Connection& connection_;
};

// Closes a file descriptor when it goes out of scope.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

ErrorCode ErrnoCode(int error) { return ErrorCode(error, boost::system::system_category()); }

struct Written {
  bool ok = false;
  int status = 0;
  uint64_t body_bytes = 0;
};

std::string RemoteAddress(const tcp::socket& socket) {
  ErrorCode ec;
  tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  asio::ip::address address = endpoint.address();
  // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; log them as IPv4.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

std::string HttpDate() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[64];
  size_t n = std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(text, n);
}

std::string Milliseconds(Clock::time_point start) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f", static_cast<double>(micros.count()) / 1000.0);
  return text;
}

std::string Url(const char* scheme, const std::string& address, int port) {
  bool v6 = address.find(':') != std::string::npos;
  return std::string(scheme) + "://" + (v6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

bool Expects100Continue(const bhttp::request<bhttp::string_body>& request) {
  return request.version() >= 11 && EqualsIgnoreCase(request[bhttp::field::expect], "100-continue");
}

// The peer went away or Stop() cancelled the read: nothing to answer.
bool IsDisconnect(const ErrorCode& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
         ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated;
}

HttpRequest ToHttpRequest(bhttp::request<bhttp::string_body>&& message, std::string remote, bool tls) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : message) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remote_address = std::move(remote);
  request.tls = tls;
  return request;
}

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions o, HttpHandler h) : options(std::move(o)), handler(std::move(h)) {}

  Status Start();
  void Stop();

  Status LoadTls();
  Status Listen(tcp::acceptor& acceptor, const asio::ip::address& address, int port, int* bound_port);
  void Spawn(tcp::acceptor& acceptor, bool tls);
  asio::awaitable<void> AcceptLoop(tcp::acceptor& acceptor, bool tls);
  void RefuseOverLimit(tcp::socket& socket, bool tls);
  void StartSession(tcp::socket socket, bool tls);
  void EndSession(const std::shared_ptr<Connection>& connection);
  asio::awaitable<void> ServePlain(tcp::socket socket, std::shared_ptr<Connection> connection);
  asio::awaitable<void> ServeTls(tcp::socket socket, std::shared_ptr<Connection> connection);

  template <class Stream>
  asio::awaitable<void> ServeRequests(Stream& stream, Connection& connection, const std::string& remote, bool tls);
  template <class Stream>
  asio::awaitable<void> RejectRequest(Stream& stream, const bhttp::request_parser<bhttp::string_body>& parser,
                                      const ErrorCode& ec, const std::string& remote, Clock::time_point start);
  template <class Stream>
  asio::awaitable<Written> WriteResponse(Stream& stream, HttpResponse response, unsigned version, bool keep_alive,
                                         bool head);
  template <class Stream>
  asio::awaitable<Written> WriteFileResponse(Stream& stream, HttpResponse& response, int fd, unsigned version,
                                             bool keep_alive, bool head);
  template <class Stream>
  asio::awaitable<ErrorCode> SendFileRange(Stream& stream, int fd, uint64_t offset, uint64_t length);
  template <class Stream, class Body>
  asio::awaitable<ErrorCode> Send(Stream& stream, bhttp::response<Body>& message, bool head);
  template <class Body>
  void FillHeader(bhttp::response<Body>& message, const HttpResponse& response, unsigned version,
                  bool keep_alive) const;

  HttpResponse Dispatch(const HttpRequest& request) const;

  const HttpServerOptions options;
  const HttpHandler handler;
  std::atomic<bool> stopping{false};
  bool started = false;  // Start() and Stop() run on the controlling thread
  bool stopped = false;
  int bound_http_port = 0;
  std::optional<int> bound_https_port;

  std::mutex mu;
  std::condition_variable connections_changed;
  std::unordered_set<std::shared_ptr<Connection>> connections;  // GUARDED_BY(mu)
  std::atomic<size_t> connection_count{0};

  std::optional<asio::ssl::context> ssl;
  // Destroying the io_context destroys the frames of coroutines still
  // suspended in it, which touch the members above; so it is declared after
  // them and goes first.
  asio::io_context ioc;
  // Handlers run here, not on the io threads: a client's write waits for
  // its commit (principle 3), and a blocked io thread would stall every
  // connection it carries. Many threads, because most of them wait.
  std::optional<asio::thread_pool> handler_pool;
  tcp::acceptor http_acceptor{asio::make_strand(ioc)};
  tcp::acceptor https_acceptor{asio::make_strand(ioc)};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
};

Status HttpServer::Impl::Start() {
  if (started) return Status::FailedPrecondition("the HTTP server was already started");
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return Status::InvalidArgument("a TLS certificate file needs a key file, and the other way round");
  }
  ErrorCode ec;
  asio::ip::address address = asio::ip::make_address(options.bind_address, ec);
  if (ec) return Status::InvalidArgument("bad bind address '" + options.bind_address + "'");
  bool tls = !options.tls_cert_file.empty();
  if (tls) OW_RETURN_IF_ERROR(LoadTls());

  OW_RETURN_IF_ERROR(Listen(http_acceptor, address, options.http_port, &bound_http_port));
  if (tls) {
    int port = 0;
    OW_RETURN_IF_ERROR(Listen(https_acceptor, address, options.https_port, &port));
    bound_https_port = port;
  }

  started = true;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  handler_pool.emplace(options.handler_threads != 0 ? options.handler_threads : std::max(128u, 32 * cores));
  work.emplace(ioc.get_executor());
  Spawn(http_acceptor, false);
  if (tls) Spawn(https_acceptor, true);
  unsigned count = options.io_threads;
  if (count == 0) count = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < count; ++i) threads.emplace_back([this] { ioc.run(); });

  log::Info("listening", {{"url", Url("http", options.bind_address, bound_http_port)}});
  if (tls) log::Info("listening", {{"url", Url("https", options.bind_address, *bound_https_port)}});
  return Status::Ok();
}

Status HttpServer::Impl::LoadTls() {
  ssl.emplace(asio::ssl::context::tls_server);
  // WSUS clients speak TLS 1.2 and later; older versions are broken.
  ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                   asio::ssl::context::single_dh_use);
  ErrorCode ec;
  ssl->use_certificate_chain_file(options.tls_cert_file, ec);
  if (ec) {
    return Status::InvalidArgument("cannot load TLS certificate " + options.tls_cert_file + ": " + ec.message());
  }
  ssl->use_private_key_file(options.tls_key_file, asio::ssl::context::pem, ec);
  if (ec) {
    return Status::InvalidArgument("cannot load TLS key " + options.tls_key_file + ": " + ec.message());
  }
  if (SSL_CTX_check_private_key(ssl->native_handle()) != 1) {
    return Status::InvalidArgument("TLS key " + options.tls_key_file + " does not match certificate " +
                                   options.tls_cert_file);
  }
  return Status::Ok();
}

Status HttpServer::Impl::Listen(tcp::acceptor& acceptor, const asio::ip::address& address, int port, int* bound_port) {
  if (port < 0 || port > 65535) return Status::InvalidArgument("bad port " + std::to_string(port));
  tcp::endpoint endpoint(address, static_cast<uint16_t>(port));
  std::string where = Url("tcp", address.to_string(), port);
  ErrorCode ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status::IoError("cannot listen on " + where + ": " + ec.message());
  *bound_port = acceptor.local_endpoint(ec).port();
  if (ec) return Status::IoError("cannot read the bound port: " + ec.message());
  return Status::Ok();
}

void HttpServer::Impl::Spawn(tcp::acceptor& acceptor, bool tls) {
  asio::co_spawn(acceptor.get_executor(), AcceptLoop(acceptor, tls), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log::Error("accept loop failed", {{"error", ex.what()}});
    }
  });
}

asio::awaitable<void> HttpServer::Impl::AcceptLoop(tcp::acceptor& acceptor, bool tls) {
  for (;;) {
    auto [ec, accepted] = co_await acceptor.async_accept(asio::make_strand(ioc), kUseTuple);
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) co_return;
      // Out of file descriptors, typically: back off instead of spinning.
      log::Warn("accept failed", {{"error", ec.message()}});
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(kUseTuple);
      continue;
    }
    tcp::socket socket(std::move(accepted));  // type-erases the strand executor
    if (connection_count.load() >= options.max_connections) {
      RefuseOverLimit(socket, tls);
      continue;
    }
    StartSession(std::move(socket), tls);
  }
}

void HttpServer::Impl::RefuseOverLimit(tcp::socket& socket, bool tls) {
  log::Warn("connection refused: too many connections",
            {{"remote", RemoteAddress(socket)}, {"limit", std::to_string(options.max_connections)}});
  ErrorCode ec;
  if (!tls) {
    // A fresh socket's send buffer is empty, so this never blocks.
    static constexpr std::string_view kBusy =
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\n"
        "Connection: close\r\n\r\n";
    socket.non_blocking(true, ec);
    socket.send(asio::buffer(kBusy.data(), kBusy.size()), 0, ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
  }
  socket.close(ec);
}

void HttpServer::Impl::StartSession(tcp::socket socket, bool tls) {
  // A response goes out as headers, then a body (sendfile for content): with
  // Nagle on, its last partial segment waits for the client's delayed ACK of
  // the headers, some 40 ms per response on keep-alive connections.
  ErrorCode nodelay_ec;
  socket.set_option(tcp::no_delay(true), nodelay_ec);
  auto connection = std::make_shared<Connection>(socket.get_executor());
  {
    std::lock_guard<std::mutex> lock(mu);
    connections.insert(connection);
    connection_count = connections.size();
  }
  auto done = [this, connection](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log::Error("connection failed", {{"error", ex.what()}});
      }
    }
    EndSession(connection);
  };
  if (tls) {
    asio::co_spawn(connection->executor, ServeTls(std::move(socket), connection), std::move(done));
  } else {
    asio::co_spawn(connection->executor, ServePlain(std::move(socket), connection), std::move(done));
  }
}

void HttpServer::Impl::EndSession(const std::shared_ptr<Connection>& connection) {
  std::lock_guard<std::mutex> lock(mu);
  connections.erase(connection);
  connection_count = connections.size();
  connections_changed.notify_all();
}

asio::awaitable<void> HttpServer::Impl::ServePlain(tcp::socket socket, std::shared_ptr<Connection> connection) {
  std::string remote = RemoteAddress(socket);
  beast::tcp_stream stream(std::move(socket));
  TcpRegistration registration(*connection, stream);
  co_await ServeRequests(stream, *connection, remote, false);
  ErrorCode ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> HttpServer::Impl::ServeTls(tcp::socket socket, std::shared_ptr<Connection> connection) {
  std::string remote = RemoteAddress(socket);
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *ssl);
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  TcpRegistration registration(*connection, tcp);
  tcp.expires_after(options.read_timeout);
  auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kUseTuple);
  if (ec) {
    if (!IsDisconnect(ec)) log::Info("TLS handshake failed", {{"remote", remote}, {"error", ec.message()}});
    co_return;
  }
  co_await ServeRequests(stream, *connection, remote, true);
  // At shutdown, skip the wait for the client's close_notify: it may never come.
  if (!tcp.socket().is_open() || stopping) co_return;
  // close_notify, so that the client can tell our close from a truncation.
  tcp.expires_after(kTlsShutdownTime);
  co_await stream.async_shutdown(kUseTuple);
}

template <class Stream>
asio::awaitable<void> HttpServer::Impl::ServeRequests(Stream& stream, Connection& connection, const std::string& remote,
                                                      bool tls) {
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  beast::flat_buffer buffer;
  bool first = true;
  for (;;) {
    if (stopping) co_return;
    // Between requests the idle timeout applies, and Stop() may close us.
    // A new connection gets only the read timeout to start talking.
    if (buffer.size() == 0) {
      connection.idle = true;
      tcp.expires_after(first ? options.read_timeout : options.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kUseTuple);
      connection.idle = false;
      if (ec) co_return;
      buffer.commit(n);
    }
    first = false;

    Clock::time_point start = Clock::now();
    tcp.expires_after(options.read_timeout);
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(options.max_body_bytes);
    // The body limit is checked against Content-Length as soon as the header
    // is in, so an oversized request is refused before its body is read.
    auto [header_ec, header_n] = co_await bhttp::async_read_header(stream, buffer, parser, kUseTuple);
    ErrorCode ec = header_ec;
    if (!ec && Expects100Continue(parser.get())) {
      // .NET clients (downstream WSUS servers) wait for this before sending
      // a body, and otherwise stall for a while on every POST.
      bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, parser.get().version()};
      auto [write_ec, write_n] = co_await bhttp::async_write(stream, go_on, kUseTuple);
      ec = write_ec;
    }
    if (!ec && !parser.is_done()) {
      auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, kUseTuple);
      ec = body_ec;
    }
    if (ec) {
      co_await RejectRequest(stream, parser, ec, remote, start);
      co_return;
    }

    bhttp::request<bhttp::string_body> message = parser.release();
    unsigned version = message.version();
    bool keep_alive = message.keep_alive();
    bool head = message.method() == bhttp::verb::head;
    HttpRequest request = ToHttpRequest(std::move(message), remote, tls);
    HttpResponse response = co_await asio::co_spawn(
        *handler_pool, [this, &request]() -> asio::awaitable<HttpResponse> { co_return Dispatch(request); },
        asio::use_awaitable);
    // A request that arrives while we stop is still answered, but its
    // connection is not kept.
    keep_alive = keep_alive && !stopping;
    Written written = co_await WriteResponse(stream, std::move(response), version, keep_alive, head);
    log::Info("request", {{"method", request.method},
                          {"path", request.path},
                          {"status", std::to_string(written.status)},
                          {"bytes", std::to_string(written.body_bytes)},
                          {"ms", Milliseconds(start)},
                          {"remote", remote}});
    if (!written.ok || !keep_alive) co_return;
  }
}

template <class Stream>
asio::awaitable<void> HttpServer::Impl::RejectRequest(Stream& stream,
                                                      const bhttp::request_parser<bhttp::string_body>& parser,
                                                      const ErrorCode& ec, const std::string& remote,
                                                      Clock::time_point start) {
  std::string method = parser.is_header_done() ? std::string(parser.get().method_string()) : "";
  std::string path = parser.is_header_done() ? std::string(parser.get().target()) : "";
  path = path.substr(0, path.find('?'));
  if (ec == beast::error::timeout) {
    // The stream has already closed the socket; there is no one to answer.
    log::Info("request timed out",
              {{"method", method}, {"path", path}, {"remote", remote}, {"ms", Milliseconds(start)}});
    co_return;
  }
  // Anything but a parse error (a reset, Stop()) leaves no one to answer.
  bool parse_error = ec.category() == bhttp::make_error_code(bhttp::error::body_limit).category();
  if (IsDisconnect(ec) || !parse_error || !beast::get_lowest_layer(stream).socket().is_open()) {
    co_return;
  }
  int status = 400;
  std::string reason = "malformed request: " + ec.message();
  if (ec == bhttp::error::body_limit) {
    status = 413;
    reason = "request body larger than " + std::to_string(options.max_body_bytes) + " bytes";
  } else if (ec == bhttp::error::header_limit) {
    status = 431;
    reason = "request header larger than " + std::to_string(options.max_header_bytes) + " bytes";
  }
  Written written = co_await WriteResponse(stream, HttpResponse::Text(status, reason + "\n"), 11, false, false);
  log::Info("request refused", {{"method", method},
                                {"path", path},
                                {"status", std::to_string(status)},
                                {"reason", reason},
                                {"ms", Milliseconds(start)},
                                {"remote", remote}});
  if (!written.ok) co_return;

  // Lingering close: the client may still be sending the body we refused. If
  // we closed with unread bytes the kernel would answer with RST, and the
  // client could lose our response before reading it. So stop sending, then
  // read and discard for a bounded time.
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  ErrorCode ignored;
  tcp.socket().shutdown(tcp::socket::shutdown_send, ignored);
  tcp.expires_after(kLingerTime);
  std::array<char, 16 * 1024> sink;
  for (;;) {
    auto [read_ec, n] = co_await tcp.async_read_some(asio::buffer(sink), kUseTuple);
    if (read_ec) break;
  }
  tcp.close();
}

template <class Stream>
asio::awaitable<Written> HttpServer::Impl::WriteResponse(Stream& stream, HttpResponse response, unsigned version,
                                                         bool keep_alive, bool head) {
  Written written;
  if (response.file) {
    ScopedFd fd(::open(response.file->path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() >= 0) {
      written = co_await WriteFileResponse(stream, response, fd.get(), version, keep_alive, head);
      if (written.status != 0) co_return written;
      // else `response` now says why the file could not be sent.
    } else {
      int error = errno;
      log::Error("cannot open response file", {{"path", response.file->path}, {"error", std::strerror(error)}});
      response = HttpResponse::ForStatus(error == ENOENT ? Status::NotFound("file not found")
                                                         : Status::IoError(std::strerror(error)));
    }
  }
  bhttp::response<bhttp::string_body> message;
  FillHeader(message, response, version, keep_alive);
  written.body_bytes = head ? 0 : response.body.size();
  message.body() = std::move(response.body);
  message.prepare_payload();
  written.status = static_cast<int>(message.result_int());
  written.ok = !(co_await Send(stream, message, head));
  co_return written;
}

// Writes the header of a file response, then its range of `fd`. Returns a
// Written with status 0 (and `response` replaced by an error) when the file
// does not hold the range, before anything is sent.
template <class Stream>
asio::awaitable<Written> HttpServer::Impl::WriteFileResponse(Stream& stream, HttpResponse& response, int fd,
                                                             unsigned version, bool keep_alive, bool head) {
  Written written;
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    log::Error("cannot send response file", {{"path", response.file->path}, {"error", "not a regular file"}});
    response = HttpResponse::ForStatus(Status::IoError("not a regular file"));
    co_return written;
  }
  uint64_t size = static_cast<uint64_t>(info.st_size);
  uint64_t offset = response.file->offset;
  uint64_t length = response.file->length.value_or(size >= offset ? size - offset : 0);
  if (offset > size || length > size - offset) {
    // The file changed between the handler's look and ours: a short body
    // would be a corrupt download, so refuse while we still can.
    log::Error("response file does not hold the range", {{"path", response.file->path},
                                                         {"size", std::to_string(size)},
                                                         {"offset", std::to_string(offset)},
                                                         {"length", std::to_string(length)}});
    response = HttpResponse::ForStatus(Status::Internal("file changed"));
    co_return written;
  }
  bhttp::response<bhttp::empty_body> message;
  FillHeader(message, response, version, keep_alive);
  message.content_length(length);  // the body follows outside Beast
  written.status = static_cast<int>(message.result_int());
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(options.read_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream, message, kUseTuple);
  if (!ec && !head && length > 0) {
    ec = co_await SendFileRange(stream, fd, offset, length);
    if (ec) {
      log::Info("file body not completed", {{"path", response.file->path}, {"error", ec.message()}});
    }
  }
  written.body_bytes = head ? 0 : length;
  written.ok = !ec;
  co_return written;
}

// Sends exactly `length` bytes of `fd` from `offset`. On plain TCP that is
// sendfile(2) on the non-blocking socket, waiting for writability when the
// send buffer is full; under TLS the bytes are read into a buffer and go
// through the stream. Any error leaves the connection unusable (the header
// promised `length` bytes), so the caller closes it.
template <class Stream>
asio::awaitable<ErrorCode> HttpServer::Impl::SendFileRange(Stream& stream, int fd, uint64_t offset, uint64_t length) {
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    tcp::socket& socket = tcp.socket();
    ErrorCode ec;
    socket.native_non_blocking(true, ec);
    if (ec) co_return ec;
    // The raw socket wait is outside beast::tcp_stream's timeout, so a timer
    // of our own cancels a stalled one. `pending` tells the timer's handler,
    // which may run after the wait has ended, to leave the socket alone.
    auto pending = std::make_shared<bool>(false);
    asio::steady_timer timer(socket.get_executor());
    off_t position = static_cast<off_t>(offset);
    uint64_t left = length;
    while (left > 0) {
      size_t chunk = static_cast<size_t>(std::min<uint64_t>(left, kSendfileChunk));
      ssize_t n = ::sendfile(socket.native_handle(), fd, &position, chunk);
      if (n > 0) {
        left -= static_cast<uint64_t>(n);
        continue;
      }
      if (n == 0) co_return ErrorCode(asio::error::eof);  // the file shrank
      int error = errno;
      if (error == EINTR) continue;
      if (error != EAGAIN && error != EWOULDBLOCK) co_return ErrnoCode(error);
      *pending = true;
      timer.expires_after(options.read_timeout);
      timer.async_wait([pending, &socket](const ErrorCode& timer_ec) {
        if (timer_ec || !*pending) return;
        *pending = false;
        ErrorCode ignored;
        socket.cancel(ignored);
      });
      auto [wait_ec] = co_await socket.async_wait(tcp::socket::wait_write, kUseTuple);
      bool timed_out = !*pending;
      *pending = false;
      timer.cancel();
      if (timed_out) co_return ErrorCode(beast::error::timeout);
      if (wait_ec) co_return wait_ec;
    }
    co_return ErrorCode{};
  } else {
    std::vector<char> buffer(kFileReadChunk);
    uint64_t position = offset;
    uint64_t left = length;
    while (left > 0) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(left, buffer.size()));
      ssize_t n = ::pread(fd, buffer.data(), want, static_cast<off_t>(position));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) co_return ErrnoCode(errno);
      if (n == 0) co_return ErrorCode(asio::error::eof);
      tcp.expires_after(options.read_timeout);
      auto [ec, written] =
          co_await asio::async_write(stream, asio::buffer(buffer.data(), static_cast<size_t>(n)), kUseTuple);
      if (ec) co_return ec;
      position += static_cast<uint64_t>(n);
      left -= static_cast<uint64_t>(n);
    }
    co_return ErrorCode{};
  }
}

template <class Stream, class Body>
asio::awaitable<ErrorCode> HttpServer::Impl::Send(Stream& stream, bhttp::response<Body>& message, bool head) {
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  if (head) {
    // Same header, Content-Length included, no body.
    bhttp::response<bhttp::empty_body> header_only{std::move(message.base())};
    tcp.expires_after(options.read_timeout);
    auto [ec, n] = co_await bhttp::async_write(stream, header_only, kUseTuple);
    co_return ec;
  }
  // Written piece by piece with the timeout renewed for each, so that a slow
  // but live download is not cut while a stalled one is.
  bhttp::response_serializer<Body> serializer(message);
  while (!serializer.is_done()) {
    tcp.expires_after(options.read_timeout);
    auto [ec, n] = co_await bhttp::async_write_some(stream, serializer, kUseTuple);
    if (ec) co_return ec;
  }
  co_return ErrorCode{};
}

template <class Body>
void HttpServer::Impl::FillHeader(bhttp::response<Body>& message, const HttpResponse& response, unsigned version,
                                  bool keep_alive) const {
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  message.set(bhttp::field::server, options.server_header);
  message.set(bhttp::field::date, HttpDate());
  for (const auto& [name, value] : response.headers.fields()) {
    // Framing is ours: a handler's idea of these would corrupt the stream.
    if (EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Connection") ||
        EqualsIgnoreCase(name, "Transfer-Encoding")) {
      continue;
    }
    message.insert(name, value);
  }
  message.keep_alive(keep_alive);
}

HttpResponse HttpServer::Impl::Dispatch(const HttpRequest& request) const {
  // Handlers return Status-based responses; this catch is the adapter for
  // third-party code that throws anyway, so one bad request cannot take the
  // connection's thread down.
  try {
    return handler(request);
  } catch (const std::exception& e) {
    log::Error("handler threw", {{"path", request.path}, {"error", e.what()}});
  } catch (...) {
    log::Error("handler threw", {{"path", request.path}, {"error", "unknown exception"}});
  }
  return HttpResponse::ForStatus(Status::Internal("handler threw"));
}

void HttpServer::Impl::Stop() {
  if (!started || stopped) return;
  stopped = true;
  stopping = true;
  for (tcp::acceptor* acceptor : {&http_acceptor, &https_acceptor}) {
    asio::post(acceptor->get_executor(), [acceptor] {
      ErrorCode ignored;
      acceptor->close(ignored);
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  for (const auto& connection : connections) {
    asio::post(connection->executor, [connection] {
      if (connection->tcp != nullptr && connection->idle) connection->tcp->cancel();
    });
  }
  connections_changed.wait_for(lock, options.shutdown_timeout, [this] { return connections.empty(); });
  if (!connections.empty()) {
    log::Warn("cutting requests still running at shutdown", {{"connections", std::to_string(connections.size())}});
    for (const auto& connection : connections) {
      asio::post(connection->executor, [connection] {
        if (connection->tcp != nullptr) connection->tcp->close();
      });
    }
    connections_changed.wait_for(lock, kCutGraceTime, [this] { return connections.empty(); });
  }
  lock.unlock();
  work.reset();
  // Everything has ended unless a handler is stuck; stop() bounds the wait
  // for that case too.
  ioc.stop();
  for (std::thread& thread : threads) thread.join();
  threads.clear();
  if (handler_pool) handler_pool->join();
  log::Info("stopped");
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() { return impl_->Start(); }

int HttpServer::http_port() const { return impl_->bound_http_port; }

std::optional<int> HttpServer::https_port() const { return impl_->bound_https_port; }

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace openwsus::http
