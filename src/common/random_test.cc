#include "common/random.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace openwsus {
namespace {

TEST(RandomTest, GivesTheBytesAskedForAndNeverTheSameTwice) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto bytes = RandomBytes(16);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    EXPECT_EQ(bytes->size(), 16u);
    EXPECT_TRUE(seen.insert(*bytes).second);
  }
  EXPECT_EQ(RandomBytes(0).value(), "");
  unsigned char buffer[8] = {};
  EXPECT_TRUE(FillRandom(buffer, sizeof buffer).ok());
}

TEST(RandomTest, RefusesASizeTheSourceCannotTake) {
  char one = 0;
  EXPECT_EQ(FillRandom(&one, size_t{1} << 40).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace openwsus
