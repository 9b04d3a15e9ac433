#include "http/client/server_url.h"

#include <gtest/gtest.h>

namespace openwsus::http {
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

}  // namespace
}  // namespace openwsus::http
