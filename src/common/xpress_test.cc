#include "common/xpress.h"

#include <gtest/gtest.h>
#include <libfwnt.h>

#include <cstdint>

#include "testing/test_support.h"

namespace openwsus {
namespace {

// libfwnt's decoder (Debian's libfwnt-dev, linked into this test only): the
// independent check that our blocks are MS-XCA plain LZ77, not merely what
// our own decoder reads.
std::string DecodeWithLibfwnt(const std::string& packed, size_t size) {
  std::string out(size + 64, '\0');
  size_t out_size = out.size();
  libfwnt_error_t* error = nullptr;
  int rc = libfwnt_lzxpress_decompress(reinterpret_cast<const uint8_t*>(packed.data()), packed.size(),
                                       reinterpret_cast<uint8_t*>(out.data()), &out_size, &error);
  if (error != nullptr) libfwnt_error_free(&error);
  EXPECT_EQ(rc, 1) << "libfwnt refused the block";
  out.resize(rc == 1 ? out_size : 0);
  return out;
}

std::vector<std::string> Samples() {
  std::string xml;
  for (int i = 0; i < 900; ++i) {
    xml += "<UpdateInfo><ID>" + std::to_string(100000 + i * 37) +
           "</ID><Deployment><Action>Install</Action>"
           "</Deployment><IsLeaf>true</IsLeaf></UpdateInfo>";
  }
  std::string noise;
  uint32_t x = 7;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1664525 + 1013904223;
    noise.push_back(static_cast<char>(x >> 24));
  }
  // Runs long enough for every length form: 3 bits, 4 bits, a byte, 2 and 4 bytes.
  std::string runs = std::string(5, 'a') + std::string(20, 'b') + std::string(200, 'c') + std::string(5000, 'd') +
                     std::string(70000, 'e') + "xyz" + std::string(9, 'f') + std::string(30, 'g');
  return {"", "a", "abc", "abcabcabcabc", xml, noise, runs, xml.substr(0, 16352)};
}

TEST(XpressTest, BlocksRoundTripAndLibfwntAgrees) {
  for (const std::string& s : Samples()) {
    std::string packed = Lz77Compress(s);
    auto back = Lz77Decompress(packed, s.size());
    ASSERT_TRUE(back.ok()) << back.status().ToString() << " size " << s.size();
    EXPECT_TRUE(*back == s) << "size " << s.size();
    // libfwnt, block by block as XpressEncode sends them (it misreads
    // matches of 64 KiB and more, which blocks of kXpressBlockSize never hold).
    for (size_t at = 0; at < s.size(); at += kXpressBlockSize) {
      std::string block = s.substr(at, kXpressBlockSize);
      EXPECT_TRUE(DecodeWithLibfwnt(Lz77Compress(block), block.size()) == block) << "libfwnt, size " << s.size();
    }
  }
}

TEST(XpressTest, FramedBodiesRoundTripAndShrink) {
  for (const std::string& s : Samples()) {
    std::string framed = XpressEncode(s);
    auto back = XpressDecode(framed, 1u << 20);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_TRUE(*back == s) << "size " << s.size();
  }
  std::string xml = Samples()[4];
  EXPECT_LT(XpressEncode(xml).size(), xml.size() / 4);
  std::string noise = Samples()[5];
  EXPECT_LE(XpressEncode(noise).size(), noise.size() + 8 * 2);  // stored, not grown
}

// flow/000012: a real SyncUpdates answer of 173,621 bytes that the real
// server sent as 40,523 bytes of xpress. Ours must be no more than 10% larger.
TEST(XpressTest, ARealAnswerCompressesAsWellAsTheRealServers) {
  auto fixtures = testing::FixturesDir();
  if (!fixtures) GTEST_SKIP() << "../shared/fixtures is absent: real answer skipped";
  std::string body = testing::ReadFileOrDie(*fixtures + "/wsus-rs/wsus-m0-native/flow/000012/response.body");
  ASSERT_EQ(body.size(), 173621u);
  std::string framed = XpressEncode(body);
  EXPECT_LE(framed.size(), 40523u * 110 / 100) << framed.size();
  auto back = XpressDecode(framed, 1u << 20);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back == body);
}

TEST(XpressTest, CorruptInputIsRefusedNeverOverrun) {
  std::string framed = XpressEncode(Samples()[4]);
  EXPECT_FALSE(XpressDecode(framed.substr(0, framed.size() - 3), 1u << 20).ok());
  EXPECT_EQ(XpressDecode(framed, 1000).status().code(), StatusCode::kResourceExhausted);
  std::string packed = Lz77Compress("abcabcabcabcabcabc");
  EXPECT_FALSE(Lz77Decompress(packed, 5).ok());   // says more than the frame allows
  EXPECT_FALSE(Lz77Decompress(packed, 50).ok());  // says less
  // A match reaching before the start of the output.
  std::string bad("\x00\x00\x00\x80\xF8\xFF", 6);
  EXPECT_FALSE(Lz77Decompress(bad, 10).ok());
  uint32_t x = 1;
  for (int trial = 0; trial < 2000; ++trial) {
    std::string garbage(1 + trial % 64, '\0');
    for (char& c : garbage) {
      x = x * 1103515245 + 12345;
      c = static_cast<char>(x >> 16);
    }
    (void)Lz77Decompress(garbage, 100);  // must not crash (the sanitizer build checks)
    (void)XpressDecode(garbage, 1000);
  }
}

}  // namespace
}  // namespace openwsus
