#include "agent/fleet.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include "common/file_util.h"

namespace openwsus::agent {
namespace {

namespace asio = boost::asio;

// Waits until `pending` workers called Done(); all on one executor.
class Countdown {
 public:
  Countdown(asio::any_io_executor executor, size_t pending)
      : timer_(executor, asio::steady_timer::time_point::max()), pending_(pending) {}
  void Done() {
    if (--pending_ == 0) timer_.cancel();
  }
  asio::awaitable<void> Wait() {
    while (pending_ > 0) {
      boost::system::error_code ignored;
      co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
  }

 private:
  asio::steady_timer timer_;
  size_t pending_;
};

}  // namespace

Result<FleetProfile> LoadFleetProfile(const std::string& path) {
  OW_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  auto profile = MachineProfile::FromJson(text);
  if (!profile.ok()) return profile.status().WithContext(path);
  return FleetProfile{std::filesystem::path(path).stem().string(), std::move(*profile)};
}

Result<std::vector<FleetProfile>> LoadFleetProfiles(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path().string());
  }
  if (ec) return Status::IoError("cannot list " + dir + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<FleetProfile> profiles;
  for (const std::string& path : paths) {
    OW_ASSIGN_OR_RETURN(FleetProfile p, LoadFleetProfile(path));
    profiles.push_back(std::move(p));
  }
  if (profiles.empty()) return Status::NotFound("no machine profiles (*.json) in " + dir);
  return profiles;
}

Guid FleetClientId(uint32_t seed, size_t index) {
  char text[40];
  std::snprintf(text, sizeof text, "%08x-f1ee-4000-8000-%012zx", seed, index);
  return *Guid::Parse(text);
}

void CallStats::Record(const CallRecord& record) {
  std::string op(record.operation);
  ++calls;
  if (record.sends > 1) ++retried_calls;
  // Each send but the last failed with a transient error; the last one's kind is known.
  if (record.sends > 1) errors[op + " retried"] += record.sends - 1;
  if (!record.error_kind.empty()) {
    ++errors[op + " " + record.error_kind];
  } else {
    latency_ms[op].push_back(std::chrono::duration<double, std::milli>(record.latency).count());
  }
}

double Percentile(std::vector<double>* values, double p) {
  if (values->empty()) return 0;
  std::sort(values->begin(), values->end());
  return (*values)[static_cast<size_t>(p * static_cast<double>(values->size() - 1) + 0.5)];
}

std::string CallStats::Describe() const {
  std::string out;
  char line[256];
  for (const auto& [op, latencies] : latency_ms) {
    std::vector<double> v = latencies;
    std::snprintf(line, sizeof line, "  %-24s %8zu ok   p50 %7.1f ms   p90 %7.1f ms   p99 %7.1f ms   max %7.1f ms\n",
                  op.c_str(), v.size(), Percentile(&v, 0.5), Percentile(&v, 0.9), Percentile(&v, 0.99),
                  Percentile(&v, 1.0));
    out += line;
  }
  if (errors.empty()) return out + "  errors: none\n";
  out += "  errors:";
  for (const auto& [kind, count] : errors) out += " " + kind + " x" + std::to_string(count) + ";";
  return out + "\n";
}

Fleet::Fleet(asio::any_io_executor executor, FleetOptions options)
    : executor_(std::move(executor)), options_(std::move(options)) {
  if (options_.profiles.empty()) options_.profiles.push_back({"default", MachineProfile()});
  for (const FleetProfile& p : options_.profiles) {
    evaluators_.push_back(std::make_unique<ApplicabilityEvaluator>(p.profile, p.name));
  }
  for (size_t i = 0; i < options_.computers; ++i) {
    AgentPolicy policy = options_.policy;
    policy.target_group = group_of(i);
    ComputerState state;
    state.client_id = FleetClientId(options_.seed, i);
    char name[64];
    std::snprintf(name, sizeof name, "%s-%05zu.fleet.example.test", options_.name_prefix.c_str(), i);
    computers_.push_back(std::make_unique<UpdateAgent>(executor_, policy, std::move(state), name,
                                                       evaluators_[profile_of(i)].get(), &revisions_));
    computers_.back()->client().SetCallObserver([this](const CallRecord& r) { stats_.Record(r); });
  }
}

std::string Fleet::group_of(size_t i) const {
  return options_.target_groups.empty() ? "" : options_.target_groups[i % options_.target_groups.size()];
}

asio::awaitable<std::vector<CycleReport>> Fleet::RunCycles(std::vector<size_t> which, size_t parallel) {
  if (which.empty()) {
    which.resize(computers_.size());
    std::iota(which.begin(), which.end(), size_t{0});
  }
  std::vector<CycleReport> reports(which.size());
  size_t workers = parallel == 0 ? which.size() : std::min(parallel, which.size());
  Countdown countdown(executor_, workers);
  size_t next = 0;
  for (size_t w = 0; w < workers; ++w) {
    asio::co_spawn(
        executor_,
        [&]() -> asio::awaitable<void> {
          while (next < which.size()) {
            size_t at = next++;
            reports[at] = co_await computers_[which[at]]->RunCycle();
          }
          countdown.Done();
        },
        asio::detached);
  }
  co_await countdown.Wait();
  co_return reports;
}

asio::awaitable<size_t> Fleet::FlushAll() {
  size_t left = 0;
  Countdown countdown(executor_, computers_.size());
  for (auto& computer : computers_) {
    asio::co_spawn(
        executor_,
        [&, agent = computer.get()]() -> asio::awaitable<void> {
          Status flushed = co_await agent->FlushEvents();
          if (!flushed.ok()) ++left;
          countdown.Done();
        },
        asio::detached);
  }
  if (!computers_.empty()) co_await countdown.Wait();
  co_return left;
}

}  // namespace openwsus::agent
