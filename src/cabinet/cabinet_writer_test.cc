#include "cabinet/cabinet_writer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "cabinet/cabinet_reader.h"
#include "testing/test_support.h"

namespace openwsus::cabinet {
namespace {

// Text that compresses (repeated XML-like runs) with an incompressible tail,
// over several 32 KiB blocks.
std::string SampleBytes() {
  std::string bytes;
  for (int i = 0; i < 4000; ++i) bytes += "<upd:UpdateIdentity UpdateID=\"" + std::to_string(i * 7919) + "\" />";
  uint32_t x = 12345;
  for (int i = 0; i < 70000; ++i) {
    x = x * 1103515245 + 12345;
    bytes.push_back(static_cast<char>(x >> 24));
  }
  return bytes;
}

std::string ExtractWithMspack(const std::string& dir, const std::string& cab_bytes, const std::string& member) {
  testing::WriteFileOrDie(dir + "/in.cab", cab_bytes);
  auto cab = CabinetReader::Open(dir + "/in.cab");
  EXPECT_TRUE(cab.ok()) << cab.status().ToString();
  if (!cab.ok()) return "";
  Status s = (*cab)->Extract(member, dir + "/out.bin");
  EXPECT_TRUE(s.ok()) << s.ToString();
  return s.ok() ? testing::ReadFileOrDie(dir + "/out.bin") : "";
}

TEST(CabinetWriterTest, MszipRoundTripsThroughLibmspack) {
  testing::ScopedTempDir dir;
  const std::string bytes = SampleBytes();
  CabinetWriter writer(Compression::kMszip);
  writer.AddMember("blob", bytes);
  auto cab = writer.Build();
  ASSERT_TRUE(cab.ok()) << cab.status().ToString();
  EXPECT_LT(cab->size(), bytes.size());
  EXPECT_EQ(ExtractWithMspack(dir.path(), *cab, "blob"), bytes);
}

TEST(CabinetWriterTest, StoredAndMszipHoldTheSameMembers) {
  testing::ScopedTempDir dir;
  for (Compression c : {Compression::kStored, Compression::kMszip}) {
    CabinetWriter writer(c);
    writer.AddMember("empty", "");
    writer.AddMember("small", "hello");
    auto cab = writer.Build();
    ASSERT_TRUE(cab.ok());
    EXPECT_EQ(ExtractWithMspack(dir.path(), *cab, "small"), "hello");
    EXPECT_EQ(ExtractWithMspack(dir.path(), *cab, "empty"), "");
  }
}

// cabextract (Debian's, built on its own copy of the decoders) is the
// independent check that the format, not only libmspack's reading of it, is right.
TEST(CabinetWriterTest, CabextractReadsMszip) {
  if (std::system("command -v cabextract >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "cabextract is not installed (scripts/setup.sh installs it): independent check skipped";
  }
  testing::ScopedTempDir dir;
  const std::string bytes = SampleBytes();
  CabinetWriter writer(Compression::kMszip);
  writer.AddMember("blob", bytes);
  ASSERT_TRUE(writer.WriteTo(dir.path() + "/t.cab").ok());
  std::string cmd = "cabextract -q -d " + dir.path() + "/x " + dir.path() + "/t.cab";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  EXPECT_EQ(testing::ReadFileOrDie(dir.path() + "/x/blob"), bytes);
}

}  // namespace
}  // namespace openwsus::cabinet
