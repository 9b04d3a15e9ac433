// UpdateAgent: one simulated Windows computer's detection cycle, as the
// Windows Update Agent runs it against a WSUS:
//
//   1. a restart, if an install asked for one (pending-reboot updates become
//      installed);
//   2. the scan: handshake if needed, the staged SyncUpdates loop and the
//      driver pass with the computer's devices (WuspClient, DeviceDrivers);
//   3. detection (UpdateDetector) and the report: event 147 (updates
//      detected) and event 156 with the status lists;
//   4. for each needed update approved for install: GetExtendedUpdateInfo,
//      the files downloaded in 1 MiB ranges and verified (162, or 161 when a
//      download fails), then a simulated install: 181, and 183, 201 (restart
//      required) or 182 (failed) as ComputerState.outcomes says; a driver
//      goes onto the devices it is a better match for;
//   5. for each installed update approved for removal (Uninstall): a
//      simulated uninstall, 226 then 222, 224 (restart required) or 221
//      (failed), as ComputerState.outcomes says (the same outcome as an
//      install of the update would have);
//   6. the events reported.
//
// Events are kept in ComputerState.unsent until the server acknowledges
// them, and sent again at the next chance: a server that is down, busy or
// restarting loses nothing. The policy says where the servers are, which
// target group the computer asks for and whether it installs.
//
// Not thread-safe: one agent per simulated computer, on one executor.
#ifndef OPENWSUS_AGENT_UPDATE_AGENT_H_
#define OPENWSUS_AGENT_UPDATE_AGENT_H_

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "agent/applicability_evaluator.h"
#include "agent/computer_state.h"
#include "agent/update_detector.h"
#include "agent/wusp_client.h"

namespace openwsus::agent {

// kNotify is WUA's AUOptions 3 with nobody at the keyboard: everything
// approved is downloaded and the user is told; only an update whose
// deadline has passed installs without them.
enum class InstallMode { kScanOnly, kDownloadOnly, kNotify, kInstall };

// WUA's policy (HKLM\Software\Policies\Microsoft\Windows\WindowsUpdate).
struct AgentPolicy {
  http::ServerUrl server;                        // WUServer
  std::optional<http::ServerUrl> status_server;  // WUStatusServer; the same server when absent
  std::string target_group;                      // TargetGroup (client-side targeting), "" for none
  std::chrono::seconds detection_frequency{std::chrono::hours(22)};
  InstallMode mode = InstallMode::kInstall;
  std::string download_dir;  // part files of downloads; "" hashes the bytes and keeps none
  http::ChannelOptions channel;
  RetryPolicy retry;
};

struct CycleReport {
  Status status;       // the first thing that went wrong, or ok
  int sync_calls = 0;  // SyncUpdates of the software pass
  size_t cached = 0;   // revisions held after the scan
  int needed = 0;      // as reported in event 156 (failed and downloaded count as needed)
  int installed = 0;   // installed or pending restart
  int not_applicable = 0;
  int installs = 0;    // installs attempted
  int uninstalls = 0;  // uninstalls attempted
  int install_failures = 0;
  int download_failures = 0;
  uint64_t bytes_downloaded = 0;
  int events_sent = 0;
  std::chrono::nanoseconds scan_time{0};
};

class UpdateAgent {
 public:
  UpdateAgent(boost::asio::any_io_executor executor, const AgentPolicy& policy, ComputerState state,
              std::string dns_name, ApplicabilityEvaluator* evaluator, RevisionTable* revisions);

  boost::asio::awaitable<CycleReport> RunCycle();
  // Sends what is unsent; ok when nothing is left.
  boost::asio::awaitable<Status> FlushEvents();
  // The detection of what the cache holds now (no network).
  std::vector<DetectedUpdate> Detect();

  WuspClient& client() { return client_; }
  const ComputerState& state() const { return state_; }
  ComputerState& mutable_state() { return state_; }
  const AgentPolicy& policy() const { return policy_; }
  // Events made so far (sent or not): what the server must end up holding.
  int events_made() const { return events_made_; }

 private:
  void Restart();
  void Queue(AgentEvent event);
  void QueueStatus(const std::vector<DetectedUpdate>& detected, CycleReport* report);
  boost::asio::awaitable<Status> InstallAll(const std::vector<DetectedUpdate>& detected, CycleReport* report);
  // Downloads every file of `revisions`; false when one failed (161 queued).
  boost::asio::awaitable<bool> DownloadFiles(const RevisionInfo& update,
                                             const std::vector<const RevisionInfo*>& revisions,
                                             const ExtendedInfo& extended, CycleReport* report);
  void Install(const RevisionInfo& update, const std::vector<const RevisionInfo*>& members, CycleReport* report);
  // Whether a downloaded update approved for install is installed now (the
  // mode, and under kNotify its deadline).
  bool InstallsNow(const CachedRevision& entry) const;
  void UninstallAll(const std::vector<DetectedUpdate>& detected, CycleReport* report);
  void Uninstall(const RevisionInfo& update, CycleReport* report);
  AgentEvent UpdateEvent(int32_t event_id, const RevisionInfo& update, int32_t hresult = 0) const;

  AgentPolicy policy_;
  ComputerState state_;
  ApplicabilityEvaluator* evaluator_;
  RevisionTable* revisions_;
  WuspClient client_;
  int events_made_ = 0;
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_UPDATE_AGENT_H_
