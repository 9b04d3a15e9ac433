#include "http/client/http_client.h"

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

namespace openwsus::http {
namespace {

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

// Reads one response.
Result<HttpReply> ReadReply(SocketConnection* connection, const ServerUrl& server, const HttpClientOptions& options,
                            bool head) {
  HttpResponseParser parser(options.max_body_bytes, head);
  char chunk[64 * 1024];
  while (!parser.done()) {
    Result<size_t> n = connection->Read(chunk, sizeof(chunk));
    if (!n.ok()) return n.status().WithContext("reading from " + server.ToString());
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
  OW_ASSIGN_OR_RETURN(std::string text, RequestHead(server, request, "close"));
  text += request.body;
  // A server that closes early must not kill the CLI: SSL_write has no MSG_NOSIGNAL.
  std::signal(SIGPIPE, SIG_IGN);
  SocketConnection connection(server, options);
  if (Status status = connection.Open(); !status.ok()) {
    return status.WithContext("cannot connect to " + server.ToString());
  }
  if (Status status = connection.Write(text); !status.ok()) {
    return status.WithContext("sending to " + server.ToString());
  }
  return ReadReply(&connection, server, options, request.method == "HEAD");
}

}  // namespace openwsus::http
