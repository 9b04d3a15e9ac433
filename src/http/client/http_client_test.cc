#include "http/client/http_client.h"

#include <gtest/gtest.h>

#include "http/client/test_http_server.h"

namespace openwsus::http {
namespace {

TEST(SendHttpRequestTest, SendsOneRequestAndClosesTheConnection) {
  testing::FakeHttpServer server([](const testing::FakeRequest& r) { return testing::HttpAnswer(200, r.target); });
  auto url = ParseServerUrl("http://127.0.0.1:" + std::to_string(server.port()) + "/base");
  ASSERT_TRUE(url.ok());
  auto reply = SendHttpRequest(*url, {"GET", "/health", {{"Accept", "application/json"}}, ""});
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "/base/health");
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_NE(server.requests()[0].head.find("Connection: close\r\n"), std::string::npos);
}

TEST(SendHttpRequestTest, RefusesCrLfInTheHeadBeforeConnecting) {
  testing::FakeHttpServer server([](const testing::FakeRequest& r) { return testing::HttpAnswer(200, r.target); });
  auto url = ParseServerUrl("http://127.0.0.1:" + std::to_string(server.port()));
  ASSERT_TRUE(url.ok());
  auto reply = SendHttpRequest(*url, {"GET", "/", {{"Authorization", "Bearer x\r\nX-Injected: 1"}}, ""});
  EXPECT_EQ(reply.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace openwsus::http
