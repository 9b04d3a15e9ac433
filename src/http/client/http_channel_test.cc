#include "http/client/http_channel.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "http/client/run_sync.h"
#include "http/client/test_http_server.h"

namespace openwsus::http {
namespace {

ServerUrl Loopback(int port) {
  ServerUrl url;
  url.host = "127.0.0.1";
  url.port = port;
  return url;
}

// The test server closes every connection after one answer, as a server
// whose keep-alive timed out: the channel notices and reconnects.
TEST(HttpChannelTest, ReconnectsWhenTheServerClosedTheConnection) {
  testing::FakeHttpServer server([](const testing::FakeRequest& r) { return testing::HttpAnswer(200, r.target); });
  boost::asio::io_context io;
  HttpChannel channel(io.get_executor(), Loopback(server.port()));
  for (const char* target : {"/one", "/two", "/three"}) {
    auto reply = RunSync(io, channel.Send({"GET", target, {}, ""}));
    ASSERT_TRUE(reply.ok()) << reply.status().ToString();
    EXPECT_EQ(reply->body, target);
  }
  EXPECT_EQ(channel.connections_opened(), 3);
  ASSERT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(server.requests()[0].head.find("Connection: close"), std::string::npos) << "kept alive";
  // Nobody listening: a clear error, not a hang.
  HttpChannel refused(io.get_executor(), Loopback(1));
  EXPECT_EQ(RunSync(io, refused.Send({"GET", "/", {}, ""})).status().code(), StatusCode::kIoError);
}

// A header value taken from elsewhere (a server's answer, a flag) cannot
// inject a header: the request is refused before anything is sent.
TEST(HttpChannelTest, RefusesCrLfInTheHead) {
  testing::FakeHttpServer server([](const testing::FakeRequest& r) { return testing::HttpAnswer(200, r.target); });
  boost::asio::io_context io;
  HttpChannel channel(io.get_executor(), Loopback(server.port()));
  auto reply = RunSync(io, channel.Send({"GET", "/", {{"Range", "bytes=0-1\r\nX-Injected: 1"}}, ""}));
  EXPECT_EQ(reply.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(channel.connections_opened(), 0);
  EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace openwsus::http
