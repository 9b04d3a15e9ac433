#include "agent/update_cache.h"

#include <gtest/gtest.h>

namespace openwsus::agent {
namespace {

CachedRevision Entry(int32_t id, DeploymentAction action = DeploymentAction::kInstall) {
  CachedRevision e;
  e.revision_id = id;
  e.deployment_id = id + 1000;
  e.action = action;
  return e;
}

TEST(UpdateCacheTest, KeepsEntriesSortedAndUnique) {
  UpdateCache cache;
  for (int32_t id : {30, 10, 20, 10}) cache.Put(Entry(id));
  ASSERT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.entries()[0].revision_id, 10);
  EXPECT_EQ(cache.entries()[2].revision_id, 30);
  cache.Put(Entry(20, DeploymentAction::kUninstall));
  EXPECT_EQ(cache.Find(20)->action, DeploymentAction::kUninstall) << "a second Put replaces";
  EXPECT_EQ(cache.Find(25), nullptr);
  cache.Erase(10);
  cache.Erase(11);  // not there: nothing happens
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Find(10), nullptr);
}

TEST(UpdateCacheTest, DeadlinesRoundTripToTheSecond) {
  CachedRevision e;
  EXPECT_FALSE(e.Deadline().has_value());
  e.SetDeadline(*DateTime::Parse("2030-01-01T03:00:00Z"));
  ASSERT_TRUE(e.Deadline().has_value());
  EXPECT_EQ(e.Deadline()->ToString(), "2030-01-01T03:00:00Z");
  e.SetDeadline(*DateTime::Parse("1990-05-01T00:00:00Z"));  // long past: still a deadline
  ASSERT_TRUE(e.Deadline().has_value());
  EXPECT_LT(*e.Deadline(), *DateTime::Parse("2000-01-02T00:00:00Z"));
  e.SetDeadline(std::nullopt);
  EXPECT_FALSE(e.Deadline().has_value());
}

TEST(UpdateCacheTest, ActionsParseAsTheServerSpellsThem) {
  for (const char* name : {"Evaluate", "Install", "OptionalInstall", "Uninstall", "Bundle", "PreDeploymentCheck"}) {
    EXPECT_EQ(DeploymentActionName(ParseDeploymentAction(name)), name);
  }
  EXPECT_EQ(ParseDeploymentAction("install"), DeploymentAction::kOther) << "case matters on the wire";
}

}  // namespace
}  // namespace openwsus::agent
