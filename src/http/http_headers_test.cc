#include "http/http_headers.h"

#include <gtest/gtest.h>

namespace openwsus::http {
namespace {

TEST(HttpHeadersTest, LooksUpWithoutCase) {
  HttpHeaders headers;
  headers.Add("Content-Type", "text/xml; charset=utf-8");
  headers.Add("SOAPAction", "\"http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/SyncUpdates\"");
  EXPECT_EQ(headers.Get("content-type"), "text/xml; charset=utf-8");
  EXPECT_EQ(headers.Get("SOAPACTION").value().substr(0, 8), "\"http://");
  EXPECT_FALSE(headers.Get("Content-Length").has_value());
}

TEST(HttpHeadersTest, AddKeepsAndSetReplaces) {
  HttpHeaders headers;
  headers.Add("Set-Cookie", "a=1");
  headers.Add("set-cookie", "b=2");
  EXPECT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers.Get("Set-Cookie"), "a=1");
  headers.Set("SET-COOKIE", "c=3");
  ASSERT_EQ(headers.size(), 1u);
  EXPECT_EQ(headers.Get("set-cookie"), "c=3");
  headers.Remove("Set-Cookie");
  EXPECT_TRUE(headers.empty());
}

TEST(HttpHeadersTest, AcceptsEncodingReadsTheTokenList) {
  HttpHeaders h;
  EXPECT_FALSE(AcceptsEncoding(h, "xpress"));
  h.Add("Accept-Encoding", "gzip, XPRESS");
  EXPECT_TRUE(AcceptsEncoding(h, "xpress"));
  HttpHeaders q;
  q.Add("accept-encoding", "gzip;q=1.0, xpress ; q=0");
  EXPECT_FALSE(AcceptsEncoding(q, "xpress"));
  EXPECT_TRUE(AcceptsEncoding(q, "gzip"));
  HttpHeaders two;
  two.Add("Accept-Encoding", "gzip");
  two.Add("Accept-Encoding", "xpress;q=0.5");
  EXPECT_TRUE(AcceptsEncoding(two, "xpress"));
  HttpHeaders near;
  near.Add("Accept-Encoding", "xpressx, x-xpress");
  EXPECT_FALSE(AcceptsEncoding(near, "xpress"));
}

}  // namespace
}  // namespace openwsus::http
