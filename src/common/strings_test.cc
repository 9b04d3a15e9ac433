#include "common/strings.h"

#include <gtest/gtest.h>

namespace openwsus {
namespace {

TEST(StringsTest, AsciiLowerFoldsAsciiOnly) {
  EXPECT_EQ(AsciiLower("/ClientWebService/Client.ASMX"), "/clientwebservice/client.asmx");
  // UTF-8 bytes of "Ä" are left as they are.
  EXPECT_EQ(AsciiLower("\xC3\x84Z"), "\xC3\x84z");
  EXPECT_EQ(AsciiLower('Q'), 'q');
  EXPECT_EQ(AsciiLower('['), '[');
}

TEST(StringsTest, EqualsIgnoreCase) {
  EXPECT_TRUE(EqualsIgnoreCase("100-Continue", "100-continue"));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
  EXPECT_FALSE(EqualsIgnoreCase("abc", "abcd"));
  EXPECT_FALSE(EqualsIgnoreCase("abc", "abd"));
}

TEST(StringsTest, CompareIgnoreCase) {
  EXPECT_EQ(CompareIgnoreCase("HKLM\\Software", "hklm\\software"), 0);
  EXPECT_LT(CompareIgnoreCase("Abc", "abd"), 0);
  EXPECT_GT(CompareIgnoreCase("abd", "ABC"), 0);
  EXPECT_LT(CompareIgnoreCase("ab", "ABC"), 0);
  EXPECT_GT(CompareIgnoreCase("abc", "AB"), 0);
  // Bytes above 0x7f sort after ASCII, as unsigned.
  EXPECT_GT(CompareIgnoreCase("\xC3", "z"), 0);
}

TEST(StringsTest, Trim) {
  EXPECT_EQ(Trim(" \t value\r\n"), "value");
  EXPECT_EQ(Trim("inner  space"), "inner  space");
  EXPECT_EQ(Trim(" \r\n\t"), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" a\r", kOptionalWhitespace), "a\r");
}

TEST(StringsTest, ParseNumber) {
  EXPECT_EQ(ParseNumber<int32_t>("1073741825"), 1073741825);
  EXPECT_EQ(ParseNumber<int32_t>("-7"), -7);
  EXPECT_EQ(ParseNumber<uint32_t>("ff", 16), 255u);
  for (const char* bad : {"", " 1", "1 ", "12x", "x", "2147483648", "+1", "1.5"}) {
    EXPECT_FALSE(ParseNumber<int32_t>(bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParseNumber<uint64_t>("-1").has_value());
}

}  // namespace
}  // namespace openwsus
