#include "common/aead.h"

#include <gtest/gtest.h>

namespace openwsus {
namespace {

const std::string kKey(32, 'k');

TEST(AeadTest, RoundTripsIncludingEmpty) {
  for (std::string plain : {std::string(), std::string("x"), std::string(1000, '\0'), std::string("cookie payload")}) {
    auto sealed = Aead::Seal(kKey, plain, "ad");
    ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
    EXPECT_EQ(sealed->size(), plain.size() + Aead::kOverhead);
    auto opened = Aead::Open(kKey, *sealed, "ad");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, plain);
  }
}

TEST(AeadTest, NonceIsFreshEachTime) { EXPECT_NE(*Aead::Seal(kKey, "same", ""), *Aead::Seal(kKey, "same", "")); }

TEST(AeadTest, RejectsBadKeySize) {
  EXPECT_EQ(Aead::Seal("short", "x", "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Aead::Open(std::string(33, 'k'), std::string(40, 'x'), "").status().code(), StatusCode::kInvalidArgument);
}

TEST(AeadTest, FailsCleanly) {
  std::string sealed = *Aead::Seal(kKey, "secret payload", "auth");
  struct Case {
    const char* name;
    std::string key, data, ad;
  } cases[] = {
      {"wrong key", std::string(32, 'K'), sealed, "auth"},
      {"wrong associated data", kKey, sealed, "client"},
      {"empty", kKey, "", "auth"},
      {"shorter than overhead", kKey, sealed.substr(0, Aead::kOverhead - 1), "auth"},
      {"truncated", kKey, sealed.substr(0, sealed.size() - 1), "auth"},
      {"extended", kKey, sealed + "x", "auth"},
      {"tag only", kKey, std::string(Aead::kOverhead, '\0'), "auth"},
  };
  for (const auto& c : cases) {
    auto opened = Aead::Open(c.key, c.data, c.ad);
    EXPECT_FALSE(opened.ok()) << c.name;
    EXPECT_EQ(opened.status().code(), StatusCode::kUnauthenticated) << c.name;
  }
}

TEST(AeadTest, EveryFlippedBitFails) {
  std::string sealed = *Aead::Seal(kKey, "secret payload", "ad");
  for (size_t i = 0; i < sealed.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = sealed;
      bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
      EXPECT_FALSE(Aead::Open(kKey, bad, "ad").ok()) << "byte " << i << " bit " << bit;
    }
  }
}

}  // namespace
}  // namespace openwsus
