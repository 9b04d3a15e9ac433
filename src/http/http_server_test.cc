// The server on 127.0.0.1 with a free port, driven by TestHttpClient with raw
// bytes: limits, timeouts, keep-alive, HEAD, files, TLS and shutdown.
#include "http/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "common/log.h"
#include "http/health_handler.h"
#include "http/test_http_client.h"
#include "testing/test_support.h"

namespace openwsus::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::SetQuiet(true);
    options_.bind_address = "127.0.0.1";
    options_.http_port = 0;
    options_.https_port = 0;
    options_.io_threads = 2;
    options_.max_body_bytes = 1024;
    options_.max_header_bytes = 2048;
    options_.read_timeout = seconds(5);
    options_.idle_timeout = seconds(5);
    options_.shutdown_timeout = seconds(3);
    router_.Add("GET", kHealthPath, MakeHealthHandler("9.9.9"));
    router_.Add("POST", "/echo", [](const HttpRequest& request) { return HttpResponse::Text(200, request.body); });
    router_.Add("GET", "/request", [](const HttpRequest& request) {
      return HttpResponse::Text(200, request.method + " " + request.path + " " + request.query + " " +
                                         request.remote_address + (request.tls ? " tls" : " plain"));
    });
    router_.Add("GET", "/throw", [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom"); });
    router_.Add("GET", "/slow", [this](const HttpRequest&) {
      ++slow_started_;
      std::this_thread::sleep_for(milliseconds(400));
      return HttpResponse::Text(200, "slow");
    });
    router_.Add("GET", "/file", [this](const HttpRequest&) {
      return HttpResponse::File(dir_.path() + "/payload.bin", "application/octet-stream");
    });
    // "/range?OFFSET:LENGTH" sends that range of payload.bin; "/range?OFFSET"
    // sends from OFFSET to the end.
    router_.Add("GET", "/range", [this](const HttpRequest& request) {
      HttpResponse response = HttpResponse::File(dir_.path() + "/payload.bin", "application/octet-stream");
      size_t colon = request.query.find(':');
      response.file->offset = std::stoull(request.query.substr(0, colon));
      if (colon != std::string::npos) {
        response.file->length = std::stoull(request.query.substr(colon + 1));
      }
      response.status = 206;
      return response;
    });
    router_.Add("GET", "/missing-file", [this](const HttpRequest&) {
      return HttpResponse::File(dir_.path() + "/absent.bin", "application/octet-stream");
    });
  }

  void StartServer() {
    server_ =
        std::make_unique<HttpServer>(options_, [this](const HttpRequest& request) { return router_.Handle(request); });
    Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  std::unique_ptr<TestHttpClient> Connect(bool tls = false) {
    int port = tls ? server_->https_port().value_or(0) : server_->http_port();
    auto client = TestHttpClient::Connect(port, tls);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  // A fresh connection answers /health: the server is still serving.
  void ExpectStillServing() {
    auto client = Connect();
    ASSERT_NE(client, nullptr);
    auto response = client->Request("GET", "/health");
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, 200);
  }

  openwsus::testing::ScopedTempDir dir_;
  HttpServerOptions options_;
  Router router_;
  std::atomic<int> slow_started_{0};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, HealthAnswersJsonWithVersion) {
  StartServer();
  EXPECT_GT(server_->http_port(), 0);
  EXPECT_FALSE(server_->https_port().has_value());
  auto client = Connect();
  auto response = client->Request("GET", "/health");
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(response->body, "{\"status\":\"ok\",\"version\":\"9.9.9\"}\n");
  EXPECT_EQ(response->headers.Get("Server"), "OpenWSUS");
  EXPECT_TRUE(response->headers.Has("Date"));
}

TEST_F(HttpServerTest, PassesMethodPathQueryAndRemote) {
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/REQUEST?a=1&b=2");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->body, "GET /REQUEST a=1&b=2 127.0.0.1 plain");
}

TEST_F(HttpServerTest, KeepsConnectionsAlive) {
  StartServer();
  auto client = Connect();
  for (int i = 0; i < 3; ++i) {
    auto response = client->Request("POST", "/echo", "ping " + std::to_string(i));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->body, "ping " + std::to_string(i));
  }
  // Two pipelined requests in one write.
  ASSERT_TRUE(client
                  ->Send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                         "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi")
                  .ok());
  auto first = client->ReadResponse();
  auto second = client->ReadResponse();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->body, "hi");
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/health", "", "Connection: close\r\n");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->headers.Get("Connection"), "close");
  EXPECT_TRUE(client->WaitForClose(seconds(2)));
}

