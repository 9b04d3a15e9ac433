#include "http/client/http_response_parser.h"

#include <gtest/gtest.h>

#include "common/result.h"

namespace openwsus::http {
namespace {

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
}  // namespace openwsus::http
