// End to end with a fleet: the real `openwsus serve` on 127.0.0.1 with the
// fleet test catalog (fleet_test_catalog.h), and 200 simulated computers in
// three target groups scanning, installing and reporting from this process.
// The admin API must report exactly the counts fleet_test_fixture.h works
// out from each computer's traits, per update and per group.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "agent/fleet_test_fixture.h"

namespace openwsus::agent {
namespace {

using namespace testing;  // NOLINT: the fixture's vocabulary
constexpr size_t kComputers = 200;

class FleetIntegrationTest : public FleetServerTest {};

TEST_F(FleetIntegrationTest, TwoHundredComputersInThreeGroups) {
  for (const char* u : {tc::kW1, tc::kG1, tc::kL1, tc::kB1, tc::kU1}) Approve(u, "Ring1");
  Fleet fleet(io_.get_executor(), Options(kComputers));
  std::vector<CycleReport> first = Cycle(fleet);
  int installs = 0;
  for (size_t i = 0; i < first.size(); ++i) {
    installs += first[i].installs;
    EXPECT_EQ(first[i].bytes_downloaded, ExpectedPhaseOneBytes(i)) << "computer " << i;
  }
  EXPECT_GT(installs, 60);
  ExpectCounts(1, kComputers);

  // Computers and their groups as registered.
  json ring1 = Api("GET", "/api/v1/computers?group=Ring1");
  EXPECT_EQ(ring1["computers"].size(), (kComputers + 1) / 3);
  EXPECT_EQ(fleet.evaluator(0).undecided(), 1u) << "U1's CBS rule, logged and not applicable";

  // The superseding update, approved later, is picked up at the next scan;
  // the update it supersedes drops out of the computers' scope.
  Approve(tc::kW2, "All Computers");
  Cycle(fleet);
  for (size_t i = 0; i < kComputers; i += 2) {  // the computers with Widgets
    const RevisionInfo* w2 = nullptr;
    for (const CachedRevision& e : fleet.computer(i).client().cache().entries()) {
      const RevisionInfo* info = fleet.revisions().Find(e.revision_id);
      if (info->identity.update_id.ToString() == tc::kW2) {
        w2 = info;
        EXPECT_EQ(e.action, DeploymentAction::kInstall) << "computer " << i;
      }
    }
    ASSERT_NE(w2, nullptr) << "computer " << i;
  }
  ExpectCounts(2, kComputers);
  ExpectNoEventLost(fleet);

  // Per group totals agree with the per update counts.
  json groups = Api("GET", "/api/v1/reports/groups");
  size_t rows = 0;
  for (const json& row : groups["groups"]) {
    std::string path = row["path"];
    std::string name = path.substr(path.rfind('/') + 1);
    if (path != "All Computers/" + name || std::find(kGroups.begin(), kGroups.end(), name) == kGroups.end()) continue;
    ++rows;
    Counts expected;
    for (const std::string& update : tc::kReported) {
      Counts c = ExpectedCounts(update, name, 2, kComputers);
      expected.installed += c.installed;
      expected.needed += c.needed;
    }
    Counts got = CountsOf(row["status"]);
    EXPECT_EQ(got.installed, expected.installed) << name;
    EXPECT_EQ(got.needed, expected.needed) << name;
  }
  EXPECT_EQ(rows, kGroups.size());
}

}  // namespace
}  // namespace openwsus::agent
