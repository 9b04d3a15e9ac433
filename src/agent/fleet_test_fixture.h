// Test support for the fleet's end-to-end and fault tests: the real server
// with the fleet test catalog imported, client-side targeting and three
// target groups; a fleet on this thread's io_context; and the expected
// state of every update on every computer, worked out from the computer's
// traits independently of the agent's evaluator. Header-only: it is used by
// the agent's integration tests alone.
#ifndef OPENWSUS_AGENT_FLEET_TEST_FIXTURE_H_
#define OPENWSUS_AGENT_FLEET_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "agent/agent_test_fixture.h"
#include "agent/fleet.h"
#include "agent/fleet_test_catalog.h"
#include "http/client/run_sync.h"

namespace openwsus::agent::testing {

namespace tc = testcatalog;
using nlohmann::json;

inline const std::vector<std::string> kGroups = {"Ring0", "Ring1", "Ring2"};

enum class Expect { kNotApplicable, kNeeded, kInstalled };

struct Counts {
  int installed = 0;
  int needed = 0;
  int not_applicable = 0;
  bool operator==(const Counts&) const = default;
};

inline std::ostream& operator<<(std::ostream& out, const Counts& c) {
  return out << "{installed " << c.installed << ", needed " << c.needed << ", not applicable " << c.not_applicable
             << "}";
}

// Approved for Ring1 in phase 1.
inline const std::vector<std::string> kPhaseOneApprovals = {tc::kW1, tc::kG1, tc::kL1, tc::kB1, tc::kU1, tc::kD1};

// D1 is offered to a computer whose NIC runs an older driver or none (the
// server offers only a better match than the installed driver), installed
// in Ring1. Once the NIC runs it, it is no longer a better match: the next
// driver pass puts it out of scope, the agent drops it, and the next status
// report leaves it out, which the server counts as not applicable (MS-WUSP
// 3.1.5.7; a real WUA is not at hand to confirm).
inline Expect ExpectedDriver(size_t i, int cycles) {
  tc::Nic nic = tc::TraitsOf(i).nic;
  if (nic != tc::Nic::kOldDriver && nic != tc::Nic::kNoDriver) return Expect::kNotApplicable;
  if (i % kGroups.size() != 1) return Expect::kNeeded;
  return cycles == 1 ? Expect::kInstalled : Expect::kNotApplicable;
}

// What the administrator must see for `update` on computer `i`. Phase 1:
// kPhaseOneApprovals approved for Ring1 only, one cycle. Phase 2: W2
// (superseding W1) approved for All Computers, one more cycle. Phase 3: L1
// approved for removal (Uninstall) in Ring1, one more cycle. `cycles`: how
// many cycles ran in all.
inline Expect Expected(const std::string& update, size_t i, int phase, int cycles) {
  if (update == tc::kD1) return ExpectedDriver(i, cycles);
  tc::Traits t = tc::TraitsOf(i);
  bool ring1 = i % kGroups.size() == 1;
  bool old_widgets = t.widgets && t.widgets_version == "2.0.5.0";
  if (update == tc::kW1) {
    if (!t.widgets) return Expect::kNotApplicable;
    if (!old_widgets || ring1) return Expect::kInstalled;          // 2.1 has it; Ring1 installed it in phase 1
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
    return ring1 && phase < 3 ? Expect::kInstalled : Expect::kNeeded;  // removed from Ring1 in phase 3
  }
  if (update == tc::kB1) {
    if (!t.gadgets) return Expect::kNotApplicable;
    return ring1 ? Expect::kInstalled : Expect::kNeeded;
  }
  return Expect::kNotApplicable;  // U1: its CBS rule is undecided
}

// What computer `i` downloads in phase 1 (file sizes from fleet_test_catalog.cc).
inline uint64_t ExpectedPhaseOneBytes(size_t i) {
  if (i % kGroups.size() != 1) return 0;
  tc::Traits t = tc::TraitsOf(i);
  uint64_t bytes = 0;
  if (t.widgets && t.widgets_version == "2.0.5.0") bytes += 1'500'000;                // W1
  if (t.gadgets && t.x64 && t.gadgets_dll != "5.1.0.0") bytes += 300'000;             // G1
  if (t.widgets && t.german) bytes += 100'000;                                        // L1
  if (t.gadgets) bytes += t.x64 ? 200'000 : 150'000;                                  // B1's member
  if (t.nic == tc::Nic::kOldDriver || t.nic == tc::Nic::kNoDriver) bytes += 400'000;  // D1
  return bytes;
}

inline Counts ExpectedCounts(const std::string& update, const std::string& group, int phase, size_t computers,
                             int cycles) {
  Counts c;
  for (size_t i = 0; i < computers; ++i) {
    if (!group.empty() && kGroups[i % kGroups.size()] != group) continue;
    switch (Expected(update, i, phase, cycles)) {
      case Expect::kInstalled:
        ++c.installed;
        break;
      case Expect::kNeeded:
        ++c.needed;
        break;
      case Expect::kNotApplicable:
        ++c.not_applicable;
        break;
    }
  }
  return c;
}

inline Counts CountsOf(const json& status) {
  Counts c;
  c.installed = status.value("installed", 0) + status.value("installed_pending_reboot", 0);
  c.needed = status.value("not_installed", 0) + status.value("downloaded", 0) + status.value("failed", 0);
  c.not_applicable = status.value("not_applicable", 0);
  return c;
}

class FleetServerTest : public AgentServerTest {
 protected:
  void BeforeStart() override {
    ASSERT_TRUE(tc::WriteCatalog(dir_.path() + "/catalog", data_ + "/content").ok());
    std::string imported = Cli("import " + dir_.path() + "/catalog");
    ASSERT_NE(imported.find("Imported 18 documents"), std::string::npos) << imported;
  }

  void SetUp() override {
    AgentServerTest::SetUp();
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

  void Approve(const std::string& update, const std::string& group, const std::string& action = "install") {
    Api("POST", "/api/v1/updates/" + update + "/approvals", json{{"action", action}, {"group", group}}.dump());
  }

  std::vector<CycleReport> Cycle(Fleet& fleet, size_t parallel = 50) {
    auto reports = http::RunSync(io_, fleet.RunCycles({}, parallel));
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

  // After `cycles` cycles (as many as the phase by default).
  void ExpectCounts(int phase, size_t computers, int cycles = 0) {
    if (cycles == 0) cycles = phase;
    for (const std::string& update : tc::kReported) {
      for (const std::string& group : {std::string(), kGroups[0], kGroups[1], kGroups[2]}) {
        EXPECT_EQ(ServerCounts(update, group), ExpectedCounts(update, group, phase, computers, cycles))
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

}  // namespace openwsus::agent::testing

#endif  // OPENWSUS_AGENT_FLEET_TEST_FIXTURE_H_
