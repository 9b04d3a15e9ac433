#include "wsusss/update_blob.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "catalog/test_documents.h"
#include "testing/test_support.h"
#include "wsusss/test_blobs.h"

namespace openwsus::wsusss {
namespace {

TEST(UpdateBlobTest, SmallDocumentsGoPlainWithoutTheirDeclaration) {
  auto blob = MakeUpdateBlob(catalog::testdocs::kProduct);
  ASSERT_TRUE(blob.ok());
  EXPECT_FALSE(blob->compressed);
  EXPECT_EQ(blob->text, catalog::testdocs::kProduct);
  EXPECT_EQ(DocumentBody("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<a/>"), "<a/>");
}

TEST(UpdateBlobTest, LargeDocumentsGoAsACabinetOfUtf16) {
  std::string doc = "<upd:Update xmlns:upd=\"http://schemas.microsoft.com/msus/2002/12/Update\">";
  while (doc.size() < 3000) doc += "<x>\xC2\xA0 no-break space</x>";
  doc += "</upd:Update>";
  auto blob = MakeUpdateBlob(doc);
  ASSERT_TRUE(blob.ok());
  EXPECT_TRUE(blob->compressed);
  EXPECT_EQ(testing::DecodeBlobWithMspack(blob->text), doc);
  if (auto independent = testing::DecodeBlobWithCabextract(blob->text)) {
    EXPECT_EQ(*independent, doc);
  }
  EXPECT_FALSE(MakeUpdateBlob("<a>\xFF</a>").ok());  // not UTF-8: refused, never mangled
}

// The nine real documents: each blob decodes to exactly the stored bytes,
// read by libmspack and by cabextract; compressed exactly when the real
// upstream compressed it (the four GetUpdateData captures).
TEST(UpdateBlobTest, RealDocumentsRoundTrip) {
  auto fixtures = testing::WsusssFixtures();
  if (!fixtures) GTEST_SKIP() << "../shared/fixtures is absent: real documents skipped";
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(*fixtures + "/docs")) {
    std::string doc = openwsus::testing::ReadFileOrDie(entry.path().string());
    auto blob = MakeUpdateBlob(doc);
    ASSERT_TRUE(blob.ok()) << entry.path();
    std::string decoded = blob->compressed ? testing::DecodeBlobWithMspack(blob->text) : blob->text;
    EXPECT_EQ(decoded, doc) << entry.path();
    if (blob->compressed) {
      auto independent = testing::DecodeBlobWithCabextract(blob->text);
      if (independent) {
        EXPECT_EQ(*independent, doc) << entry.path();
      }
    }
    ++seen;
  }
  EXPECT_EQ(seen, 9);
  const std::pair<std::string, bool> real[] = {{"a2fef9b0-7951-4c2c-a42b-9e351dd1c1fe-r200.xml", true},
                                               {"266f6222-c89d-43f2-9f8a-69340271e677-r200.xml", true},
                                               {"ccb78947-6453-4ecc-9de8-bc0305c98f2d-r200.xml", false},
                                               {"56309036-4c77-4dd9-951a-99ee9c246a94-r101.xml", true}};
  for (const auto& [name, compressed] : real) {
    auto blob = MakeUpdateBlob(openwsus::testing::ReadFileOrDie(*fixtures + "/docs/" + name));
    EXPECT_EQ(blob->compressed, compressed) << name;
  }
}

}  // namespace
}  // namespace openwsus::wsusss
