// End to end with a fleet: the real `openwsus serve` on 127.0.0.1 with the
// fleet test catalog (fleet_test_catalog.h), and 200 simulated computers in
// three target groups scanning, installing and reporting from this process.
// The expected state of every update on every computer is worked out here
// from the computer's traits, independently of the agent's evaluator, and
// the admin API must report exactly those counts per update and per group.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "agent/agent_test_fixture.h"
#include "agent/fleet.h"
#include "agent/fleet_test_catalog.h"
#include "agent/run_sync.h"

namespace openwsus::agent {
namespace {

namespace tc = testcatalog;
using nlohmann::json;

constexpr size_t kComputers = 200;
const std::vector<std::string> kGroups = {"Ring0", "Ring1", "Ring2"};

enum class Expect { kNotApplicable, kNeeded, kInstalled };

struct Counts {
  int installed = 0;
  int needed = 0;
  int not_applicable = 0;
  bool operator==(const Counts&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Counts& c) {
  return out << "{installed " << c.installed << ", needed " << c.needed << ", not applicable " << c.not_applicable
             << "}";
}

// What the administrator must see for `update` on computer `i`. Phase 1:
// W1, G1, L1, B1 and U1 approved for Ring1 only, one cycle. Phase 2: W2
// (superseding W1) approved for All Computers, one more cycle.
Expect Expected(const std::string& update, size_t i, int phase) {
  tc::Traits t = tc::TraitsOf(i);
  bool ring1 = i % kGroups.size() == 1;
  bool old_widgets = t.widgets && t.widgets_version == "2.0.5.0";
  if (update == tc::kW1) {
    if (!t.widgets) return Expect::kNotApplicable;
    if (!old_widgets || ring1) return Expect::kInstalled;  // 2.1 has it; Ring1 installed it in phase 1
    return phase == 1 ? Expect::kNeeded : Expect::kNotApplicable;  // superseded by W2 in phase 2
  }
  if (update == tc::kW2) {
    if (!t.widgets) return Expect::kNotApplicable;
    return phase == 1 ? Expect::kNeeded : Expect::kInstalled;
  }
  if (update == tc::kG1) {
    if (!t.gadgets || (!t.x64 && t.gadgets_dll != "5.1.0.0")) return Expect::kNotApplicable;
    if (t.gadgets_dll == "5.1.0.0" || ring1) return Expect::kInstalled;
    return Expect::kNeeded;
  }
  if (update == tc::kL1) {
    if (!t.widgets || !t.german) return Expect::kNotApplicable;
    return ring1 ? Expect::kInstalled : Expect::kNeeded;
  }
  if (update == tc::kB1) {
    if (!t.gadgets) return Expect::kNotApplicable;
    return ring1 ? Expect::kInstalled : Expect::kNeeded;
  }
  return Expect::kNotApplicable;  // U1: its CBS rule is undecided
}

Counts ExpectedCounts(const std::string& update, const std::string& group, int phase) {
  Counts c;
  for (size_t i = 0; i < kComputers; ++i) {
    if (!group.empty() && kGroups[i % kGroups.size()] != group) continue;
    switch (Expected(update, i, phase)) {
      case Expect::kInstalled: ++c.installed; break;
      case Expect::kNeeded: ++c.needed; break;
      case Expect::kNotApplicable: ++c.not_applicable; break;
    }
  }
  return c;
}

Counts CountsOf(const json& status) {
  Counts c;
  c.installed = status.value("installed", 0) + status.value("installed_pending_reboot", 0);
  c.needed = status.value("not_installed", 0) + status.value("downloaded", 0) + status.value("failed", 0);
  c.not_applicable = status.value("not_applicable", 0);
  return c;
}

class FleetIntegrationTest : public testing::AgentServerTest {
 protected:
  void BeforeStart() override {
    ASSERT_TRUE(tc::WriteCatalog(dir_.path() + "/catalog", data_ + "/content").ok());
    std::string imported = Cli("import " + dir_.path() + "/catalog");
    ASSERT_NE(imported.find("Imported 16 documents"), std::string::npos) << imported;
  }

  void SetUp() override {
    testing::AgentServerTest::SetUp();
    if (HasFatalFailure()) return;
    Api("PUT", "/api/v1/settings", R"({"targeting_mode": "client"})");
    for (const std::string& g : kGroups) Api("POST", "/api/v1/groups", json{{"name", g}}.dump());
  }

  FleetOptions Options(size_t computers) {
    FleetOptions options;
    options.policy.server = url_;
    options.policy.retry = {.attempts = 10, .first = std::chrono::milliseconds(200), .max = std::chrono::seconds(3)};
    options.computers = computers;
    options.target_groups = kGroups;
    for (size_t p = 0; p < tc::kProfiles; ++p) {
      options.profiles.push_back({"fleet-" + std::to_string(p), tc::ProfileOf(tc::TraitsOf(p))});
    }
    return options;
  }

  void Approve(const std::string& update, const std::string& group) {
    Api("POST", "/api/v1/updates/" + update + "/approvals", json{{"action", "install"}, {"group", group}}.dump());
  }

  std::vector<CycleReport> Cycle(Fleet& fleet, size_t parallel = 50) {
    auto reports = RunSync(io_, fleet.RunCycles({}, parallel));
    for (size_t i = 0; i < reports.size(); ++i) {
      EXPECT_TRUE(reports[i].status.ok()) << "computer " << i << ": " << reports[i].status.ToString();
    }
    return reports;
  }

  // The admin API's counts of `update` within `group` (all computers when "").
  Counts ServerCounts(const std::string& update, const std::string& group) {
    if (group.empty()) return CountsOf(Api("GET", "/api/v1/updates/" + update)["status"]);
    json list = Api("GET", "/api/v1/updates?group=" + group + "&limit=1000");
    for (const json& u : list["updates"]) {
      if (u["update_id"] == update) return CountsOf(u["status"]);
    }
    ADD_FAILURE() << update << " is not listed for " << group;
    return {};
  }

  void ExpectCounts(int phase) {
    for (const std::string& update : tc::kReported) {
      for (const std::string& group : {std::string(), kGroups[0], kGroups[1], kGroups[2]}) {
        EXPECT_EQ(ServerCounts(update, group), ExpectedCounts(update, group, phase))
            << "update " << update << " in " << (group.empty() ? "all groups" : group) << ", phase " << phase;
      }
    }
  }

  // Every event a computer made is on the server: none lost, none doubled.
  void ExpectNoEventLost(Fleet& fleet) {
    for (size_t i = 0; i < fleet.size(); ++i) {
      UpdateAgent& agent = fleet.computer(i);
      EXPECT_TRUE(agent.state().unsent.empty()) << "computer " << i;
      json events = Api("GET", "/api/v1/computers/" + agent.state().client_id.ToString() + "/events?limit=10000");
      EXPECT_EQ(events["events"].size(), static_cast<size_t>(agent.events_made())) << "computer " << i;
    }
  }

  boost::asio::io_context io_;
};

TEST_F(FleetIntegrationTest, TwoHundredComputersInThreeGroups) {
  for (const char* u : {tc::kW1, tc::kG1, tc::kL1, tc::kB1, tc::kU1}) Approve(u, "Ring1");
  Fleet fleet(io_.get_executor(), Options(kComputers));
  std::vector<CycleReport> first = Cycle(fleet);
  int installs = 0;
  for (const CycleReport& r : first) installs += r.installs;
  EXPECT_GT(installs, 60);
  ExpectCounts(1);

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
  ExpectCounts(2);
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
      Counts c = ExpectedCounts(update, name, 2);
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
