#include "common/guid.h"

#include <gtest/gtest.h>

namespace openwsus {
namespace {

TEST(GuidTest, ParsesEitherCaseToOneCanonicalForm) {
  auto upper = Guid::Parse("56309036-4C77-4DD9-951A-99EE9C246A94");
  auto lower = Guid::Parse("56309036-4c77-4dd9-951a-99ee9c246a94");
  ASSERT_TRUE(upper.ok());
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(*upper, *lower);
  EXPECT_EQ(upper->ToString(), "56309036-4c77-4dd9-951a-99ee9c246a94");
}

TEST(GuidTest, AcceptsBraces) {
  auto g = Guid::Parse("{6964aab4-c5b5-43bd-a17d-ffb4346a8e1d}");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->ToString(), "6964aab4-c5b5-43bd-a17d-ffb4346a8e1d");
}

TEST(GuidTest, RejectsMalformed) {
  const char* bad[] = {"",
                       "6964aab4",
                       "6964aab4-c5b5-43bd-a17d-ffb4346a8e1",
                       "6964aab4xc5b5-43bd-a17d-ffb4346a8e1d",
                       "6964aab4-c5b5-43bd-a17d-ffb4346a8e1g",
                       "{6964aab4-c5b5-43bd-a17d-ffb4346a8e1d"};
  for (const char* text : bad) {
    EXPECT_FALSE(Guid::Parse(text).ok()) << text;
  }
}

TEST(GuidTest, RandomIsVersion4AndDistinct) {
  Guid a = Guid::Random();
  Guid b = Guid::Random();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.ToString()[14], '4');
  EXPECT_FALSE(a.IsNil());
  EXPECT_TRUE(Guid().IsNil());
}

}  // namespace
}  // namespace openwsus
