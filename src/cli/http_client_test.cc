#include "cli/http_client.h"

#include <gtest/gtest.h>

#include "cli/http_response_parser.h"
#include "cli/test_http_server.h"

namespace openwsus::cli {
namespace {

TEST(ParseServerUrlTest, Accepts) {
  struct Case {
    const char* text;
    bool tls;
    const char* host;
    int port;
    const char* base_path;
    const char* canonical;
  };
  const Case cases[] = {
      {"http://127.0.0.1:8530", false, "127.0.0.1", 8530, "", "http://127.0.0.1:8530"},
      {"https://wsus.example.org:8531/", true, "wsus.example.org", 8531, "", "https://wsus.example.org:8531"},
      {"HTTPS://wsus.example.org", true, "wsus.example.org", 443, "", "https://wsus.example.org:443"},
      {"http://wsus", false, "wsus", 80, "", "http://wsus:80"},
      {"wsus-01.corp:8530", false, "wsus-01.corp", 8530, "", "http://wsus-01.corp:8530"},
      {"http://[::1]:8530", false, "::1", 8530, "", "http://[::1]:8530"},
      {"https://proxy.example/openwsus//", true, "proxy.example", 443, "/openwsus",
       "https://proxy.example:443/openwsus"},
  };
  for (const Case& c : cases) {
    auto url = ParseServerUrl(c.text);
    ASSERT_TRUE(url.ok()) << c.text << ": " << url.status().ToString();
    EXPECT_EQ(url->tls, c.tls) << c.text;
    EXPECT_EQ(url->host, c.host) << c.text;
    EXPECT_EQ(url->port, c.port) << c.text;
    EXPECT_EQ(url->base_path, c.base_path) << c.text;
    EXPECT_EQ(url->ToString(), c.canonical) << c.text;
  }
  EXPECT_EQ(ParseServerUrl("http://[::1]:8530")->HostHeader(), "[::1]:8530");
  EXPECT_EQ(ParseServerUrl("https://h.example")->HostHeader(), "h.example");
}

TEST(ParseServerUrlTest, Rejects) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"ftp://host", "scheme must be http or https"},
      {"http://", "no host"},
      {"http://:8530", "no host"},
      {"http://host:0", "port must be a number from 1 to 65535"},
      {"http://host:65536", "port must be"},
      {"http://host:85x0", "port must be"},
      {"http://host:", "empty port"},
      {"http://admin:pw@host", "--token"},
      {"http://host/api?x=1", "query or fragment"},
      {"http://ho st", "bad character in the host"},
      {"http://[::1", "unclosed"},
      {"http://[wsus]:80", "IPv6"},
  };
  for (const Case& c : cases) {
    auto url = ParseServerUrl(c.text);
    ASSERT_FALSE(url.ok()) << c.text;
    EXPECT_EQ(url.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(url.status().message().find(c.message), std::string::npos) << c.text << ": " << url.status().message();
  }
}

// Feeds `bytes` one byte at a time, the hardest split for the parser.
Result<HttpReply> ParseBytewise(std::string_view bytes, bool eof_at_end = true, size_t limit = 1 << 20) {
  HttpResponseParser parser(limit);
  for (char c : bytes) {
    OW_RETURN_IF_ERROR(parser.Feed(std::string_view(&c, 1)));
  }
  if (!parser.done() && eof_at_end) OW_RETURN_IF_ERROR(parser.FinishAtEof());
  if (!parser.done()) return Status::DataLoss("not done");
  return std::move(parser.reply());
}

