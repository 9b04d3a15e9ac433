// Fleet: N simulated computers driven from one thread (fleet mode), for the
// end-to-end tests and as the load generator's engine.
//
// Computer i uses profile i mod P and asks for target group i mod G; its
// client id is made from the seed and i, so a run can be repeated against
// the same server and finds the same computers. The computers share one
// RevisionTable and one ApplicabilityEvaluator per profile (what makes
// thousands of them fit in one process); each has its own connection,
// cookie, cache and state.
//
// Every SOAP call of every computer is recorded in CallStats.
//
// Not thread-safe: everything runs on the executor it was made with, which
// one thread must run.
#ifndef OPENWSUS_AGENT_FLEET_H_
#define OPENWSUS_AGENT_FLEET_H_

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "agent/applicability_evaluator.h"
#include "agent/update_agent.h"

namespace openwsus::agent {

struct FleetProfile {
  std::string name;
  MachineProfile profile;
};

struct FleetOptions {
  AgentPolicy policy;  // target_group is replaced by each computer's own
  size_t computers = 1;
  std::vector<FleetProfile> profiles;      // a default Windows 11 PC when empty
  std::vector<std::string> target_groups;  // none asked for when empty
  uint32_t seed = 1;
  std::string name_prefix = "pc";  // DNS names: pc-00001.fleet.example.test
};

// Latencies and errors of the calls, by operation.
struct CallStats {
  std::map<std::string, std::vector<double>> latency_ms;  // successful calls, last send
  std::map<std::string, int> errors;                      // "SyncUpdates http-503" -> count, failed sends included
  int calls = 0;
  int retried_calls = 0;

  void Record(const CallRecord& record);
  void Clear() { *this = CallStats(); }
  // One line per operation: count, p50/p90/p99/max latency; then the errors.
  std::string Describe() const;
};

// The p-th fraction (0..1) of `values`, which it sorts; 0 when empty.
double Percentile(std::vector<double>* values, double p);

class Fleet {
 public:
  Fleet(boost::asio::any_io_executor executor, FleetOptions options);

  size_t size() const { return computers_.size(); }
  UpdateAgent& computer(size_t i) { return *computers_[i]; }
  size_t profile_of(size_t i) const { return i % evaluators_.size(); }
  // The target group computer i asks for, "" for none.
  std::string group_of(size_t i) const;
  const FleetOptions& options() const { return options_; }

  // One detection cycle on each computer of `which` (all when empty), at
  // most `parallel` at once (0: every one at once, a storm). Reports by
  // position in `which`.
  boost::asio::awaitable<std::vector<CycleReport>> RunCycles(std::vector<size_t> which = {}, size_t parallel = 0);
  // FlushEvents on every computer; the number still holding unsent events.
  boost::asio::awaitable<size_t> FlushAll();

  CallStats& stats() { return stats_; }
  const RevisionTable& revisions() const { return revisions_; }
  ApplicabilityEvaluator& evaluator(size_t profile) { return *evaluators_[profile]; }

 private:
  boost::asio::any_io_executor executor_;
  FleetOptions options_;
  RevisionTable revisions_;
  std::vector<std::unique_ptr<ApplicabilityEvaluator>> evaluators_;
  std::vector<std::unique_ptr<UpdateAgent>> computers_;
  CallStats stats_;
};

// A machine profile file (JSON, docs/agent.md), named by its file's stem.
Result<FleetProfile> LoadFleetProfile(const std::string& path);
// Every *.json profile of `dir`, by file name.
Result<std::vector<FleetProfile>> LoadFleetProfiles(const std::string& dir);

// The client id of computer `index` of a fleet with `seed`.
Guid FleetClientId(uint32_t seed, size_t index);

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_FLEET_H_
