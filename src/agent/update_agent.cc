#include "agent/update_agent.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "agent/file_download.h"
#include "common/hash.h"

namespace openwsus::agent {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// Event ids of namespace 1 (SUSDB tbEvent) the agent reports.
constexpr int32_t kDetected = 147;
constexpr int32_t kStatus = 156;
constexpr int32_t kDownloadFailed = 161;
constexpr int32_t kDownloaded = 162;
constexpr int32_t kInstallStarted = 181;
constexpr int32_t kInstallFailed = 182;
constexpr int32_t kInstalled = 183;
constexpr int32_t kInstallPending = 201;
constexpr int32_t kUninstallFailed = 221;
constexpr int32_t kUninstalled = 222;
constexpr int32_t kUninstallPending = 224;
constexpr int32_t kUninstallStarted = 226;
// HRESULTs WUA puts on them.
constexpr int32_t kRebootRequired = 0x00240005;                       // WU_S_REBOOT_REQUIRED
constexpr int32_t kInstallError = static_cast<int32_t>(0x80070643);   // ERROR_INSTALL_FAILURE
constexpr int32_t kNotDownloaded = static_cast<int32_t>(0x80246007);  // WU_E_DM_NOTDOWNLOADED
constexpr size_t kEventsPerBatch = 100;

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

bool Installable(const DetectedUpdate& d) {
  bool wanted =
      d.state == UpdateState::kNeeded || d.state == UpdateState::kFailed || d.state == UpdateState::kDownloaded;
  return wanted && d.cached.action == DeploymentAction::kInstall;
}

bool Removable(const DetectedUpdate& d) {
  bool installed = d.state == UpdateState::kInstalled || d.state == UpdateState::kInstalledPendingReboot;
  return installed && d.cached.action == DeploymentAction::kUninstall &&
         d.revision->type == catalog::UpdateType::kSoftware;
}

std::string Extension(const std::string& file_name) {
  size_t dot = file_name.rfind('.');
  return dot == std::string::npos ? "" : file_name.substr(dot);
}

}  // namespace

UpdateAgent::UpdateAgent(asio::any_io_executor executor, const AgentPolicy& policy, ComputerState state,
                         std::string dns_name, ApplicabilityEvaluator* evaluator, RevisionTable* revisions)
    : policy_(policy),
      state_(std::move(state)),
      evaluator_(evaluator),
      revisions_(revisions),
      client_(executor, policy.server,
              AgentIdentity{state_.client_id, std::move(dns_name), policy.target_group, "2.90", &evaluator->profile()},
              revisions, policy.channel, policy.status_server) {
  for (const Guid& id : evaluator_->profile().installed) {
    if (!state_.uninstalled.count(id)) state_.installed.insert(id);
  }
  client_.SetRetryPolicy(policy.retry);
  client_.SetSystemSpecSource([this] { return DeviceDrivers(evaluator_->profile(), state_).SystemSpecXml(); });
  client_.SetNonLeafEvaluator(
      [this](const RevisionInfo& r) { return UpdateDetector::NonLeafInstalled(r, evaluator_, state_); });
}

std::vector<DetectedUpdate> UpdateAgent::Detect() {
  return UpdateDetector(client_.cache(), *revisions_, evaluator_, state_).Detect();
}

void UpdateAgent::Restart() {
  // What waited for a restart is installed once the computer restarted.
  state_.pending_reboot.clear();
}

void UpdateAgent::Queue(AgentEvent event) {
  if (event.time_at_target.empty()) event.time_at_target = DateTime::Now().ToString();
  state_.unsent.push_back(std::move(event));
  ++events_made_;
}

AgentEvent UpdateAgent::UpdateEvent(int32_t event_id, const RevisionInfo& update, int32_t hresult) const {
  AgentEvent event;
  event.event_id = event_id;
  event.update = update.identity;
  event.win32_hresult = hresult;
  event.replacement_strings = {update.title.empty() ? update.identity.update_id.ToString() : update.title};
  return event;
}

