#include "cli/http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <memory>

#include "common/strings.h"

namespace openwsus::cli {
namespace {

bool IsIpAddress(const std::string& host) {
  in6_addr v6;
  in_addr v4;
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

std::string SslErrors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof(buffer));
    text += (text.empty() ? "" : "; ") + std::string(buffer);
  }
  return text.empty() ? "unknown TLS error" : text;
}

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = ms.count() / 1000;
  tv.tv_usec = (ms.count() % 1000) * 1000;
  return tv;
}

// Owns the socket and, for https, the TLS session on it.
class SocketConnection {
 public:
  SocketConnection(const ServerUrl& server, const HttpClientOptions& options) : server_(server), options_(options) {}
  ~SocketConnection() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }
  SocketConnection(const SocketConnection&) = delete;
  SocketConnection& operator=(const SocketConnection&) = delete;

  Status Open() {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* addresses = nullptr;
    std::string port = std::to_string(server_.port);
    int rc = ::getaddrinfo(server_.host.c_str(), port.c_str(), &hints, &addresses);
    if (rc != 0) return Status::IoError("cannot resolve '" + server_.host + "': " + gai_strerror(rc));
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(addresses, ::freeaddrinfo);
    std::string last_error = "no address";
    for (addrinfo* a = addresses; a != nullptr; a = a->ai_next) {
      Status status = ConnectOne(a);
      if (status.ok()) return server_.tls ? StartTls() : Status::Ok();
      last_error = status.message();
    }
    return Status::IoError(last_error);
  }

  Status Write(std::string_view bytes) {
    while (!bytes.empty()) {
      if (ssl_ != nullptr) {
        int n = SSL_write(ssl_, bytes.data(), static_cast<int>(std::min<size_t>(bytes.size(), 1 << 20)));
        if (n <= 0) return TlsFailure(n, "write");
        bytes.remove_prefix(static_cast<size_t>(n));
      } else {
        ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0) return SocketFailure("send");
        bytes.remove_prefix(static_cast<size_t>(n));
      }
    }
    return Status::Ok();
  }

  // Bytes read, or 0 at the end of the stream.
  Result<size_t> Read(char* out, size_t size) {
    if (ssl_ != nullptr) {
      int n = SSL_read(ssl_, out, static_cast<int>(size));
      if (n > 0) return static_cast<size_t>(n);
      int error = SSL_get_error(ssl_, n);
      if (error == SSL_ERROR_ZERO_RETURN) return size_t{0};
      if (error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 && errno == 0) return size_t{0};  // no close_notify
      return TlsFailure(n, "read");
    }
    ssize_t n = ::recv(fd_, out, size, 0);
    if (n < 0) return SocketFailure("recv");
    return static_cast<size_t>(n);
  }

 private:
  Status ConnectOne(const addrinfo* a) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd_ < 0) return Status::IoError(std::string("socket: ") + std::strerror(errno));
    // Non-blocking connect, so that a silent host gives up after connect_timeout.
    int flags = ::fcntl(fd_, F_GETFL, 0);
    ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
    if (::connect(fd_, a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) return Status::IoError(std::strerror(errno));
      pollfd p{fd_, POLLOUT, 0};
      int ready;
      do {
        ready = ::poll(&p, 1, static_cast<int>(options_.connect_timeout.count()));
      } while (ready < 0 && errno == EINTR);
      if (ready == 0) return Status::IoError("timed out");
      int error = 0;
      socklen_t length = sizeof(error);
      ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
      if (ready < 0 || error != 0) return Status::IoError(std::strerror(ready < 0 ? errno : error));
    }
    ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
    // Blocking from here on; each read and write gives up after io_timeout.
    timeval tv = ToTimeval(options_.io_timeout);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    return Status::Ok();
  }

  Status StartTls() {
    ERR_clear_error();
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (ctx_ == nullptr) return Status::Internal("TLS: " + SslErrors());
    SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_default_verify_paths(ctx_);
    if (!options_.ca_file.empty() && SSL_CTX_load_verify_locations(ctx_, options_.ca_file.c_str(), nullptr) != 1) {
      ERR_clear_error();
      return Status::InvalidArgument("cannot load CA file " + options_.ca_file +
                                     ": it must be a readable file of PEM certificates");
    }
    ssl_ = SSL_new(ctx_);
    if (ssl_ == nullptr) return Status::Internal("TLS: " + SslErrors());
    SSL_set_fd(ssl_, fd_);
    if (IsIpAddress(server_.host)) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), server_.host.c_str());
    } else {
      SSL_set_tlsext_host_name(ssl_, server_.host.c_str());
      SSL_set1_host(ssl_, server_.host.c_str());
    }
    if (SSL_connect(ssl_) != 1) {
      long verify = SSL_get_verify_result(ssl_);
      if (verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH) {
        return Status::IoError("the server's TLS certificate is not issued for '" + server_.host +
                               "': use the name the certificate carries in the URL");
      }
      if (verify != X509_V_OK) {
        return Status::IoError(
            std::string("the server's TLS certificate is not trusted: ") + X509_verify_cert_error_string(verify) +
            " (give its CA certificate with --ca-file, OPENWSUS_CA_FILE or \"ca_file\" in cli.json)");
      }
      return Status::IoError("TLS handshake failed: " + SslErrors());
    }
    return Status::Ok();
  }

  Status SocketFailure(const char* what) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return Status::Unavailable("no answer within " + std::to_string(options_.io_timeout.count() / 1000) + " s");
    }
    return Status::IoError(std::string(what) + ": " + std::strerror(errno));
  }

  Status TlsFailure(int rc, const char* what) {
    int error = SSL_get_error(ssl_, rc);
    if (error == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK)) return SocketFailure(what);
    return Status::IoError(std::string("TLS ") + what + " failed: " + SslErrors());
  }

  const ServerUrl& server_;
  const HttpClientOptions& options_;
  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
};