TEST_F(HttpServerTest, UnknownPathIs404AndWrongMethodIs405) {
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/no/such/thing");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 404);
  response = client->Request("DELETE", "/health");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->headers.Get("Allow"), "GET, HEAD");
}

TEST_F(HttpServerTest, HeadSendsLengthWithoutBody) {
  StartServer();
  auto client = Connect();
  auto head = client->Request("HEAD", "/health");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers.Get("Content-Length"), "34");
  EXPECT_TRUE(head->body.empty());
  // The connection is still in step: the next response parses.
  auto get = client->Request("GET", "/health");
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->body.size(), 34u);
}

TEST_F(HttpServerTest, OversizedBodyIs413AndServerStaysUp) {
  StartServer();
  auto client = Connect();
  std::string body(2000, 'x');
  auto response = client->Request("POST", "/echo", body);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->headers.Get("Connection"), "close");
  EXPECT_TRUE(client->WaitForClose(seconds(5)));
  ExpectStillServing();
}

TEST_F(HttpServerTest, OversizedContentLengthIsRefusedBeforeTheBody) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client->Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n").ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 413);
  ExpectStillServing();
}

TEST_F(HttpServerTest, OversizedChunkedBodyIs413) {
  StartServer();
  auto client = Connect();
  std::string chunk(800, 'y');
  ASSERT_TRUE(client
                  ->Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "320\r\n" +
                         chunk + "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n")
                  .ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 413);
}

TEST_F(HttpServerTest, BodyAtTheLimitIsAccepted) {
  StartServer();
  auto client = Connect();
  std::string body(1024, 'z');
  auto response = client->Request("POST", "/echo", body);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, body);
}

TEST_F(HttpServerTest, OversizedHeaderIs431) {
  StartServer();
  auto client = Connect();
  std::string big = "X-Big: " + std::string(4000, 'h') + "\r\n";
  auto response = client->Request("GET", "/health", "", big);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 431);
  ExpectStillServing();
}

TEST_F(HttpServerTest, MalformedRequestIs400) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client->Send("this is not http\r\n\r\n").ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 400);
}

TEST_F(HttpServerTest, Expect100ContinueGetsAnInterimResponse) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client
                  ->Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                         "Expect: 100-continue\r\n\r\n")
                  .ok());
  auto interim = client->ReadResponse();
  ASSERT_TRUE(interim.ok()) << interim.status().ToString();
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client->Send("hello").ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->body, "hello");
}

TEST_F(HttpServerTest, UnfinishedHeadersAreCutByTheReadTimeout) {
  options_.read_timeout = milliseconds(300);
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client->Send("GET /health HTTP/1.1\r\nHost: x\r\n").ok());
  auto start = Clock::now();
  EXPECT_TRUE(client->WaitForClose(seconds(5)));
  EXPECT_GE(Clock::now() - start, milliseconds(200));
  ExpectStillServing();
}

TEST_F(HttpServerTest, SilentNewConnectionIsCutByTheReadTimeout) {
  options_.read_timeout = milliseconds(300);
  StartServer();
  auto client = Connect();
  EXPECT_TRUE(client->WaitForClose(seconds(5)));
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  options_.idle_timeout = milliseconds(400);
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client->Request("GET", "/health").ok());
  auto start = Clock::now();
  EXPECT_TRUE(client->WaitForClose(seconds(5)));
  EXPECT_GE(Clock::now() - start, milliseconds(300));
}

