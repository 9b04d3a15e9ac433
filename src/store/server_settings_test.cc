#include "store/server_settings.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/open_store.h"
#include "testing/test_support.h"

namespace openwsus::store {
namespace {

class ServerSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenStore(SqliteUrl(dir_.path() + "/openwsus.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  std::string Stored() { return store_->GetSetting(std::string(kConfigLastChangeSetting)).value().value_or(""); }

  testing::ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ServerSettingsTest, LastChangeIsCreatedAndKeptToTheMillisecond) {
  auto none = FindConfigLastChange(store_.get());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto created = LoadOrCreateConfigLastChange(store_.get());
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->ticks_since_epoch() % 10'000, 0);
  EXPECT_EQ(Stored(), created->ToString());
  EXPECT_EQ(LoadOrCreateConfigLastChange(store_.get()).value(), *created);
}

TEST_F(ServerSettingsTest, SevenDigitsOfAnOlderDatabaseAreReadTruncated) {
  ASSERT_TRUE(store_->SetSetting(std::string(kConfigLastChangeSetting), "2026-12-07T16:15:39.0872754Z").ok());
  EXPECT_EQ(LoadOrCreateConfigLastChange(store_.get())->ToString(), "2026-12-07T16:15:39.087Z");
  EXPECT_EQ(FindConfigLastChange(store_.get())->value().ToString(), "2026-12-07T16:15:39.087Z");
}

TEST_F(ServerSettingsTest, TouchMovesLastChangeByAtLeastAMillisecond) {
  DateTime now = *DateTime::Parse("2026-12-07T16:15:39.0872754Z");
  ASSERT_TRUE(TouchConfigLastChange(store_.get(), now).ok());
  EXPECT_EQ(Stored(), "2026-12-07T16:15:39.087Z");
  // Twice within one millisecond, or with a clock that went back: still later.
  ASSERT_TRUE(TouchConfigLastChange(store_.get(), now).ok());
  EXPECT_EQ(Stored(), "2026-12-07T16:15:39.088Z");
  ASSERT_TRUE(TouchConfigLastChange(store_.get(), DateTime::FromUnixSeconds(0)).ok());
  EXPECT_EQ(Stored(), "2026-12-07T16:15:39.089Z");
}

TEST_F(ServerSettingsTest, UnparsableLastChangeIsDataLoss) {
  ASSERT_TRUE(store_->SetSetting(std::string(kConfigLastChangeSetting), "yesterday").ok());
  EXPECT_EQ(LoadOrCreateConfigLastChange(store_.get()).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(TouchConfigLastChange(store_.get(), DateTime::Now()).code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace openwsus::store
