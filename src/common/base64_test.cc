#include "common/base64.h"

#include <gtest/gtest.h>

namespace openwsus {
namespace {

TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {{"", ""},
                                                       {"f", "Zg=="},
                                                       {"fo", "Zm8="},
                                                       {"foo", "Zm9v"},
                                                       {"foob", "Zm9vYg=="},
                                                       {"fooba", "Zm9vYmE="},
                                                       {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : cases) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    auto decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(Base64Test, RealFileDigestIsTwentyBytes) {
  auto d = Base64Decode("vXidQqLgJwCO4+fE++5nIN1txMk=");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->size(), 20u);
}

TEST(Base64Test, RejectsMalformed) {
  for (const char* bad : {"Zg=", "Z===", "Zm9v!A==", "=Zm9", "Zg==Zg==", "Zm 9"}) {
    EXPECT_FALSE(Base64Decode(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace openwsus