bool ValidHeaderText(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c != '\r' && c != '\n' && c != '\0'; });
}

}  // namespace

std::string ServerUrl::HostHeader() const {
  std::string host_text = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  bool default_port = (tls && port == 443) || (!tls && port == 80);
  return default_port ? host_text : host_text + ":" + std::to_string(port);
}

std::string ServerUrl::ToString() const {
  std::string host_text = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return std::string(tls ? "https://" : "http://") + host_text + ":" + std::to_string(port) + base_path;
}

Result<ServerUrl> ParseServerUrl(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("server URL '" + std::string(text.substr(0, 200)) + "': " + why);
  };
  ServerUrl url;
  std::string_view rest = text;
  size_t scheme_end = rest.find("://");
  if (scheme_end != std::string_view::npos) {
    std::string scheme = AsciiLower(rest.substr(0, scheme_end));
    if (scheme == "https") {
      url.tls = true;
    } else if (scheme != "http") {
      return bad("the scheme must be http or https");
    }
    rest.remove_prefix(scheme_end + 3);
  }
  size_t path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path = path_start == std::string_view::npos ? "" : rest.substr(path_start);
  if (!path.empty() && path.front() != '/') return bad("a query or fragment is not allowed");
  if (path.find_first_of("?#") != std::string_view::npos) return bad("a query or fragment is not allowed");
  if (authority.find('@') != std::string_view::npos) return bad("user names belong in --token, not the URL");
  if (authority.empty()) return bad("no host");

  std::string_view port_text;
  if (authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in the host");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected text after the host");
      port_text = after.substr(1);
      if (port_text.empty()) return bad("empty port");
    }
    in6_addr v6;
    if (inet_pton(AF_INET6, url.host.c_str(), &v6) != 1) return bad("not an IPv6 address in brackets");
  } else {
    size_t colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad("empty port");
    }
    if (url.host.empty()) return bad("no host");
    for (char c : url.host) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') {
        return bad("bad character in the host name");
      }
    }
  }
  url.port = url.tls ? 443 : 80;
  if (!port_text.empty()) {
    int port = 0;
    auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
      return bad("the port must be a number from 1 to 65535");
    }
    url.port = port;
  }
  while (path.ends_with('/')) path.remove_suffix(1);
  for (char c : path) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return bad("bad character in the path");
  }
  url.base_path = std::string(path);
  return url;
}

