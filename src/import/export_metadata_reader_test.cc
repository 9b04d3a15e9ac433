#include "import/export_metadata_reader.h"

#include <gtest/gtest.h>

#include "testing/test_support.h"

namespace openwsus::import {
namespace {

std::string Hex8(size_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08zx", v);
  return buf;
}

TEST(ExportMetadataReaderTest, CountsUtf16UnitsNotBytes) {
  testing::ScopedTempDir dir;
  // "é" is 2 UTF-8 bytes but 1 UTF-16 unit; U+1F600 is 4 bytes and 2 units.
  std::string a = "<x>\xc3\xa9\r\nline</x>";
  std::string b = "<y>\xf0\x9f\x98\x80</y>";
  std::string file =
      "\xEF\xBB\xBF"
      "6964aab4-c5b5-43bd-a17d-ffb4346a8e1d,00000064," +
      Hex8(14) + "," + a + "\r\n56309036-4c77-4dd9-951a-99ee9c246a94,00000065," + Hex8(9) + "," + b + "\n";
  testing::WriteFileOrDie(dir.path() + "/m.txt", file);
  auto reader = ExportMetadataReader::Open(dir.path() + "/m.txt");
  ASSERT_TRUE(reader.ok());
  auto r1 = (*reader)->Next();
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  ASSERT_TRUE(r1->has_value());
  EXPECT_EQ((*r1)->update_id, "6964aab4-c5b5-43bd-a17d-ffb4346a8e1d");
  EXPECT_EQ((*r1)->revision_number, 100);
  EXPECT_EQ((*r1)->xml, a);
  auto r2 = (*reader)->Next();
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ((*r2)->xml, b);
  EXPECT_EQ((*r2)->index, 1);
  auto end = (*reader)->Next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end->has_value());
}

TEST(ExportMetadataReaderTest, WrongLengthNamesTheRecord) {
  testing::ScopedTempDir dir;
  std::string file = "6964aab4-c5b5-43bd-a17d-ffb4346a8e1d,00000064,00000100,<x/>";
  testing::WriteFileOrDie(dir.path() + "/m.txt", file);
  auto reader = ExportMetadataReader::Open(dir.path() + "/m.txt");
  auto r = (*reader)->Next();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("metadata record 0 (update 6964aab4-c5b5-43bd-a17d-ffb4346a8e1d)"),
            std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("length"), std::string::npos);
}

TEST(ExportMetadataReaderTest, MalformedHeaders) {
  testing::ScopedTempDir dir;
  for (std::string bad : {"6964aab4,zzzzzzzz,00000004,<x/>", "6964aab4,00000064,0004,<x/>",
                          "6964aab4-c5b5-43bd-a17d-ffb4346a8e1d-and-far-too-long,1,1,x", "6964aab4,00000064"}) {
    testing::WriteFileOrDie(dir.path() + "/m.txt", bad);
    auto reader = ExportMetadataReader::Open(dir.path() + "/m.txt");
    EXPECT_FALSE((*reader)->Next().ok()) << bad;
  }
}

}  // namespace
}  // namespace openwsus::import
