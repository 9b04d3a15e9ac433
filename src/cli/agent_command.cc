// `openwsus agent`: the reference Windows Update Agent, to test a server
// from Linux. One simulated computer (its state kept in a directory, so the
// next run is the same computer with what it installed) or, with --fleet N,
// N computers at once from this process.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <thread>

#include "agent/datastore.h"
#include "agent/fleet.h"
#include "agent/update_agent.h"
#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "common/file_util.h"
#include "common/log.h"
#include "http/client/run_sync.h"

namespace openwsus::cli {
namespace {

struct AgentFlags {
  std::string status_server;
  std::vector<std::string> target_groups;
  std::vector<std::string> profiles;
  std::string state_dir;
  std::string name;
  std::string mode = "install";
  std::string frequency = "22h";
  int cycles = 1;
  size_t fleet = 0;
  size_t parallel = 0;
  uint32_t seed = 1;
};

// "22h", "90m", "30s" or plain seconds.
Result<std::chrono::seconds> ParseFrequency(const std::string& text) {
  if (text.empty()) return Status::InvalidArgument("--detection-frequency is empty");
  char unit = text.back();
  std::string number = std::isdigit(static_cast<unsigned char>(unit)) ? text : text.substr(0, text.size() - 1);
  char* end = nullptr;
  long value = std::strtol(number.c_str(), &end, 10);
  long scale = unit == 'h' ? 3600 : unit == 'm' ? 60 : 1;
  if (number.empty() || *end != '\0' || value <= 0 ||
      (!std::isdigit(static_cast<unsigned char>(unit)) && unit != 'h' && unit != 'm' && unit != 's')) {
    return Status::InvalidArgument("--detection-frequency must be like 22h, 90m, 30s or a number of seconds: '" + text +
                                   "'");
  }
  return std::chrono::seconds(value * scale);
}

Result<agent::InstallMode> ParseMode(const std::string& mode) {
  OW_RETURN_IF_ERROR(CheckChoice("--mode", mode, {"install", "notify", "download-only", "scan-only"}));
  if (mode == "notify") return agent::InstallMode::kNotify;
  if (mode == "scan-only") return agent::InstallMode::kScanOnly;
  if (mode == "download-only") return agent::InstallMode::kDownloadOnly;
  return agent::InstallMode::kInstall;
}

// A profile that cannot be read is a bad argument (exit 2), like a bad one.
Result<agent::FleetProfile> LoadProfile(const std::string& path) {
  auto profile = agent::LoadFleetProfile(path);
  if (!profile.ok()) return Status::InvalidArgument("--profile: " + profile.status().message());
  return profile;
}

Result<agent::AgentPolicy> MakePolicy(const CommandContext& context, const AgentFlags& flags) {
  OW_ASSIGN_OR_RETURN(ConnectionSettings settings, ResolveSettings(context));
  if (settings.server.empty()) {
    return Status::InvalidArgument(
        "no server: pass --server URL, set OPENWSUS_SERVER, or run `openwsus serve` "
        "on this data directory");
  }
  agent::AgentPolicy policy;
  OW_ASSIGN_OR_RETURN(policy.server, http::ParseServerUrl(settings.server));
  if (!flags.status_server.empty()) {
    OW_ASSIGN_OR_RETURN(policy.status_server, http::ParseServerUrl(flags.status_server));
  }
  OW_ASSIGN_OR_RETURN(policy.detection_frequency, ParseFrequency(flags.frequency));
  OW_ASSIGN_OR_RETURN(policy.mode, ParseMode(flags.mode));
  policy.channel.ca_file = settings.ca_file;
  return policy;
}

std::string Megabytes(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

void PrintCycle(int n, const agent::CycleReport& r) {
  std::cout << "cycle " << n << ": " << (r.status.ok() ? "ok" : "failed: " + r.status.ToString()) << "; "
            << r.sync_calls << " SyncUpdates, " << r.cached << " revisions cached; " << r.needed << " needed, "
            << r.installed << " installed, " << r.not_applicable << " not applicable; " << r.installs << " installs ("
            << r.install_failures << " failed), " << Megabytes(r.bytes_downloaded) << " downloaded; " << r.uninstalls
            << " uninstalls; " << r.events_sent << " events sent\n";
}

// WUA runs detection every DetectionFrequency hours less a random 0-20%.
std::chrono::seconds NextWait(std::chrono::seconds frequency, std::mt19937* random) {
  std::uniform_int_distribution<int64_t> cut(0, frequency.count() / 5);
  return frequency - std::chrono::seconds(cut(*random));
}

Status SaveState(const std::string& path, const agent::ComputerState& state) {
  return WriteFileAtomically(path, state.ToJson());
}

// The datastore of an earlier run, if there is one; one that cannot be read is
// not fatal: the computer scans from scratch, as WUA does after it resets its
// datastore.
void LoadDatastore(const std::string& path, const std::string& server, agent::RevisionTable* revisions,
                   agent::UpdateAgent* computer) {
  if (!std::filesystem::exists(path)) return;
  auto text = ReadFileToString(path);
  Status loaded = text.ok() ? agent::Datastore::Load(*text, server, revisions, &computer->client()) : text.status();
  if (!loaded.ok()) std::cerr << "warning: " << path << ": " << loaded.message() << "; scanning from scratch\n";
}

Result<agent::ComputerState> LoadState(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    agent::ComputerState fresh;
    fresh.client_id = Guid::Random();
    return fresh;
  }
  OW_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  auto state = agent::ComputerState::FromJson(text);
  if (!state.ok()) return state.status().WithContext(path);
  return state;
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "openwsus-agent";
  return name;
}

int RunOne(const CommandContext& context, const AgentFlags& flags) {
  auto policy = MakePolicy(context, flags);
  if (!policy.ok()) return ReportError(policy.status());
  if (flags.target_groups.size() > 1) return ReportError(Status::InvalidArgument("one --target-group without --fleet"));
  if (!flags.target_groups.empty()) policy->target_group = flags.target_groups.front();
  std::string dir = flags.state_dir.empty() ? DataDirRoot(context) + "/agent" : flags.state_dir;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return ReportError(Status::IoError("cannot create " + dir + ": " + ec.message()));
  policy->download_dir = dir + "/downloads";
  agent::FleetProfile profile{"default", agent::MachineProfile()};
  if (flags.profiles.size() > 1) return ReportError(Status::InvalidArgument("one --profile without --fleet"));
  if (!flags.profiles.empty()) {
    auto loaded = LoadProfile(flags.profiles.front());
    if (!loaded.ok()) return ReportError(loaded.status());
    profile = *loaded;
  }
  auto state = LoadState(dir + "/state.json");
  if (!state.ok()) return ReportError(state.status());

  boost::asio::io_context io;
  agent::RevisionTable revisions(/*keep_cores=*/true);
  agent::ApplicabilityEvaluator evaluator(profile.profile, profile.name);
  agent::UpdateAgent computer(io.get_executor(), *policy, *state, flags.name.empty() ? HostName() : flags.name,
                              &evaluator, &revisions);
  LoadDatastore(dir + "/datastore.json", policy->server.ToString(), &revisions, &computer);
  std::cout << "computer " << computer.state().client_id.ToString() << " (" << dir << ") against "
            << policy->server.ToString() << "\n";
  std::mt19937 random(std::random_device{}());
  Status last;
  for (int n = 1; flags.cycles == 0 || n <= flags.cycles; ++n) {
    if (n > 1) std::this_thread::sleep_for(NextWait(policy->detection_frequency, &random));
    agent::CycleReport report = http::RunSync(io, computer.RunCycle());
    PrintCycle(n, report);
    last = report.status;
    Status saved = SaveState(dir + "/state.json", computer.state());
    if (saved.ok()) {
      saved = WriteFileAtomically(dir + "/datastore.json",
                                  agent::Datastore::Save(computer.client(), policy->server.ToString()));
    }
    if (!saved.ok()) return ReportError(saved);
  }
  return last.ok() ? 0 : 1;
}

int RunFleet(const CommandContext& context, const AgentFlags& flags) {
  auto policy = MakePolicy(context, flags);
  if (!policy.ok()) return ReportError(policy.status());
  agent::FleetOptions options;
  options.policy = *policy;
  options.computers = flags.fleet;
  options.target_groups = flags.target_groups;
  options.seed = flags.seed;
  for (const std::string& path : flags.profiles) {
    auto loaded = LoadProfile(path);
    if (!loaded.ok()) return ReportError(loaded.status());
    options.profiles.push_back(*loaded);
  }
  boost::asio::io_context io;
  agent::Fleet fleet(io.get_executor(), options);
  std::cout << fleet.size() << " computers against " << policy->server.ToString() << "\n";
  int failed_cycles = 0;
  for (int n = 1; flags.cycles == 0 || n <= flags.cycles; ++n) {
    auto started = std::chrono::steady_clock::now();
    auto reports = http::RunSync(io, fleet.RunCycles({}, flags.parallel));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    agent::CycleReport total;
    int failed = 0;
    for (const agent::CycleReport& r : reports) {
      failed += r.status.ok() ? 0 : 1;
      total.sync_calls += r.sync_calls;
      total.needed += r.needed;
      total.installed += r.installed;
      total.installs += r.installs;
      total.uninstalls += r.uninstalls;
      total.install_failures += r.install_failures;
      total.bytes_downloaded += r.bytes_downloaded;
      total.events_sent += r.events_sent;
    }
    failed_cycles += failed;
    std::printf(
        "cycle %d: %zu computers in %.1f s, %d failed; %d SyncUpdates; %d needed, %d installed; %d installs "
        "(%d failed), %s downloaded; %d uninstalls; %d events sent\n",
        n, reports.size(), seconds, failed, total.sync_calls, total.needed, total.installed, total.installs,
        total.install_failures, Megabytes(total.bytes_downloaded).c_str(), total.uninstalls, total.events_sent);
    std::cout << fleet.stats().Describe();
    fleet.stats().Clear();
    if (flags.cycles == 0 || n < flags.cycles) std::this_thread::sleep_for(policy->detection_frequency);
  }
  return failed_cycles == 0 ? 0 : 1;
}

}  // namespace

void AddAgentCommand(CLI::App* command, CommandContext* context) {
  auto flags = std::make_shared<AgentFlags>();
  command->add_option("--status-server", flags->status_server,
                      "Where reports go (WUStatusServer); --server by default");
  command
      ->add_option("--target-group", flags->target_groups,
                   "Target group(s) asked for (client-side targeting); with --fleet, computer i asks for the "
                   "i-th modulo their number")
      ->delimiter(',');
  command->add_option(
      "--profile", flags->profiles,
      "Machine profile JSON (docs/agent.md); with --fleet, computer i has the i-th modulo their number");
  command->add_option("--state-dir", flags->state_dir,
                      "Where the computer keeps its state and downloads "
                      "(default <data dir>/agent)");
  command->add_option("--name", flags->name, "DNS name reported (default: this host's name)");
  command->add_option(
      "--mode", flags->mode,
      "install, notify (download; install only past a deadline), download-only or scan-only (default install)");
  command->add_option("--detection-frequency", flags->frequency, "Time between cycles: 22h, 90m, 30s (default 22h)");
  command->add_option("--cycles", flags->cycles, "Detection cycles to run; 0 runs until stopped (default 1)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--fleet", flags->fleet, "Simulate this many computers at once")->check(CLI::Range(1, 1'000'000));
  command->add_option("--parallel", flags->parallel, "With --fleet: at most this many cycles at once (default all)");
  command->add_option("--seed", flags->seed,
                      "With --fleet: makes the computers' ids (the same seed, the same "
                      "computers)");
  command->callback([flags, context] {
    log::SetQuiet(true);
    context->exit_code = flags->fleet > 0 ? RunFleet(*context, *flags) : RunOne(*context, *flags);
  });
}

}  // namespace openwsus::cli
