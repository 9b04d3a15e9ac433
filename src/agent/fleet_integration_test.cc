// End to end with a fleet: the real `openwsus serve` on 127.0.0.1 with the
// fleet test catalog (fleet_test_catalog.h), and 200 simulated computers in
// three target groups scanning, installing, uninstalling and reporting from
// this process.
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

class FleetIntegrationTest : public FleetServerTest {
 protected:
  // Computer `i`'s cache entry for `update`, or null.
  static const CachedRevision* Cached(Fleet& fleet, size_t i, const std::string& update) {
    for (const CachedRevision& e : fleet.computer(i).client().cache().entries()) {
      if (fleet.revisions().Find(e.revision_id)->identity.update_id.ToString() == update) return &e;
    }
    return nullptr;
  }
};

TEST_F(FleetIntegrationTest, TwoHundredComputersInThreeGroups) {
  for (const std::string& u : kPhaseOneApprovals) Approve(u, "Ring1");
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
    const CachedRevision* w2 = Cached(fleet, i, tc::kW2);
    ASSERT_NE(w2, nullptr) << "computer " << i;
    EXPECT_EQ(w2->action, DeploymentAction::kInstall) << "computer " << i;
  }
  // The driver pass: D1 went onto the NICs in Ring1 that ran an older driver
  // or none, and, no longer a better match there, out of their cache; the
  // others it is a better match for still hold it, not approved.
  for (size_t i = 0; i < kComputers; ++i) {
    tc::Nic nic = tc::TraitsOf(i).nic;
    bool better = nic == tc::Nic::kOldDriver || nic == tc::Nic::kNoDriver;
    bool ring1 = i % kGroups.size() == 1;
    EXPECT_EQ(fleet.computer(i).state().drivers.size(), better && ring1 ? 1u : 0u) << "computer " << i;
    const CachedRevision* d1 = Cached(fleet, i, tc::kD1);
    EXPECT_EQ(d1 != nullptr, better && !ring1) << "computer " << i;
    if (d1 != nullptr) {
      EXPECT_EQ(d1->action, DeploymentAction::kPreDeploymentCheck) << "computer " << i;
    }
  }
  ExpectCounts(2, kComputers);

  // Approved for removal: the computers that installed L1 uninstall it.
  Approve(tc::kL1, "Ring1", "uninstall");
  std::vector<CycleReport> third = Cycle(fleet);
  Guid l1 = *Guid::Parse(tc::kL1);
  for (size_t i = 0; i < kComputers; ++i) {
    tc::Traits t = tc::TraitsOf(i);
    bool had_it = t.widgets && t.german && i % kGroups.size() == 1;
    EXPECT_EQ(third[i].uninstalls, had_it ? 1 : 0) << "computer " << i;
    EXPECT_EQ(fleet.computer(i).state().uninstalled.count(l1), had_it ? 1u : 0u) << "computer " << i;
  }
  ExpectCounts(3, kComputers);
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
      Counts c = ExpectedCounts(update, name, 3, kComputers, 3);
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
