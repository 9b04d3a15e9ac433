#include "store/open_store.h"

#include <gtest/gtest.h>

#include "testing/test_support.h"

namespace openwsus::store {
namespace {

TEST(OpenStoreTest, OpensTheBackEndItsSchemeNames) {
  testing::ScopedTempDir dir;
  auto store = OpenStore(SqliteUrl(dir.path() + "/openwsus.db"));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->revisions, 0);
  EXPECT_EQ(SqliteUrl("/var/lib/openwsus/openwsus.db"), "sqlite:/var/lib/openwsus/openwsus.db");
}

TEST(OpenStoreTest, RefusesUrlsOfNoKnownScheme) {
  testing::ScopedTempDir dir;
  for (std::string url :
       {std::string("sqlite:"), dir.path() + "/openwsus.db", std::string("postgresql://db/wsus"), std::string("")}) {
    auto store = OpenStore(url);
    EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument) << url;
  }
}

}  // namespace
}  // namespace openwsus::store
