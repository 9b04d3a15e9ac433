// TestHttpClient: a small blocking HTTP/1.1 client over 127.0.0.1 for tests of
// the server (in-process and the real binary). It writes raw bytes, so tests
// can send what a real client never would (unfinished headers, lying
// Content-Lengths), and reads responses framed by Content-Length or by close.
// Every read and write gives up after the timeout given to Connect, so a
// broken server fails a test instead of hanging it.
//
// Test-only (library ow_http_test_support). Not thread-safe.
#ifndef OPENWSUS_HTTP_TEST_HTTP_CLIENT_H_
#define OPENWSUS_HTTP_TEST_HTTP_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "http/http_headers.h"

namespace openwsus::http {

struct TestHttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
};

class TestHttpClient {
 public:
  static Result<std::unique_ptr<TestHttpClient>> Connect(int port, bool tls = false,
                                                         std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~TestHttpClient();
  TestHttpClient(const TestHttpClient&) = delete;
  TestHttpClient& operator=(const TestHttpClient&) = delete;

  Status Send(std::string_view bytes);
  // Reads one response; `head` says it answers a HEAD (no body follows).
  Result<TestHttpResponse> ReadResponse(bool head = false);
  // Sends "<method> <target> HTTP/1.1" with Host, Content-Length (when there
  // is a body) and `extra_headers` ("Name: value\r\n" lines), then reads the
  // response.
  Result<TestHttpResponse> Request(std::string_view method, std::string_view target, std::string_view body = "",
                                   std::string_view extra_headers = "");
  // True when the server closes the connection (EOF or reset) within
  // `timeout`, discarding anything it sends first; false if it stays open.
  bool WaitForClose(std::chrono::milliseconds timeout);

 private:
  TestHttpClient() = default;
  // Bytes read from the socket, or 0 at EOF.
  Result<size_t> ReadSome(char* out, size_t size);
  Status Fill();  // appends at least one byte to buffer_, or fails (EOF too)

  int fd_ = -1;
  void* ssl_ctx_ = nullptr;  // SSL_CTX*, kept out of the header
  void* ssl_ = nullptr;      // SSL*
  std::chrono::milliseconds timeout_{0};
  std::string buffer_;  // read but not yet consumed
};

// Writes a fresh self-signed P-256 certificate for CN=localhost (valid one
// day) and its key as PEM files.
Status WriteSelfSignedCertificate(const std::string& cert_path, const std::string& key_path);

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_TEST_HTTP_CLIENT_H_