TEST_F(HttpServerTest, ConnectionsBeyondTheLimitGet503) {
  options_.max_connections = 2;
  StartServer();
  auto a = Connect();
  auto b = Connect();
  // A completed request proves the server has accepted each connection.
  ASSERT_TRUE(a->Request("GET", "/health").ok());
  ASSERT_TRUE(b->Request("GET", "/health").ok());
  auto c = Connect();
  auto response = c->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 503);
  b.reset();
  // Once a slot frees up, new connections are served again.
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    auto d = Connect();
    auto r = d->Request("GET", "/health");
    served = r.ok() && r->status == 200;
    if (!served) std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(served);
}

TEST_F(HttpServerTest, ServesFiles) {
  std::string payload;
  for (int i = 0; i < 100000; ++i) payload += static_cast<char>(i * 7);
  openwsus::testing::WriteFileOrDie(dir_.path() + "/payload.bin", payload);
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/file");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->headers.Get("Content-Type"), "application/octet-stream");
  EXPECT_EQ(response->body, payload);
  auto head = client->Request("HEAD", "/file");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->headers.Get("Content-Length"), "100000");
  EXPECT_TRUE(head->body.empty());
  auto missing = client->Request("GET", "/missing-file");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
}

// Large enough that sendfile(2) fills the socket buffer and has to wait.
std::string LargePayload() {
  std::string payload(24 * 1024 * 1024, '\0');
  uint32_t x = 12345;
  for (char& c : payload) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  return payload;
}

void ExpectRanges(TestHttpClient& client, const std::string& payload) {
  auto whole = client.Request("GET", "/file");
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(whole->status, 200);
  EXPECT_TRUE(whole->body == payload);
  auto range = client.Request("GET", "/range?1048576:3145728");
  ASSERT_TRUE(range.ok()) << range.status().ToString();
  EXPECT_EQ(range->status, 206);
  EXPECT_EQ(range->headers.Get("Content-Length"), "3145728");
  EXPECT_TRUE(range->body == payload.substr(1048576, 3145728));
  auto tail = client.Request("GET", "/range?" + std::to_string(payload.size() - 10));
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(tail->body, payload.substr(payload.size() - 10));
  auto head = client.Request("HEAD", "/range?5:7");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->status, 206);
  EXPECT_EQ(head->headers.Get("Content-Length"), "7");
  EXPECT_TRUE(head->body.empty());
  // A range the file does not hold is refused before anything is sent.
  auto beyond = client.Request("GET", "/range?" + std::to_string(payload.size() - 1) + ":2");
  ASSERT_TRUE(beyond.ok());
  EXPECT_EQ(beyond->status, 500);
  auto empty = client.Request("GET", "/range?" + std::to_string(payload.size()) + ":0");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->status, 206);
  EXPECT_EQ(empty->headers.Get("Content-Length"), "0");
}

TEST_F(HttpServerTest, ServesFileRangesWithSendfile) {
  std::string payload = LargePayload();
  openwsus::testing::WriteFileOrDie(dir_.path() + "/payload.bin", payload);
  StartServer();
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  ExpectRanges(*client, payload);
  ExpectStillServing();
}

TEST_F(HttpServerTest, StalledFileDownloadIsCutByTheTimeout) {
  options_.read_timeout = milliseconds(300);
  openwsus::testing::WriteFileOrDie(dir_.path() + "/payload.bin", LargePayload());
  StartServer();
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->Send("GET /file HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").ok());
  // Not reading: the socket buffers fill, sendfile waits, the timeout fires.
  std::this_thread::sleep_for(milliseconds(1500));
  auto response = client->ReadResponse();
  EXPECT_FALSE(response.ok()) << "the body should have been cut short";
  ExpectStillServing();
}

TEST_F(HttpServerTest, ServesFileRangesOverTls) {
  options_.tls_cert_file = dir_.path() + "/cert.pem";
  options_.tls_key_file = dir_.path() + "/key.pem";
  ASSERT_TRUE(WriteSelfSignedCertificate(options_.tls_cert_file, options_.tls_key_file).ok());
  std::string payload = LargePayload();
  openwsus::testing::WriteFileOrDie(dir_.path() + "/payload.bin", payload);
  StartServer();
  auto client = Connect(/*tls=*/true);
  ASSERT_NE(client, nullptr);
  ExpectRanges(*client, payload);
}

