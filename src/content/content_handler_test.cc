#include "content/content_handler.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

#include <filesystem>

#include "common/hash.h"
#include "common/strings.h"
#include "http/http_headers.h"
#include "testing/test_support.h"

namespace openwsus::content {
namespace {

class ContentHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    payload_ = "0123456789abcdefghij";  // 20 bytes
    sha1_ = HexEncode(Sha1(payload_), /*upper=*/true);
    folder_ = sha1_.substr(38);
    std::filesystem::create_directories(dir_.path() + "/" + folder_);
    file_ = dir_.path() + "/" + folder_ + "/" + sha1_ + ".cab";
    openwsus::testing::WriteFileOrDie(file_, payload_);
    struct utimbuf times {
      1700000000, 1700000000
    };  // Tue, 14 Nov 2023 22:13:20 GMT
    ::utime(file_.c_str(), &times);
  }

  http::HttpResponse Get(const std::string& path, const std::string& range = "") const {
    http::HttpRequest request;
    request.method = "GET";
    request.path = path;
    if (!range.empty()) request.headers.Set("Range", range);
    return handler_.Handle(request);
  }

  std::string Url() const { return "/Content/" + folder_ + "/" + sha1_ + ".cab"; }

  openwsus::testing::ScopedTempDir dir_;
  ContentStore store_{dir_.path()};
  ContentHandler handler_{&store_};
  std::string payload_, sha1_, folder_, file_;
};

TEST_F(ContentHandlerTest, WholeFile) {
  http::HttpResponse r = Get(Url());
  EXPECT_EQ(r.status, 200);
  ASSERT_TRUE(r.file);
  EXPECT_EQ(r.file->path, file_);
  EXPECT_EQ(r.file->offset, 0u);
  EXPECT_EQ(r.file->length, 20u);
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/octet-stream");
  EXPECT_EQ(r.headers.Get("Accept-Ranges"), "bytes");
  EXPECT_EQ(r.headers.Get("ETag"), "\"" + sha1_ + "\"");
  EXPECT_EQ(r.headers.Get("Last-Modified"), "Tue, 14 Nov 2023 22:13:20 GMT");
  EXPECT_FALSE(r.headers.Has("Content-Range"));
  EXPECT_FALSE(r.headers.Has("Content-Encoding"));
}

TEST_F(ContentHandlerTest, RangesAnd416) {
  http::HttpResponse r = Get(Url(), "bytes=5-9");
  EXPECT_EQ(r.status, 206);
  ASSERT_TRUE(r.file);
  EXPECT_EQ(r.file->offset, 5u);
  EXPECT_EQ(r.file->length, 5u);
  EXPECT_EQ(r.headers.Get("Content-Range"), "bytes 5-9/20");
  http::HttpResponse beyond = Get(Url(), "bytes=20-");
  EXPECT_EQ(beyond.status, 416);
  EXPECT_FALSE(beyond.file);
  EXPECT_EQ(beyond.headers.Get("Content-Range"), "bytes */20");
  EXPECT_EQ(Get(Url(), "bytes=0-1,3-4").status, 200);
}

TEST_F(ContentHandlerTest, IfRange) {
  http::HttpRequest request;
  request.method = "GET";
  request.path = Url();
  request.headers.Set("Range", "bytes=1-2");
  request.headers.Set("If-Range", "\"" + sha1_ + "\"");
  EXPECT_EQ(handler_.Handle(request).status, 206);
  request.headers.Set("If-Range", "\"other\"");
  EXPECT_EQ(handler_.Handle(request).status, 200);
}

TEST_F(ContentHandlerTest, ExtensionCaseAndMissingFiles) {
  EXPECT_EQ(Get("/Content/" + folder_ + "/" + sha1_ + ".CAB").status, 200);
  EXPECT_EQ(Get("/content/" + folder_ + "/" + AsciiLower(sha1_) + ".cab").status, 200);
  EXPECT_EQ(Get("/Content/" + folder_ + "/" + sha1_ + ".exe").status, 404);
  EXPECT_EQ(Get("/Content/AB/2F88DF42DA48AA980FB748D13BAA2DE49CD154AB.exe").status, 404);
  EXPECT_EQ(Get("/Content/../" + folder_ + "/" + sha1_ + ".cab").status, 400);
  // A directory where the file should be is not served.
  std::filesystem::create_directories(dir_.path() + "/" + folder_ + "/" + sha1_ + ".dir");
  EXPECT_EQ(Get("/Content/" + folder_ + "/" + sha1_ + ".dir").status, 404);
}

TEST(HttpDateTest, Formats) {
  EXPECT_EQ(HttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(HttpDate(1788337853), "Wed, 02 Sep 2026 08:30:53 GMT");
}

}  // namespace
}  // namespace openwsus::content
