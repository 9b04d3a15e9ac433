// fleet_load: the load generator. A fleet of simulated computers (the
// reference agent, src/agent) in this one process, against a running
// `openwsus serve`, from a separate process over loopback.
//
//   fleet_load MODE --server URL --profiles DIR [--computers N] [options]
//
// Modes:
//   scan-storm      every computer at once: handshake, full staged scan,
//                   detection, events 147 and 156; then every computer at
//                   once again with its cache (the delta scan storm)
//   steady          one computer's cycle every 1/RATE s for --duration s
//                   (open loop: the rate does not slow down when the server
//                   does), after a first scan of every computer
//   report-storm    after a first scan of every computer (paced), every
//                   computer at once sends one ReportEventBatch of --events
//                   events
//   download-storm  every computer at once runs an install cycle: scan,
//                   GetExtendedUpdateInfo, 1 MiB range downloads verified by
//                   SHA-1 and SHA-256, installs, reports (needs a catalog with
//                   real files and approvals, e.g. the demo catalog)
//
// Each phase prints computers done and failed, throughput, latency
// percentiles per SOAP operation, cycle-time percentiles, errors by kind,
// and, with --server-pid, the server's peak RSS (VmHWM, reset at the start
// of the phase through /proc/PID/clear_refs) and its CPU time. --json adds
// one JSON line per phase for scripts.
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "agent/fleet.h"
#include "common/log.h"
#include "http/client/run_sync.h"