TEST_F(HttpServerTest, ThrowingHandlerIs500) {
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/throw");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body.find("boom"), std::string::npos);
  ExpectStillServing();
}

TEST_F(HttpServerTest, StopFinishesInFlightRequestsAndClosesIdleOnes) {
  StartServer();
  auto idle = Connect();
  ASSERT_TRUE(idle->Request("GET", "/health").ok());
  auto busy = Connect();
  ASSERT_TRUE(busy->Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  while (slow_started_ == 0) std::this_thread::sleep_for(milliseconds(5));

  auto start = Clock::now();
  std::thread stopper([this] { server_->Stop(); });
  auto response = busy->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "slow");
  EXPECT_EQ(response->headers.Get("Connection"), "close");
  EXPECT_TRUE(idle->WaitForClose(seconds(2)));
  stopper.join();
  EXPECT_LT(Clock::now() - start, seconds(2));
  EXPECT_FALSE(TestHttpClient::Connect(server_->http_port()).ok());
}

TEST_F(HttpServerTest, StopCutsRequestsThatOutlastTheShutdownTimeout) {
  options_.shutdown_timeout = milliseconds(100);
  StartServer();
  auto stalled = Connect();
  ASSERT_TRUE(stalled->Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc").ok());
  std::this_thread::sleep_for(milliseconds(100));
  auto start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, seconds(3));
  EXPECT_TRUE(stalled->WaitForClose(seconds(1)));
  server_->Stop();  // again: no effect
}

TEST_F(HttpServerTest, PortInUseIsAnIoError) {
  StartServer();
  HttpServerOptions second = options_;
  second.http_port = server_->http_port();
  HttpServer other(second, [](const HttpRequest&) { return HttpResponse::Text(200, ""); });
  Status status = other.Start();
  EXPECT_EQ(status.code(), StatusCode::kIoError) << status.ToString();
  EXPECT_NE(status.message().find(std::to_string(second.http_port)), std::string::npos);
}

TEST_F(HttpServerTest, BadBindAddressIsInvalidArgument) {
  options_.bind_address = "not-an-address";
  HttpServer server(options_, [](const HttpRequest&) { return HttpResponse::Text(200, ""); });
  EXPECT_EQ(server.Start().code(), StatusCode::kInvalidArgument);
}

TEST_F(HttpServerTest, ServesHttpsWithACertificate) {
  options_.tls_cert_file = dir_.path() + "/cert.pem";
  options_.tls_key_file = dir_.path() + "/key.pem";
  ASSERT_TRUE(WriteSelfSignedCertificate(options_.tls_cert_file, options_.tls_key_file).ok());
  StartServer();
  ASSERT_TRUE(server_->https_port().has_value());
  EXPECT_NE(*server_->https_port(), server_->http_port());

  auto client = Connect(/*tls=*/true);
  ASSERT_NE(client, nullptr);
  auto response = client->Request("GET", "/request");
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "GET /request  127.0.0.1 tls");
  auto echo = client->Request("POST", "/echo", "over tls");
  ASSERT_TRUE(echo.ok());
  EXPECT_EQ(echo->body, "over tls");
  // Plain HTTP keeps working beside it.
  ExpectStillServing();
}

TEST_F(HttpServerTest, MissingCertificateIsInvalidArgument) {
  options_.tls_cert_file = dir_.path() + "/absent-cert.pem";
  options_.tls_key_file = dir_.path() + "/absent-key.pem";
  HttpServer server(options_, [](const HttpRequest&) { return HttpResponse::Text(200, ""); });
  Status status = server.Start();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("absent-cert.pem"), std::string::npos) << status.ToString();
}

TEST_F(HttpServerTest, CertificateWithoutKeyIsInvalidArgument) {
  options_.tls_cert_file = dir_.path() + "/cert.pem";
  HttpServer server(options_, [](const HttpRequest&) { return HttpResponse::Text(200, ""); });
  EXPECT_EQ(server.Start().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace openwsus::http