TEST(HttpResponseParserTest, Framings) {
  auto length = ParseBytewise("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}extra",
                              /*eof_at_end=*/false);
  ASSERT_TRUE(length.ok()) << length.status().ToString();
  EXPECT_EQ(length->status, 200);
  EXPECT_EQ(length->reason, "OK");
  EXPECT_EQ(length->Header("content-type"), "application/json");
  EXPECT_EQ(length->body, "{}");

  auto chunked = ParseBytewise(
      "HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n"
      "4;ext=1\r\n{\"a\"\r\n3\r\n: 1\r\nA\r\n}         \r\n0\r\nX-Trailer: y\r\n\r\n",
      /*eof_at_end=*/false);
  ASSERT_TRUE(chunked.ok()) << chunked.status().ToString();
  EXPECT_EQ(chunked->status, 201);
  EXPECT_EQ(chunked->body, "{\"a\": 1}         ");

  auto to_close = ParseBytewise("HTTP/1.0 500 Internal Server Error\r\n\r\noops");
  ASSERT_TRUE(to_close.ok());
  EXPECT_EQ(to_close->status, 500);
  EXPECT_EQ(to_close->body, "oops");

  auto interim = ParseBytewise("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nServer: x\r\n\r\n",
                               /*eof_at_end=*/false);
  ASSERT_TRUE(interim.ok()) << interim.status().ToString();
  EXPECT_EQ(interim->status, 204);
  EXPECT_EQ(interim->body, "");

  auto no_reason = ParseBytewise("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", false);
  ASSERT_TRUE(no_reason.ok()) << no_reason.status().ToString();
  EXPECT_EQ(no_reason->status, 404);
}

TEST(HttpResponseParserTest, Malformed) {
  struct Case {
    std::string bytes;
    const char* message;
  };
  const Case cases[] = {
      {"SSH-2.0-OpenSSH\r\n\r\n", "not an HTTP response"},
      {"HTTP/1.1 2x0 OK\r\n\r\n", "bad HTTP status line"},
      {"HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "bad HTTP header line"},
      {"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length"},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported Transfer-Encoding"},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size"},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY", "does not end with CRLF"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "in the middle of its response"},
      {"", "without answering"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 2000000\r\n\r\n", "over the limit"},
  };
  for (const Case& c : cases) {
    auto reply = ParseBytewise(c.bytes);
    ASSERT_FALSE(reply.ok()) << c.bytes;
    EXPECT_NE(reply.status().message().find(c.message), std::string::npos)
        << c.bytes << ": " << reply.status().message();
  }
}

TEST(HttpResponseParserTest, BodyLimitAppliesToChunksAndToClose) {
  std::string big(100, 'x');
  auto chunked =
      ParseBytewise("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" + big + "\r\n0\r\n\r\n", true, 50);
  EXPECT_EQ(chunked.status().code(), StatusCode::kResourceExhausted);
  auto to_close = ParseBytewise("HTTP/1.1 200 OK\r\n\r\n" + big, true, 50);
  EXPECT_EQ(to_close.status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace openwsus::cli

namespace openwsus::cli {
namespace {

// The fake server closes every connection after one answer, as a server
// whose keep-alive timed out: the session notices and reconnects.
TEST(HttpSessionTest, ReconnectsWhenTheServerClosedTheConnection) {
  testing::FakeHttpServer server([](const testing::FakeRequest& r) { return testing::HttpAnswer(200, r.target); });
  ServerUrl url;
  url.host = "127.0.0.1";
  url.port = server.port();
  HttpSession session(url);
  for (const char* target : {"/one", "/two", "/three"}) {
    auto reply = session.Send({"GET", target, {}, ""});
    ASSERT_TRUE(reply.ok()) << reply.status().ToString();
    EXPECT_EQ(reply->body, target);
  }
  EXPECT_EQ(session.connections_opened(), 3);
  ASSERT_EQ(server.requests().size(), 3u);
  EXPECT_NE(server.requests()[0].head.find("Connection: keep-alive"), std::string::npos);
  // Nobody listening: a clear error, not a hang.
  ServerUrl nowhere = url;
  nowhere.port = 1;
  HttpSession refused(nowhere);
  EXPECT_EQ(refused.Send({"GET", "/", {}, ""}).status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace openwsus::cli
