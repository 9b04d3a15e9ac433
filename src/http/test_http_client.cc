#include "http/test_http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace openwsus::http {
namespace {

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

std::string SslError() {
  unsigned long code = ERR_get_error();
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = ms.count() / 1000;
  tv.tv_usec = (ms.count() % 1000) * 1000;
  return tv;
}

}  // namespace

Result<std::unique_ptr<TestHttpClient>> TestHttpClient::Connect(int port, bool tls, std::chrono::milliseconds timeout) {
  std::unique_ptr<TestHttpClient> client(new TestHttpClient());
  client->timeout_ = timeout;
  client->fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (client->fd_ < 0) return Status::IoError(Errno("socket"));
  timeval tv = ToTimeval(timeout);
  ::setsockopt(client->fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::setsockopt(client->fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(client->fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    return Status::IoError(Errno("connect"));
  }
  if (tls) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    client->ssl_ctx_ = ctx;
    // Tests use self-signed certificates: no verification.
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    SSL* ssl = SSL_new(ctx);
    client->ssl_ = ssl;
    SSL_set_fd(ssl, client->fd_);
    SSL_set_tlsext_host_name(ssl, "localhost");
    if (SSL_connect(ssl) != 1) return Status::IoError("TLS handshake failed: " + SslError());
  }
  return client;
}

TestHttpClient::~TestHttpClient() {
  if (ssl_ != nullptr) SSL_free(static_cast<SSL*>(ssl_));
  if (ssl_ctx_ != nullptr) SSL_CTX_free(static_cast<SSL_CTX*>(ssl_ctx_));
  if (fd_ >= 0) ::close(fd_);
}

Status TestHttpClient::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n;
    if (ssl_ != nullptr) {
      n = SSL_write(static_cast<SSL*>(ssl_), bytes.data(), static_cast<int>(bytes.size()));
      if (n <= 0) return Status::IoError("TLS write failed: " + SslError());
    } else {
      n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0) return Status::IoError(Errno("send"));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Result<size_t> TestHttpClient::ReadSome(char* out, size_t size) {
  if (ssl_ != nullptr) {
    int n = SSL_read(static_cast<SSL*>(ssl_), out, static_cast<int>(size));
    if (n > 0) return static_cast<size_t>(n);
    int error = SSL_get_error(static_cast<SSL*>(ssl_), n);
    if (error == SSL_ERROR_ZERO_RETURN) return size_t{0};
    if (error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) return size_t{0};  // EOF without close_notify
    return Status::IoError("TLS read failed: " + SslError());
  }
  ssize_t n = ::recv(fd_, out, size, 0);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Status::Unavailable("read timed out");
    return Status::IoError(Errno("recv"));
  }
  return static_cast<size_t>(n);
}

Status TestHttpClient::Fill() {
  char chunk[16 * 1024];
  OW_ASSIGN_OR_RETURN(size_t n, ReadSome(chunk, sizeof(chunk)));
  if (n == 0) return Status::DataLoss("connection closed");
  buffer_.append(chunk, n);
  return Status::Ok();
}

Result<TestHttpResponse> TestHttpClient::ReadResponse(bool head) {
  size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) OW_RETURN_IF_ERROR(Fill());
  std::string header = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);

  TestHttpResponse response;
  size_t line_end = header.find("\r\n");
  std::string status_line = header.substr(0, line_end);
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.")) {
    return Status::DataLoss("bad status line: " + status_line);
  }
  response.status = std::stoi(status_line.substr(9, 3));
  while (line_end != std::string::npos) {
    size_t start = line_end + 2;
    line_end = header.find("\r\n", start);
    std::string line = header.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t value_start = line.find_first_not_of(' ', colon + 1);
    response.headers.Add(line.substr(0, colon), value_start == std::string::npos ? "" : line.substr(value_start));
  }

  bool no_body = head || response.status < 200 || response.status == 204 || response.status == 304;
  if (no_body) return response;
  if (auto length = response.headers.Get("Content-Length")) {
    size_t size = std::stoull(std::string(*length));
    while (buffer_.size() < size) OW_RETURN_IF_ERROR(Fill());
    response.body = buffer_.substr(0, size);
    buffer_.erase(0, size);
    return response;
  }
  // No length: the body runs to the close.
  for (;;) {
    Status status = Fill();
    if (status.code() == StatusCode::kDataLoss) break;
    OW_RETURN_IF_ERROR(status);
  }
  response.body = std::move(buffer_);
  buffer_.clear();
  return response;
}

Result<TestHttpResponse> TestHttpClient::Request(std::string_view method, std::string_view target,
                                                 std::string_view body, std::string_view extra_headers) {
  std::string request = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += extra_headers;
  request += "\r\n";
  request += body;
  OW_RETURN_IF_ERROR(Send(request));
  return ReadResponse(method == "HEAD");
}

bool TestHttpClient::WaitForClose(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  buffer_.clear();
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    // SSL may hold decrypted bytes the socket no longer shows.
    bool pending = ssl_ != nullptr && SSL_pending(static_cast<SSL*>(ssl_)) > 0;
    if (!pending) {
      pollfd p{fd_, POLLIN, 0};
      int ready = ::poll(&p, 1, static_cast<int>(left.count()));
      if (ready == 0) return false;
      if (ready < 0) return true;
    }
    char chunk[4096];
    Result<size_t> n = ReadSome(chunk, sizeof(chunk));
    if (!n.ok()) return n.status().code() != StatusCode::kUnavailable;
    if (*n == 0) return true;
  }
}

Status WriteSelfSignedCertificate(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) return Status::Internal("EVP_EC_gen failed: " + SslError());
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 60 * 60);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  Status status;
  if (X509_sign(cert, key, EVP_sha256()) == 0) status = Status::Internal("X509_sign: " + SslError());
  if (status.ok()) {
    FILE* out = std::fopen(cert_path.c_str(), "w");
    if (out == nullptr || PEM_write_X509(out, cert) != 1) status = Status::IoError("cannot write " + cert_path);
    if (out != nullptr) std::fclose(out);
  }
  if (status.ok()) {
    FILE* out = std::fopen(key_path.c_str(), "w");
    if (out == nullptr || PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
      status = Status::IoError("cannot write " + key_path);
    }
    if (out != nullptr) std::fclose(out);
  }
  X509_free(cert);
  EVP_PKEY_free(key);
  return status;
}

}  // namespace openwsus::http