void UpdateAgent::QueueStatus(const std::vector<DetectedUpdate>& detected, CycleReport* report) {
  std::map<char, std::string>
      lists;  // 156's MiscData lists: U needed, V installed, W pending restart, g failed, h downloaded
  int offered = 0;
  for (const DetectedUpdate& d : detected) {
    char list = 0;
    switch (d.state) {
      case UpdateState::kNeeded:
        list = 'U';
        break;
      case UpdateState::kInstalled:
        list = 'V';
        break;
      case UpdateState::kInstalledPendingReboot:
        list = 'W';
        break;
      case UpdateState::kFailed:
        list = 'g';
        break;
      case UpdateState::kDownloaded:
        list = 'h';
        break;
      case UpdateState::kNotApplicable:
        ++report->not_applicable;
        continue;
    }
    std::string& ids = lists[list];
    ids += (ids.empty() ? "" : ";") + Upper(d.revision->identity.update_id.ToString());
    if (list == 'V' || list == 'W') {
      ++report->installed;
    } else {
      ++report->needed;
    }
    if (Installable(d)) ++offered;
  }
  AgentEvent detected_event;
  detected_event.event_id = kDetected;
  detected_event.replacement_strings = {std::to_string(offered)};
  Queue(std::move(detected_event));
  AgentEvent status;
  status.event_id = kStatus;
  for (const auto& [list, ids] : lists) status.misc_data.push_back(std::string(1, list) + "=" + ids);
  Queue(std::move(status));
}

asio::awaitable<Status> UpdateAgent::FlushEvents() {
  while (!state_.unsent.empty()) {
    size_t count = std::min(kEventsPerBatch, state_.unsent.size());
    std::vector<AgentEvent> batch(state_.unsent.begin(), state_.unsent.begin() + static_cast<std::ptrdiff_t>(count));
    Status sent = co_await client_.ReportEvents(batch);
    if (!sent.ok()) co_return sent;  // kept; sent again next time, with the same instance ids
    state_.unsent.erase(state_.unsent.begin(), state_.unsent.begin() + static_cast<std::ptrdiff_t>(count));
  }
  co_return Status::Ok();
}

asio::awaitable<CycleReport> UpdateAgent::RunCycle() {
  CycleReport report;
  Restart();
  auto start = Clock::now();
  auto scan = co_await client_.Scan();
  report.scan_time = Clock::now() - start;
  if (!scan.ok()) {
    report.status = scan.status();
    co_return report;
  }
  report.sync_calls = scan->calls;
  report.cached = client_.cache().size();
  std::vector<DetectedUpdate> detected = Detect();
  QueueStatus(detected, &report);
  size_t before = state_.unsent.size();
  Status flushed = co_await FlushEvents();
  report.events_sent += static_cast<int>(before - state_.unsent.size());
  if (policy_.mode != InstallMode::kScanOnly) {
    Status installed = co_await InstallAll(detected, &report);
    if (!installed.ok()) report.status = installed;
  }
  if (policy_.mode == InstallMode::kInstall || policy_.mode == InstallMode::kNotify) UninstallAll(detected, &report);
  before = state_.unsent.size();
  flushed = co_await FlushEvents();
  report.events_sent += static_cast<int>(before - state_.unsent.size());
  if (!flushed.ok() && report.status.ok()) report.status = flushed;
  co_return report;
}

asio::awaitable<Status> UpdateAgent::InstallAll(const std::vector<DetectedUpdate>& detected, CycleReport* report) {
  UpdateDetector detector(client_.cache(), *revisions_, evaluator_, state_);
  std::vector<std::pair<const RevisionInfo*, std::vector<const RevisionInfo*>>> targets;
  std::vector<int32_t> ids;
  for (const DetectedUpdate& d : detected) {
    if (!Installable(d)) continue;
    std::vector<const RevisionInfo*> parts = d.revision->bundled.empty() ? std::vector<const RevisionInfo*>{d.revision}
                                                                         : detector.NeededMembers(*d.revision);
    ids.push_back(d.revision->revision_id);
    for (const RevisionInfo* part : parts) ids.push_back(part->revision_id);
    targets.emplace_back(d.revision, std::move(parts));
  }
  if (targets.empty()) co_return Status::Ok();
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto extended = co_await client_.GetExtendedUpdateInfo(ids);
  if (!extended.ok()) co_return extended.status();
  for (const auto& [update, parts] : targets) {
    if (!co_await DownloadFiles(*update, parts, *extended, report)) continue;
    const CachedRevision* entry = client_.cache().Find(update->revision_id);
    if (entry == nullptr || !InstallsNow(*entry)) {
      state_.downloaded.insert(update->identity.update_id);
      continue;
    }
    Install(*update, parts, report);
  }
  co_return Status::Ok();
}

