#include "http/client/http_request_spec.h"

#include <gtest/gtest.h>

namespace openwsus::http {
namespace {

ServerUrl Url(std::string_view text) { return ParseServerUrl(text).value(); }

TEST(RequestHeadTest, WritesTheHeadUnderTheBasePath) {
  HttpRequestSpec request{"POST", "/api/v1/groups", {{"Content-Type", "application/json"}}, "{}"};
  auto head = RequestHead(Url("https://wsus.example:8531/openwsus"), request, "close");
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(*head,
            "POST /openwsus/api/v1/groups HTTP/1.1\r\nHost: wsus.example:8531\r\nConnection: close\r\n"
            "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n");
  auto get = RequestHead(Url("http://[::1]:8530"), {"GET", "/health", {}, ""});
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(*get, "GET /health HTTP/1.1\r\nHost: [::1]:8530\r\n\r\n");
}

TEST(RequestHeadTest, RefusesWhatWouldSplitTheHead) {
  ServerUrl url = Url("http://127.0.0.1:8530");
  const HttpRequestSpec bad[] = {
      {"GET", "/x\r\nX-Injected: 1", {}, ""},
      {"GET", "/x HTTP/1.1\r\n\r\nGET /y", {}, ""},
      {"GET", "/a b", {}, ""},
      {"GE T", "/", {}, ""},
      {"GET", "/", {{"User-Agent", "agent\r\nX-Injected: 1"}}, ""},
      {"GET", "/", {{"Range", std::string("bytes=0-1\0", 10)}}, ""},
      {"GET", "/", {{"X\nY", "v"}}, ""},
      {"GET", "/", {{"", "v"}}, ""},
      {"GET", "/", {{"Bad Name", "v"}}, ""},
  };
  for (const HttpRequestSpec& request : bad) {
    auto head = RequestHead(url, request);
    EXPECT_EQ(head.status().code(), StatusCode::kInvalidArgument) << request.target;
  }
}

}  // namespace
}  // namespace openwsus::http