namespace {

Result<std::string> RequestText(const ServerUrl& server, const HttpRequestSpec& request, bool keep_alive) {
  if (!ValidHeaderText(request.method) || !ValidHeaderText(request.target)) {
    return Status::InvalidArgument("bad characters in the request line");
  }
  std::string text = request.method + " " + request.target + " HTTP/1.1\r\nHost: " + server.HostHeader() +
                     (keep_alive ? "\r\nConnection: keep-alive\r\n" : "\r\nConnection: close\r\n");
  for (const auto& [name, value] : request.headers) {
    if (!ValidHeaderText(name) || !ValidHeaderText(value)) {
      return Status::InvalidArgument("bad characters in the " + name + " header");
    }
    text += name + ": " + value + "\r\n";
  }
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    text += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  text += "\r\n";
  text += request.body;
  return text;
}

// Reads one response. `*nothing_read` tells a connection closed before any
// byte came (a kept-alive connection the server had dropped).
Result<HttpReply> ReadReply(SocketConnection* connection, const ServerUrl& server, const HttpClientOptions& options,
                            bool head, bool* nothing_read) {
  HttpResponseParser parser(options.max_body_bytes, head);
  char chunk[64 * 1024];
  *nothing_read = true;
  while (!parser.done()) {
    Result<size_t> n = connection->Read(chunk, sizeof(chunk));
    if (!n.ok()) return n.status().WithContext("reading from " + server.ToString());
    if (*n > 0) *nothing_read = false;
    Status status = *n == 0 ? parser.FinishAtEof() : parser.Feed(std::string_view(chunk, *n));
    if (!status.ok() && !server.tls && *n == 0 && status.message().find("without answering") != std::string::npos) {
      // What an https port does with a plain request.
      return Status::DataLoss(server.ToString() + ": " + status.message() + " (is it an https port?)");
    }
    if (!status.ok()) return status.WithContext(server.ToString());
  }
  return std::move(parser.reply());
}

}  // namespace

Result<HttpReply> SendHttpRequest(const ServerUrl& server, const HttpRequestSpec& request,
                                  const HttpClientOptions& options) {
  OW_ASSIGN_OR_RETURN(std::string text, RequestText(server, request, /*keep_alive=*/false));
  // A server that closes early must not kill the CLI: SSL_write has no MSG_NOSIGNAL.
  std::signal(SIGPIPE, SIG_IGN);
  SocketConnection connection(server, options);
  if (Status status = connection.Open(); !status.ok()) {
    return status.WithContext("cannot connect to " + server.ToString());
  }
  if (Status status = connection.Write(text); !status.ok()) {
    return status.WithContext("sending to " + server.ToString());
  }
  bool nothing_read = false;
  return ReadReply(&connection, server, options, request.method == "HEAD", &nothing_read);
}

class HttpSession::Connection : public SocketConnection {
 public:
  using SocketConnection::SocketConnection;
};

HttpSession::HttpSession(ServerUrl server, HttpClientOptions options)
    : server_(std::move(server)), options_(std::move(options)) {
  std::signal(SIGPIPE, SIG_IGN);
}

HttpSession::~HttpSession() = default;

Result<HttpReply> HttpSession::Send(const HttpRequestSpec& request) {
  OW_ASSIGN_OR_RETURN(std::string text, RequestText(server_, request, /*keep_alive=*/true));
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = connection_ != nullptr;
    if (!reused) {
      connection_ = std::make_unique<Connection>(server_, options_);
      ++connections_opened_;
      if (Status status = connection_->Open(); !status.ok()) {
        connection_.reset();
        return status.WithContext("cannot connect to " + server_.ToString());
      }
    }
    Status sent = connection_->Write(text);
    bool nothing_read = true;
    Result<HttpReply> reply =
        sent.ok() ? ReadReply(connection_.get(), server_, options_, request.method == "HEAD", &nothing_read)
                  : Result<HttpReply>(sent.WithContext("sending to " + server_.ToString()));
    if (reply.ok()) {
      if (EqualsIgnoreCase(reply->Header("Connection"), "close")) connection_.reset();
      return reply;
    }
    connection_.reset();
    if (!reused || !nothing_read) return reply;  // a fresh connection failed, or the answer broke off
  }
  return Status::IoError("cannot send to " + server_.ToString());
}

}  // namespace openwsus::cli
