#include "common/date_time.h"

#include <gtest/gtest.h>

namespace openwsus {
namespace {

struct Case {
  const char* input;
  const char* canonical;
};

TEST(DateTimeTest, ParsesRealForms) {
  const Case cases[] = {
      {"2024-06-19T17:11:14Z", "2024-06-19T17:11:14Z"},
      {"2024-06-19T17:11:14", "2024-06-19T17:11:14Z"},  // clients omit the Z
      {"2026-09-02T08:19:36.080Z", "2026-09-02T08:19:36.08Z"},
      {"2026-10-04T12:00:58.3814567Z", "2026-10-04T12:00:58.3814567Z"},  // 7 digits
      {"2026-10-04", "2026-10-04T00:00:00Z"},
      {"2026-10-04T02:00:00+02:00", "2026-10-04T00:00:00Z"},
      {"1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.5Z"},
      {"2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"},
  };
  for (const Case& c : cases) {
    auto t = DateTime::Parse(c.input);
    ASSERT_TRUE(t.ok()) << c.input << ": " << t.status().ToString();
    EXPECT_EQ(t->ToString(), c.canonical) << c.input;
  }
}

TEST(DateTimeTest, RejectsMalformed) {
  const char* bad[] = {"",
                       "2024",
                       "2024-13-01T00:00:00Z",
                       "2024-06-19T25:00:00Z",
                       "2024-06-19T17:11:14.12345678Z",
                       "2024-06-19T17:11:14ZZ",
                       "2024-06-19 17:11:14",
                       "2024-06-19T17:11:14."};
  for (const char* text : bad) {
    EXPECT_FALSE(DateTime::Parse(text).ok()) << text;
  }
}

TEST(DateTimeTest, DateOnlyAndOrdering) {
  auto a = DateTime::Parse("2026-10-04T23:59:59Z");
  auto b = DateTime::Parse("2026-10-05T00:00:00Z");
  EXPECT_LT(*a, *b);
  EXPECT_EQ(a->ToDateString(), "2026-10-04");
  EXPECT_EQ(DateTime::FromUnixSeconds(0).ToString(), "1970-01-01T00:00:00Z");
}

TEST(DateTimeTest, TruncatedToMilliseconds) {
  auto precise = DateTime::Parse("2026-12-07T16:15:39.0872754Z");
  ASSERT_TRUE(precise.ok());
  EXPECT_EQ(precise->TruncatedToMilliseconds().ToString(), "2026-12-07T16:15:39.087Z");
  EXPECT_EQ(DateTime::Parse("2026-10-04T13:17:07.59Z")->TruncatedToMilliseconds().ToString(),
            "2026-10-04T13:17:07.59Z");
  EXPECT_EQ(DateTime::FromTicks(-1).TruncatedToMilliseconds().ticks_since_epoch(), -10'000);
}

}  // namespace
}  // namespace openwsus
