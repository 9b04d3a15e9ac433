#include "cabinet/cabinet_reader.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "cabinet/cabinet_writer.h"
#include "testing/test_support.h"

namespace openwsus::cabinet {
namespace {

TEST(CabinetReaderTest, ReadsWhatTheWriterWrote) {
  testing::ScopedTempDir dir;
  CabinetWriter writer;
  std::string big(100000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
  writer.AddMember("a.txt", "hello");
  writer.AddMember("big.bin", big);
  ASSERT_TRUE(writer.WriteTo(dir.path() + "/t.cab").ok());
  auto cab = CabinetReader::Open(dir.path() + "/t.cab");
  ASSERT_TRUE(cab.ok()) << cab.status().ToString();
  ASSERT_EQ((*cab)->members().size(), 2u);
  EXPECT_EQ((*cab)->members()[1].size, 100000);
  Status extracted = (*cab)->Extract("big.bin", dir.path() + "/big.bin");
  ASSERT_TRUE(extracted.ok()) << extracted.ToString();
  EXPECT_EQ(testing::ReadFileOrDie(dir.path() + "/big.bin"), big);
  EXPECT_EQ((*cab)->Extract("missing", dir.path() + "/m").code(), StatusCode::kNotFound);
}

TEST(CabinetReaderTest, RefusesWhatIsNotACabinet) {
  testing::ScopedTempDir dir;
  testing::WriteFileOrDie(dir.path() + "/x.cab", "this is not a cabinet at all, not even close");
  auto cab = CabinetReader::Open(dir.path() + "/x.cab");
  ASSERT_FALSE(cab.ok());
  EXPECT_NE(cab.status().message().find("x.cab"), std::string::npos);
}

TEST(CabinetReaderTest, TruncatedCabinetFailsToExtract) {
  testing::ScopedTempDir dir;
  CabinetWriter writer;
  writer.AddMember("big.bin", std::string(200000, 'z'));
  std::string bytes = writer.Build().value();
  testing::WriteFileOrDie(dir.path() + "/t.cab", bytes.substr(0, bytes.size() / 2));
  auto cab = CabinetReader::Open(dir.path() + "/t.cab");
  if (!cab.ok()) {
    EXPECT_EQ(cab.status().code(), StatusCode::kDataLoss);
    return;
  }
  Status s = (*cab)->Extract("big.bin", dir.path() + "/out");
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/out"));
}

TEST(CabinetReaderTest, ReadsTheRealExport) {
  auto fixtures = testing::FixturesDir();
  if (!fixtures) GTEST_SKIP() << "../shared/fixtures is absent: real Cabinet skipped";
  auto cab = CabinetReader::Open(*fixtures + "/wsus-export/WSUS.cab");
  ASSERT_TRUE(cab.ok()) << cab.status().ToString();
  EXPECT_TRUE((*cab)->HasMember("package.xml"));
  EXPECT_TRUE((*cab)->HasMember("metadata.txt"));
}

}  // namespace
}  // namespace openwsus::cabinet
