#include "wsusss/sync_anchor.h"

#include <gtest/gtest.h>

namespace openwsus::wsusss {
namespace {

const Guid kServer = *Guid::Parse("6f1c2f6e-3f0b-4d3a-9b1e-0d2f6a1c5e11");

TEST(SyncAnchorTest, KeepsTheRealServersShapeAndRoundTrips) {
  SyncAnchor anchor{9438, *DateTime::Parse("2026-10-04T16:33:26.67Z")};
  std::string text = EncodeAnchor(anchor, kServer);
  EXPECT_EQ(text.substr(0, 29), "9438,2026-10-04 16:33:26.670,");
  EXPECT_EQ(text.size(), 29u + 16u);
  auto back = DecodeAnchor(text, kServer, 9438);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, anchor);
  SyncAnchor whole{1, *DateTime::Parse("2026-10-04T16:33:26Z")};
  EXPECT_EQ(DecodeAnchor(EncodeAnchor(whole, kServer), kServer, 5).value(), whole);
}

TEST(SyncAnchorTest, RefusesWhatWeDidNotWrite) {
  std::string good = EncodeAnchor({7, *DateTime::Parse("2026-10-04T16:33:26.5Z")}, kServer);
  std::string changed = good;
  changed[0] = '8';  // another change number, same check
  for (std::string bad : {std::string(""), std::string("garbage"), std::string("9438,2026-10-04 16:33:26.670"), changed,
                          good.substr(0, good.size() - 1), good + "0", std::string(",,"), std::string(10000, ',')}) {
    EXPECT_EQ(DecodeAnchor(bad, kServer, 100).status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(DecodeAnchor(good, Guid::Random(), 100).ok());  // another upstream's
  EXPECT_FALSE(DecodeAnchor(good, kServer, 6).ok());           // from the future
  EXPECT_TRUE(DecodeAnchor(good, kServer, 7).ok());
}

}  // namespace
}  // namespace openwsus::wsusss
