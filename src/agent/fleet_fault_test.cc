// Faults a fleet must ride out against the real server: the server killed
// and restarted in the middle of the scans, the cookie key rotated with the
// old keys dropped, and a store so busy that the server answers ServerBusy.
// Each time every computer recovers by itself, every event it made reaches
// the server exactly once, and the server's counts are the expected ones.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "agent/fleet_test_fixture.h"
#include "store/sqlite/sqlite_db.h"

namespace openwsus::agent {
namespace {

using namespace testing;  // NOLINT: the fixture's vocabulary
using std::chrono::milliseconds;
constexpr size_t kComputers = 30;

class FleetFaultTest : public FleetServerTest {
 protected:
  // Runs one cycle of every computer, all at once, on a thread of its own,
  // so that the test can break things meanwhile. `calls` counts SOAP calls.
  void StartCycle(Fleet& fleet) {
    for (size_t i = 0; i < fleet.size(); ++i) {
      fleet.computer(i).client().SetCallObserver([this](const CallRecord& r) {
        ++calls_;
        if (r.sends > 1) ++retried_;
      });
    }
    runner_ = std::thread([this, &fleet] { reports_ = http::RunSync(io_, fleet.RunCycles({}, 0)); });
  }

  // A failed assertion leaves the cycle running; its retries are bounded.
  void TearDown() override {
    if (runner_.joinable()) runner_.join();
    FleetServerTest::TearDown();
  }

  std::vector<CycleReport> FinishCycle() {
    runner_.join();
    for (size_t i = 0; i < reports_.size(); ++i) {
      EXPECT_TRUE(reports_[i].status.ok()) << "computer " << i << ": " << reports_[i].status.ToString();
    }
    return reports_;
  }

  bool WaitForCalls(int n, std::chrono::seconds timeout = std::chrono::seconds(60)) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (calls_ < n) {
      if (std::chrono::steady_clock::now() > end) return false;
      std::this_thread::sleep_for(milliseconds(5));
    }
    return true;
  }

  void ApprovePhaseOne() {
    for (const std::string& u : kPhaseOneApprovals) Approve(u, "Ring1");
  }

  std::atomic<int> calls_{0};
  std::atomic<int> retried_{0};
  std::thread runner_;
  std::vector<CycleReport> reports_;
};

TEST_F(FleetFaultTest, ServerKilledAndRestartedInTheMiddleOfTheScans) {
  ApprovePhaseOne();
  Fleet fleet(io_.get_executor(), Options(kComputers));
  StartCycle(fleet);
  ASSERT_TRUE(WaitForCalls(3 * static_cast<int>(kComputers))) << "the scans did not start";
  server_->child().Signal(SIGKILL);                        // no shutdown: queued writes are lost, as in a crash
  server_->child().WaitForExit(std::chrono::seconds(10));  // killed: no exit code
  ASSERT_FALSE(server_->child().running());
  std::this_thread::sleep_for(milliseconds(500));
  ASSERT_TRUE(server_->Start({"--http-port", std::to_string(url_.port)}));
  FinishCycle();
  EXPECT_GT(retried_.load(), 0) << "some calls met the dead server";
  ExpectCounts(1, kComputers);
  ExpectNoEventLost(fleet);
}

TEST_F(FleetFaultTest, CookieKeyRotatedWithTheOldKeysDropped) {
  ApprovePhaseOne();
  Fleet fleet(io_.get_executor(), Options(kComputers));
  Cycle(fleet);
  json keys = json::parse(Cli("--token " + token_ + " keys rotate --drop-previous --json"), nullptr, false);
  ASSERT_EQ(keys.value("versions", json::array()).size(), 1u) << keys.dump() << ": only the new key is left";
  Cycle(fleet);
  for (size_t i = 0; i < fleet.size(); ++i) {
    WuspClient& client = fleet.computer(i).client();
    EXPECT_EQ(client.handshakes(), 2) << "computer " << i << ": InvalidCookie -> the handshake again";
    EXPECT_EQ(client.refreshes(), 1) << "computer " << i << ": then RefreshCache";
  }
  ExpectCounts(1, kComputers, /*cycles=*/2);
  ExpectNoEventLost(fleet);
}

class FleetBusyStoreTest : public FleetFaultTest {
 protected:
  void BeforeStart() override {
    FleetFaultTest::BeforeStart();
    std::ofstream(data_ + "/openwsus.json") << R"({"client_write_timeout_seconds": 0.5})";
  }
};

TEST_F(FleetBusyStoreTest, ServerBusyWhileAnotherWriterHoldsTheStore) {
  ApprovePhaseOne();
  Fleet fleet(io_.get_executor(), Options(kComputers));
  auto blocker = store::SqliteDb::Open(data_ + "/openwsus.db");
  ASSERT_TRUE(blocker.ok()) << blocker.status().ToString();
  ASSERT_TRUE((*blocker)->Exec("BEGIN IMMEDIATE").ok());  // another writer holds the database
  StartCycle(fleet);
  std::this_thread::sleep_for(std::chrono::seconds(3));  // registrations and reports meet a locked store
  ASSERT_TRUE((*blocker)->Exec("ROLLBACK").ok());
  blocker->reset();
  FinishCycle();
  int busy = 0;
  for (size_t i = 0; i < fleet.size(); ++i) busy += fleet.computer(i).client().retries();
  EXPECT_GT(busy, 0) << "the server answered ServerBusy and the agents came back";
  ExpectCounts(1, kComputers);
  ExpectNoEventLost(fleet);
}

}  // namespace
}  // namespace openwsus::agent