asio::awaitable<bool> UpdateAgent::DownloadFiles(const RevisionInfo& update,
                                                 const std::vector<const RevisionInfo*>& revisions,
                                                 const ExtendedInfo& extended, CycleReport* report) {
  uint64_t bytes = 0;
  for (const RevisionInfo* revision : revisions) {
    for (const catalog::UpdateFile& file : revision->files) {
      auto location = std::find_if(extended.locations.begin(), extended.locations.end(),
                                   [&](const FileLocation& l) { return l.sha1 == file.sha1; });
      Status status =
          location == extended.locations.end() ? Status::NotFound(file.file_name + ": no FileLocation") : Status::Ok();
      std::string part;
      if (!policy_.download_dir.empty()) {
        part = policy_.download_dir + "/" + HexEncode(file.sha1) + Extension(file.file_name) + ".part";
      }
      bool done = !part.empty() && std::filesystem::exists(part.substr(0, part.size() - 5));
      if (status.ok() && !done) {
        auto download = FileDownload::Start(file, part);
        if (download.ok()) {
          status = co_await (*download)->Run(&client_, location->url);
        } else {
          status = download.status();
        }
      }
      if (!status.ok()) {
        ++report->download_failures;
        AgentEvent failed = UpdateEvent(kDownloadFailed, update, kNotDownloaded);
        failed.misc_data = {"F=" + status.ToString()};
        Queue(std::move(failed));
        co_return false;
      }
      bytes += static_cast<uint64_t>(file.size);
    }
  }
  report->bytes_downloaded += bytes;
  AgentEvent downloaded = UpdateEvent(kDownloaded, update);
  downloaded.misc_data = {"B=" + std::to_string(bytes)};
  Queue(std::move(downloaded));
  co_return true;
}

void UpdateAgent::Install(const RevisionInfo& update, const std::vector<const RevisionInfo*>& members,
                          CycleReport* report) {
  ++report->installs;
  Queue(UpdateEvent(kInstallStarted, update));
  const Guid& id = update.identity.update_id;
  auto outcome = state_.outcomes.find(id);
  InstallOutcome how = outcome == state_.outcomes.end() ? InstallOutcome::kSucceeds : outcome->second;
  state_.downloaded.erase(id);
  if (how == InstallOutcome::kFails) {
    ++report->install_failures;
    Queue(UpdateEvent(kInstallFailed, update, kInstallError));
    state_.failed.insert(id);
    return;
  }
  state_.failed.erase(id);
  state_.uninstalled.erase(id);
  if (update.type == catalog::UpdateType::kDriver) {
    // What a device runs decides a driver's state, not a list of installs.
    DeviceDrivers::Install(evaluator_->profile(), update, &state_);
  } else {
    state_.installed.insert(id);
    for (const RevisionInfo* member : members) {
      state_.installed.insert(member->identity.update_id);
      state_.uninstalled.erase(member->identity.update_id);
    }
  }
  client_.MarkNonLeafInstalled(update.revision_id);
  if (how == InstallOutcome::kNeedsRestart) {
    state_.pending_reboot.insert(id);
    Queue(UpdateEvent(kInstallPending, update, kRebootRequired));
  } else {
    Queue(UpdateEvent(kInstalled, update));
  }
}

bool UpdateAgent::InstallsNow(const CachedRevision& entry) const {
  if (policy_.mode == InstallMode::kInstall) return true;
  if (policy_.mode != InstallMode::kNotify) return false;
  std::optional<DateTime> deadline = entry.Deadline();
  return deadline.has_value() && !(DateTime::Now() < *deadline);
}

void UpdateAgent::UninstallAll(const std::vector<DetectedUpdate>& detected, CycleReport* report) {
  for (const DetectedUpdate& d : detected) {
    if (Removable(d)) Uninstall(*d.revision, report);
  }
}

void UpdateAgent::Uninstall(const RevisionInfo& update, CycleReport* report) {
  ++report->uninstalls;
  Queue(UpdateEvent(kUninstallStarted, update));
  const Guid& id = update.identity.update_id;
  auto outcome = state_.outcomes.find(id);
  InstallOutcome how = outcome == state_.outcomes.end() ? InstallOutcome::kSucceeds : outcome->second;
  if (how == InstallOutcome::kFails) {
    Queue(UpdateEvent(kUninstallFailed, update, kInstallError));
    return;
  }
  for (const Guid& part : update.bundled) {
    state_.installed.erase(part);
    state_.uninstalled.insert(part);
  }
  state_.installed.erase(id);
  state_.pending_reboot.erase(id);
  state_.uninstalled.insert(id);
  client_.MarkNonLeafRemoved(update.revision_id);
  if (how == InstallOutcome::kNeedsRestart) {
    Queue(UpdateEvent(kUninstallPending, update, kRebootRequired));
  } else {
    Queue(UpdateEvent(kUninstalled, update));
  }
}

}  // namespace openwsus::agent
