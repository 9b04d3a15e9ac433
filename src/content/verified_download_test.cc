#include "content/verified_download.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "testing/test_support.h"

namespace openwsus::content {
namespace {

namespace fs = std::filesystem;

const std::string kBytes = "The quick brown fox jumps over the lazy dog, twice over: the quick brown fox.";

ExpectedFile Expected() { return {"fox.cab", kBytes.size(), Sha1(kBytes), Sha256(kBytes)}; }

TEST(VerifiedDownloadTest, HashesOnlyWithoutAPartFile) {
  auto download = VerifiedDownload::Start(Expected());
  ASSERT_TRUE(download.ok()) << download.status().ToString();
  ASSERT_TRUE((*download)->Append(kBytes.substr(0, 10)).ok());
  ASSERT_TRUE((*download)->Append(kBytes.substr(10)).ok());
  EXPECT_EQ((*download)->received(), kBytes.size());
  ASSERT_TRUE((*download)->Finish().ok());
  EXPECT_TRUE((*download)->verified());
  EXPECT_EQ((*download)->final_path(), "");
}

TEST(VerifiedDownloadTest, RenamesOnlyOnceVerifiedAndResumesAPart) {
  testing::ScopedTempDir dir;
  std::string part = dir.path() + "/content/AB/fox.cab.part";
  {
    auto first = VerifiedDownload::Start(Expected(), part);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    ASSERT_TRUE((*first)->Append(kBytes.substr(0, 30)).ok());
  }  // interrupted: the part stays, the final name does not exist
  EXPECT_FALSE(fs::exists(dir.path() + "/content/AB/fox.cab"));
  auto resumed = VerifiedDownload::Start(Expected(), part);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ((*resumed)->received(), 30u);
  ASSERT_TRUE((*resumed)->Append(kBytes.substr(30)).ok());
  EXPECT_FALSE(fs::exists((*resumed)->final_path()));
  ASSERT_TRUE((*resumed)->Finish().ok());
  EXPECT_EQ((*resumed)->final_path(), dir.path() + "/content/AB/fox.cab");
  EXPECT_EQ(testing::ReadFileOrDie((*resumed)->final_path()), kBytes);
  EXPECT_FALSE(fs::exists(part));
}

TEST(VerifiedDownloadTest, AMismatchStartsOverAndKeepsNothing) {
  testing::ScopedTempDir dir;
  std::string part = dir.path() + "/x.cab.part";
  ExpectedFile file = Expected();
  file.sha256[0] ^= 1;
  auto download = VerifiedDownload::Start(file, part);
  ASSERT_TRUE(download.ok());
  ASSERT_TRUE((*download)->Append(kBytes).ok());
  Status finished = (*download)->Finish();
  EXPECT_EQ(finished.code(), StatusCode::kDataLoss);
  EXPECT_NE(finished.message().find("SHA-256"), std::string::npos) << finished.message();
  EXPECT_EQ((*download)->received(), 0u);
  EXPECT_FALSE((*download)->verified());
  EXPECT_FALSE(fs::exists(dir.path() + "/x.cab"));
  EXPECT_EQ(fs::file_size(part), 0u);
  // More bytes than the size are refused.
  ASSERT_TRUE((*download)->Append(kBytes).ok());
  EXPECT_EQ((*download)->Append("!").code(), StatusCode::kDataLoss);
}

TEST(VerifiedDownloadTest, AForeignPartIsStartedOver) {
  testing::ScopedTempDir dir;
  std::string part = dir.path() + "/x.cab.part";
  testing::WriteFileOrDie(part, kBytes + "and more than the file holds");
  auto download = VerifiedDownload::Start(Expected(), part);
  ASSERT_TRUE(download.ok());
  EXPECT_EQ((*download)->received(), 0u);
}

TEST(VerifiedDownloadTest, RefusesWhatCannotBeVerified) {
  ExpectedFile no_size = Expected();
  no_size.size = 0;
  EXPECT_EQ(VerifiedDownload::Start(no_size).status().code(), StatusCode::kInvalidArgument);
  ExpectedFile no_sha1 = Expected();
  no_sha1.sha1.clear();
  EXPECT_EQ(VerifiedDownload::Start(no_sha1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifiedDownload::Start(Expected(), "/tmp/x.cab").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace openwsus::content