namespace {

namespace asio = boost::asio;
using namespace openwsus;  // NOLINT: a benchmark's main file
using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Flags {
  std::string mode;
  std::string server;
  std::string profiles;
  size_t computers = 1000;
  std::vector<std::string> groups;
  uint32_t seed = 1;
  int server_pid = 0;
  double rate = 100;
  double duration = 30;
  int events = 10;
  size_t warm_parallel = 200;
  bool json = false;
};

// Resource use of a process, from /proc.
struct ProcessSample {
  double cpu_seconds = 0;
  long peak_rss_kb = 0;
  long rss_kb = 0;
};

ProcessSample Sample(int pid) {
  ProcessSample s;
  std::string base = "/proc/" + (pid == 0 ? std::string("self") : std::to_string(pid));
  std::ifstream stat(base + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t close = text.rfind(')');  // the command name may hold spaces
  if (close != std::string::npos) {
    std::istringstream fields(text.substr(close + 2));
    std::vector<std::string> f((std::istream_iterator<std::string>(fields)), std::istream_iterator<std::string>());
    if (f.size() > 13)
      s.cpu_seconds = (std::stod(f[11]) + std::stod(f[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  std::ifstream status(base + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) s.peak_rss_kb = std::atol(line.c_str() + 6);
    if (line.rfind("VmRSS:", 0) == 0) s.rss_kb = std::atol(line.c_str() + 6);
  }
  return s;
}

// Resets the peak RSS of `pid` to its current RSS (Linux 4.0+).
void ResetPeak(int pid) {
  if (pid != 0) std::ofstream("/proc/" + std::to_string(pid) + "/clear_refs") << "5";
}

class Phase {
 public:
  Phase(std::string name, const Flags& flags, agent::Fleet* fleet)
      : name_(std::move(name)), flags_(flags), fleet_(fleet) {
    fleet_->stats().Clear();
    ResetPeak(flags_.server_pid);
    server_before_ = Sample(flags_.server_pid);
    started_ = Clock::now();
  }

  // Prints the phase's figures; `units` done of what the phase counts.
  json Finish(const std::vector<agent::CycleReport>& reports, const std::string& unit, size_t units) {
    double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    ProcessSample server = Sample(flags_.server_pid);
    ProcessSample self = Sample(0);
    size_t failed = 0;
    std::vector<double> cycle_ms;
    std::map<std::string, int> failures;
    uint64_t bytes = 0;
    for (const agent::CycleReport& r : reports) {
      bytes += r.bytes_downloaded;
      if (!r.status.ok()) {
        ++failed;
        ++failures[r.status.ToString().substr(0, 80)];
        continue;
      }
      cycle_ms.push_back(std::chrono::duration<double, std::milli>(r.scan_time).count());
    }
    const agent::CallStats& stats = fleet_->stats();
    std::vector<double> sync =
        stats.latency_ms.count("SyncUpdates") ? stats.latency_ms.at("SyncUpdates") : std::vector<double>();
    size_t sync_calls = sync.size();
    double cpu = flags_.server_pid != 0 ? server.cpu_seconds - server_before_.cpu_seconds : 0;
    json out = {{"phase", name_},
                {"computers", reports.size()},
                {"failed", failed},
                {"seconds", seconds},
                {unit + "_per_second", static_cast<double>(units) / seconds},
                {"sync_updates_per_second", static_cast<double>(sync_calls) / seconds},
                {"sync_p50_ms", agent::Percentile(&sync, 0.5)},
                {"sync_p99_ms", agent::Percentile(&sync, 0.99)},
                {"scan_p50_ms", agent::Percentile(&cycle_ms, 0.5)},
                {"scan_p99_ms", agent::Percentile(&cycle_ms, 0.99)},
                {"megabytes_per_second", static_cast<double>(bytes) / 1e6 / seconds},
                {"server_peak_rss_mb", static_cast<double>(server.peak_rss_kb) / 1024},
                {"server_cpu_seconds", cpu},
                {"server_cpu_percent", 100 * cpu / seconds},
                {"load_rss_mb", static_cast<double>(self.rss_kb) / 1024},
                {"errors", stats.errors}};
    std::printf(
        "== %s: %zu computers, %zu failed, %.1f s: %.1f %s/s; %.0f SyncUpdates/s (p50 %.1f ms, p99 %.1f ms); "
        "scan p50 %.0f ms, p99 %.0f ms\n",
        name_.c_str(), reports.size(), failed, seconds, static_cast<double>(units) / seconds, unit.c_str(),
        static_cast<double>(sync_calls) / seconds, out["sync_p50_ms"].get<double>(), out["sync_p99_ms"].get<double>(),
        out["scan_p50_ms"].get<double>(), out["scan_p99_ms"].get<double>());
    if (bytes > 0)
      std::printf("   downloaded %.1f MB, %.1f MB/s\n", static_cast<double>(bytes) / 1e6,
                  out["megabytes_per_second"].get<double>());
    if (flags_.server_pid != 0) {
      std::printf("   server: peak RSS %.0f MB, CPU %.1f s (%.0f%% of one core); load generator RSS %.0f MB\n",
                  out["server_peak_rss_mb"].get<double>(), cpu, 100 * cpu / seconds, out["load_rss_mb"].get<double>());
    }
    std::cout << stats.Describe();
    for (const auto& [what, n] : failures) std::printf("   failed cycles: %d x %s\n", n, what.c_str());
    if (flags_.json) std::cout << "JSON " << out.dump() << "\n";
    std::fflush(stdout);
    return out;
  }

 private:
  std::string name_;
  const Flags& flags_;
  agent::Fleet* fleet_;
  ProcessSample server_before_;
  Clock::time_point started_;
};

std::vector<agent::FleetProfile> LoadProfiles(const std::string& dir) {
  auto profiles = agent::LoadFleetProfiles(dir);
  if (!profiles.ok()) {
    std::cerr << profiles.status().ToString() << "\n";
    std::exit(2);
  }
  return std::move(*profiles);
}

// Cycles started every 1/rate s, whatever the answers take.
asio::awaitable<std::vector<agent::CycleReport>> Steady(agent::Fleet* fleet, double rate, double duration) {
  auto executor = co_await asio::this_coro::executor;
  auto reports = std::make_shared<std::vector<agent::CycleReport>>();
  auto pending = std::make_shared<size_t>(0);
  asio::steady_timer tick(executor);
  auto start = Clock::now();
  auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
  size_t n = 0;
  for (auto next = start; next - start < std::chrono::duration<double>(duration); next += interval, ++n) {
    tick.expires_at(next);
    co_await tick.async_wait(asio::use_awaitable);
    ++*pending;
    agent::UpdateAgent* computer = &fleet->computer(n % fleet->size());
    asio::co_spawn(
        executor,
        [computer, reports, pending]() -> asio::awaitable<void> {
          reports->push_back(co_await computer->RunCycle());
          --*pending;
        },
        asio::detached);
  }
  while (*pending > 0) {
    tick.expires_after(std::chrono::milliseconds(10));
    co_await tick.async_wait(asio::use_awaitable);
  }
  co_return *reports;
}

int Run(const Flags& flags) {
  auto url = http::ParseServerUrl(flags.server);
  if (!url.ok()) {
    std::cerr << url.status().ToString() << "\n";
    return 2;
  }
  agent::FleetOptions options;
  options.policy.server = *url;
  options.policy.mode = flags.mode == "download-storm" ? agent::InstallMode::kInstall : agent::InstallMode::kScanOnly;
  // A storm waits its turn: back off up to a minute, as WUA does, for long enough.
  options.policy.retry = {.attempts = 20, .first = std::chrono::seconds(1), .max = std::chrono::seconds(30)};
  options.policy.channel.io_timeout = std::chrono::seconds(300);
  options.computers = flags.computers;
  options.target_groups = flags.groups;
  options.seed = flags.seed;
  options.profiles = LoadProfiles(flags.profiles);
  asio::io_context io;
  agent::Fleet fleet(io.get_executor(), options);
  std::printf("%zu computers, %zu profiles, against %s\n", fleet.size(), options.profiles.size(),
              url->ToString().c_str());

  if (flags.mode == "scan-storm" || flags.mode == "download-storm") {
    Phase first(flags.mode == "scan-storm" ? "first scans, all at once" : "install cycles, all at once", flags, &fleet);
    auto reports = http::RunSync(io, fleet.RunCycles());
    first.Finish(reports, "scans", reports.size());
    if (flags.mode == "download-storm") return 0;
    for (size_t i = 0; i < fleet.size(); ++i) fleet.computer(i).client().Disconnect();  // as between cycles
    Phase delta("delta scans, all at once", flags, &fleet);
    reports = http::RunSync(io, fleet.RunCycles());
    delta.Finish(reports, "scans", reports.size());
    return 0;
  }
  // The other modes start from computers that scanned once, paced.
  {
    Phase warm("first scans, " + std::to_string(flags.warm_parallel) + " at a time", flags, &fleet);
    auto reports = http::RunSync(io, fleet.RunCycles({}, flags.warm_parallel));
    warm.Finish(reports, "scans", reports.size());
  }
  if (flags.mode == "steady") {
    Phase steady("steady " + std::to_string(static_cast<int>(flags.rate)) + " cycles/s", flags, &fleet);
    auto reports = http::RunSync(io, Steady(&fleet, flags.rate, flags.duration));
    steady.Finish(reports, "cycles", reports.size());
    return 0;
  }
  if (flags.mode == "report-storm") {
    // Download events (162) about updates each computer holds: each one
    // changes a status, none is a whole-status snapshot.
    for (size_t i = 0; i < fleet.size(); ++i) {
      std::vector<catalog::UpdateIdentity> held;
      for (const agent::CachedRevision& e : fleet.computer(i).client().cache().entries()) {
        const agent::RevisionInfo* info = fleet.revisions().Find(e.revision_id);
        if (info != nullptr && info->type == catalog::UpdateType::kSoftware && e.is_leaf)
          held.push_back(info->identity);
      }
      for (int e = 0; e < flags.events && !held.empty(); ++e) {
        agent::AgentEvent event;
        event.event_id = 162;
        event.update = held[static_cast<size_t>(e) % held.size()];
        event.misc_data = {"B=1048576"};
        fleet.computer(i).mutable_state().unsent.push_back(event);
      }
    }
    Phase storm("report storm, " + std::to_string(flags.events) + " events each, all at once", flags, &fleet);
    size_t left = http::RunSync(io, fleet.FlushAll());
    std::vector<agent::CycleReport> reports(fleet.size());
    for (size_t i = 0; i < left; ++i) reports[i].status = Status::Unavailable("events left unsent");
    storm.Finish(reports, "events", (fleet.size() - left) * static_cast<size_t>(flags.events));
    return left == 0 ? 0 : 1;
  }
  std::cerr << "unknown mode " << flags.mode << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("fleet_load: the load generator (a fleet of reference agents)");
  Flags flags;
  app.add_option("mode", flags.mode, "scan-storm, steady, report-storm or download-storm")
      ->required()
      ->check(CLI::IsMember({"scan-storm", "steady", "report-storm", "download-storm"}));
  app.add_option("--server", flags.server, "The server's URL")->required();
  app.add_option("--profiles", flags.profiles, "Folder of machine profile JSON files")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_option("--computers", flags.computers, "Simulated computers (default 1000)")->check(CLI::Range(1, 100000));
  app.add_option("--groups", flags.groups, "Target groups asked for, round robin")->delimiter(',');
  app.add_option("--seed", flags.seed, "Makes the computers' ids");
  app.add_option("--server-pid", flags.server_pid, "The server's process id, for its RSS and CPU");
  app.add_option("--rate", flags.rate, "steady: cycles per second (default 100)")->check(CLI::PositiveNumber);
  app.add_option("--duration", flags.duration, "steady: seconds (default 30)")->check(CLI::PositiveNumber);
  app.add_option("--events", flags.events, "report-storm: events per computer (default 10)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--warm-parallel", flags.warm_parallel, "first scans at a time before steady and report storms");
  app.add_flag("--json", flags.json, "Also print one JSON line per phase");
  CLI11_PARSE(app, argc, argv);
  log::SetQuiet(true);
  return Run(flags);
}
