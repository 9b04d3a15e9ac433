#include "admin/authenticator.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>

namespace openwsus::admin {
namespace {

TEST(AuthenticatorTest, FormatAndUniqueness) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string token = NewTokenSecret().value();
    ASSERT_EQ(token.size(), 47u) << token;  // "ows_" + 32 bytes in unpadded base64url
    EXPECT_TRUE(token.starts_with("ows_"));
    for (char c : token.substr(4)) {
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << token;
    }
    EXPECT_TRUE(seen.insert(token).second);
  }
}

TEST(AuthenticatorTest, HashIsLowerCaseHexSha256OfTheWholeText) {
  EXPECT_EQ(HashTokenSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string hash = HashTokenSecret("ows_x");
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace openwsus::admin
