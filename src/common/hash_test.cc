#include "common/hash.h"

#include <gtest/gtest.h>

#include "testing/test_support.h"

namespace openwsus {
namespace {

TEST(HashTest, KnownVectors) {
  EXPECT_EQ(HexEncode(Sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(HexEncode(Sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, StreamingEqualsOneShot) {
  Hasher h(HashAlgorithm::kSha256);
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(h.Finish(), Sha256("abc"));
}

TEST(HashTest, HashFileMatchesMemory) {
  testing::ScopedTempDir dir;
  std::string data(300000, 'x');
  testing::WriteFileOrDie(dir.path() + "/f", data);
  auto digest = HashFile(dir.path() + "/f", HashAlgorithm::kSha1);
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(*digest, Sha1(data));
  EXPECT_FALSE(HashFile(dir.path() + "/missing", HashAlgorithm::kSha1).ok());
}

TEST(HashTest, HexRoundTrip) {
  EXPECT_EQ(HexEncode("\x01\xab", true), "01AB");
  EXPECT_EQ(*HexDecode("01ab"), "\x01\xab");
  EXPECT_FALSE(HexDecode("0g").ok());
  EXPECT_FALSE(HexDecode("abc").ok());
}

}  // namespace
}  // namespace openwsus
