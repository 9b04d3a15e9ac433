#include "agent/fleet.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "testing/test_support.h"

namespace openwsus::agent {
namespace {

using openwsus::testing::ScopedTempDir;
using openwsus::testing::WriteFileOrDie;

TEST(FleetTest, ProfilesLoadFromAFolderInNameOrder) {
  ScopedTempDir dir;
  WriteFileOrDie(dir.path() + "/b-server.json", R"({"os": {"product_type": 3}})");
  WriteFileOrDie(dir.path() + "/a-laptop.json", R"({"architecture": 12})");
  WriteFileOrDie(dir.path() + "/notes.txt", "not a profile");
  auto profiles = LoadFleetProfiles(dir.path());
  ASSERT_TRUE(profiles.ok()) << profiles.status().ToString();
  ASSERT_EQ(profiles->size(), 2u);
  EXPECT_EQ((*profiles)[0].name, "a-laptop");
  EXPECT_EQ((*profiles)[0].profile.architecture, 12);
  EXPECT_EQ((*profiles)[1].profile.product_type, 3);

  WriteFileOrDie(dir.path() + "/c-bad.json", R"({"architecture": "x64"})");
  auto bad = LoadFleetProfiles(dir.path());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("c-bad.json"), std::string::npos) << bad.status().ToString();
  ScopedTempDir empty;
  EXPECT_EQ(LoadFleetProfiles(empty.path()).status().code(), StatusCode::kNotFound);
}

TEST(FleetTest, ComputersAreTheSameForTheSameSeed) {
  EXPECT_EQ(FleetClientId(7, 42), FleetClientId(7, 42));
  EXPECT_NE(FleetClientId(7, 42), FleetClientId(7, 43));
  EXPECT_NE(FleetClientId(7, 42), FleetClientId(8, 42));
  boost::asio::io_context io;
  FleetOptions options;
  options.computers = 5;
  options.target_groups = {"Ring0", "Ring1"};
  options.profiles = {{"one", MachineProfile()}, {"two", MachineProfile()}, {"three", MachineProfile()}};
  Fleet fleet(io.get_executor(), options);
  EXPECT_EQ(fleet.group_of(3), "Ring1");
  EXPECT_EQ(fleet.profile_of(4), 1u);
  EXPECT_EQ(fleet.computer(2).state().client_id, FleetClientId(1, 2));
}

TEST(FleetTest, CallStatsCountRetriesAndErrorsApart) {
  CallStats stats;
  stats.Record({"SyncUpdates", std::chrono::milliseconds(4), 1, ""});
  stats.Record({"SyncUpdates", std::chrono::milliseconds(8), 3, ""});  // answered after two retries
  stats.Record({"ReportEventBatch", std::chrono::milliseconds(1), 8, "ServerBusy"});
  EXPECT_EQ(stats.calls, 3);
  EXPECT_EQ(stats.retried_calls, 2);
  EXPECT_EQ(stats.latency_ms["SyncUpdates"].size(), 2u);
  EXPECT_EQ(stats.errors["SyncUpdates retried"], 2);
  EXPECT_EQ(stats.errors["ReportEventBatch ServerBusy"], 1);
  EXPECT_EQ(stats.latency_ms.count("ReportEventBatch"), 0u) << "a failed call has no latency";
  std::vector<double> v = {5, 1, 3, 2, 4};
  EXPECT_EQ(Percentile(&v, 0.5), 3);
  EXPECT_EQ(Percentile(&v, 1.0), 5);
  EXPECT_NE(stats.Describe().find("ReportEventBatch ServerBusy x1"), std::string::npos) << stats.Describe();
}

}  // namespace
}  // namespace openwsus::agent
