#include "content/content_path.h"

#include <gtest/gtest.h>

namespace openwsus::content {
namespace {

constexpr const char* kSha1 = "2F88DF42DA48AA980FB748D13BAA2DE49CD154AB";

TEST(ContentPathTest, ParsesTheWsusShape) {
  auto parsed = ParseContentPath("/Content/AB/2F88DF42DA48AA980FB748D13BAA2DE49CD154AB.exe");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->sha1_hex, kSha1);
  EXPECT_EQ(parsed->extension, "exe");
  EXPECT_EQ(RelativeContentFile(*parsed), std::string("AB/") + kSha1 + ".exe");
}

TEST(ContentPathTest, MatchesCaseInsensitivelyAndNormalisesTheDigest) {
  for (const char* path : {"/content/ab/2f88df42da48aa980fb748d13baa2de49cd154ab.exe",
                           "/CONTENT/Ab/2F88df42DA48AA980FB748D13BAA2DE49CD154aB.exe"}) {
    auto parsed = ParseContentPath(path);
    ASSERT_TRUE(parsed.ok()) << path;
    EXPECT_EQ(parsed->sha1_hex, kSha1) << path;
  }
  auto cab = ParseContentPath("/Content/AB/2F88DF42DA48AA980FB748D13BAA2DE49CD154AB.CAB");
  ASSERT_TRUE(cab.ok());
  EXPECT_EQ(cab->extension, "CAB");  // the extension keeps its case
  auto longest = ParseContentPath("/Content/AB/2F88DF42DA48AA980FB748D13BAA2DE49CD154AB.abcdefghijklmnop");
  EXPECT_TRUE(longest.ok());
}

TEST(ContentPathTest, RefusesTricksAsBadRequests) {
  const std::string good = std::string("/Content/AB/") + kSha1 + ".exe";
  for (const std::string& path : {
           std::string("/Content/../../etc/passwd"), std::string("/Content/AB/../") + kSha1 + ".exe",
           std::string("/Content/AB/..%2f..%2fetc%2fpasswd"), std::string("/Content/%2e%2e/%2e%2e/etc/passwd"),
           std::string("/Content/AB%2f") + kSha1 + ".exe", std::string("/Content/AB%5c") + kSha1 + ".exe",
           std::string("/Content/AB/") + kSha1 + ".exe%00.txt", std::string("/Content/AB/") + kSha1 + "%2eexe",
           std::string("/Content/AB\\") + kSha1 + ".exe", std::string("/Content\\..\\..\\etc\\passwd"),
           std::string("/Content//AB/") + kSha1 + ".exe", std::string("/Content/AB//") + kSha1 + ".exe",
           std::string("/Content/AB/") + kSha1 + ".exe" + std::string(1, '\0'),
           std::string("/Content/AB/") + kSha1 + ".ex\ne", std::string("/Content/AB/") + kSha1 + "..exe",
           std::string("http://host/Content/AB/") + kSha1 + ".exe",  // absolute form
       }) {
    auto parsed = ParseContentPath(path);
    ASSERT_FALSE(parsed.ok()) << path;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << path;
  }
  EXPECT_TRUE(ParseContentPath(good).ok());
}

TEST(ContentPathTest, RefusesOtherShapesAsNotFound) {
  const std::string sha1 = kSha1;
  for (const std::string& path : {
           std::string("/etc/passwd"),
           std::string("/Content/"),
           std::string("/Content/AB"),
           std::string("/Content/AB/"),
           std::string("/Content/AB/") + sha1,                         // no extension
           std::string("/Content/AB/") + sha1 + ".",                   // empty extension
           std::string("/Content/AB/") + sha1 + ".exe.txt",            // two dots
           std::string("/Content/AB/") + sha1 + ".e-x",                // not alphanumeric
           std::string("/Content/AB/") + sha1 + ".abcdefghijklmnopq",  // 17 characters
           std::string("/Content/CD/") + sha1 + ".exe",                // not the last byte
           std::string("/Content/B/") + sha1 + ".exe",                 // the MS sample's {0:X}
           std::string("/Content/ABC/") + sha1 + ".exe",
           std::string("/Content/AB/") + sha1.substr(1) + ".exe",   // 39 digits
           std::string("/Content/AB/0") + sha1 + ".exe",            // 41 digits
           std::string("/Content/AB/G") + sha1.substr(1) + ".exe",  // not hex
           std::string("/Content/AB/sub/") + sha1 + ".exe",
           std::string("/Content/AB/") + sha1 + ".exe/",
           std::string("/Content/A /") + sha1 + ".exe",
           std::string("/Contents/AB/") + sha1 + ".exe",
       }) {
    auto parsed = ParseContentPath(path);
    ASSERT_FALSE(parsed.ok()) << path;
    EXPECT_EQ(parsed.status().code(), StatusCode::kNotFound) << path;
  }
}

}  // namespace
}  // namespace openwsus::content
