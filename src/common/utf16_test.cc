#include "common/utf16.h"

#include <gtest/gtest.h>

namespace openwsus {
namespace {

TEST(Utf16Test, RoundTripsEveryLength) {
  // ASCII, U+00A0 (seen in a real blob), U+20AC, U+1F600 (a surrogate pair).
  const std::string text = "a<b>\xC2\xA0\xE2\x82\xAC\xF0\x9F\x98\x80z";
  auto wide = Utf8ToUtf16Le(text);
  ASSERT_TRUE(wide.ok()) << wide.status().ToString();
  EXPECT_EQ(*wide, std::string("a\0<\0b\0>\0\xA0\0\xAC\x20\x3D\xD8\x00\xDE"
                               "z\0",
                               18));
  auto back = Utf16LeToUtf8(*wide);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, text);
}

TEST(Utf16Test, RefusesBadUtf8) {
  for (std::string bad : {std::string("\xC0\x80"), std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80"),
                          std::string("ab\xE2\x82"), std::string("\x80"), std::string("\xFF")}) {
    auto r = Utf8ToUtf16Le(bad);
    ASSERT_FALSE(r.ok()) << ::testing::PrintToString(bad);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(Utf16Test, RefusesBadUtf16) {
  EXPECT_FALSE(Utf16LeToUtf8(std::string("a\0b", 3)).ok());      // odd length
  EXPECT_FALSE(Utf16LeToUtf8(std::string("\x00\xDC", 2)).ok());  // lone low surrogate
  EXPECT_FALSE(Utf16LeToUtf8(std::string("\x3D\xD8"
                                         "a\0",
                                         4))
                   .ok());                                       // high without low
  EXPECT_FALSE(Utf16LeToUtf8(std::string("\x3D\xD8", 2)).ok());  // high at the end
  EXPECT_EQ(Utf16LeToUtf8("").value(), "");
}

}  // namespace
}  // namespace openwsus
