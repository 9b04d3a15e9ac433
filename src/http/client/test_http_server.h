// FakeHttpServer: a test-only HTTP server on 127.0.0.1 that answers each
// request with what a handler returns, one request per connection (as the
// CLI's client sends them), and records the requests it saw. It lets the
// client and CLI tests check what a client sends and how it treats each kind
// of answer without a real `openwsus serve`.
//
// Header-only, test-only. The handler runs on the server's thread; requests()
// may be read once the client has had its answers.
#ifndef OPENWSUS_HTTP_CLIENT_TEST_HTTP_SERVER_H_
#define OPENWSUS_HTTP_CLIENT_TEST_HTTP_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace openwsus::http::testing {

struct FakeRequest {
  std::string method;
  std::string target;
  std::string head;  // request line and headers
  std::string body;
};

// "HTTP/1.1 <status> X\r\nContent-Length: N\r\n\r\n<body>"
inline std::string HttpAnswer(int status, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) +
         " X\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

class FakeHttpServer {
 public:
  using Handler = std::function<std::string(const FakeRequest&)>;

  explicit FakeHttpServer(Handler handler) : handler_(std::move(handler)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    ::listen(fd_, 16);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeHttpServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<FakeRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      FakeRequest request;
      if (Read(client, &request)) {
        std::string answer = handler_(request);
        {
          std::lock_guard<std::mutex> lock(mu_);
          requests_.push_back(request);
        }
        ::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
      }
      ::close(client);
    }
  }

  static bool Read(int client, FakeRequest* request) {
    std::string data;
    char buffer[4096];
    for (;;) {
      size_t head_end = data.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        size_t length = 0;
        size_t at = data.find("Content-Length: ");
        if (at != std::string::npos && at < head_end) length = std::stoul(data.substr(at + 16));
        if (data.size() >= head_end + 4 + length) {
          request->head = data.substr(0, head_end);
          request->body = data.substr(head_end + 4, length);
          size_t space = data.find(' ');
          request->method = data.substr(0, space);
          request->target = data.substr(space + 1, data.find(' ', space + 1) - space - 1);
          return true;
        }
      }
      pollfd p{client, POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0) return false;
      ssize_t n = ::recv(client, buffer, sizeof(buffer), 0);
      if (n <= 0) return false;
      data.append(buffer, static_cast<size_t>(n));
    }
  }

  Handler handler_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<FakeRequest> requests_;
  std::thread thread_;
};

// A loopback port with nothing listening (free a moment ago).
inline int ClosedLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

}  // namespace openwsus::http::testing

#endif  // OPENWSUS_HTTP_CLIENT_TEST_HTTP_SERVER_H_
