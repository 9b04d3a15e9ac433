// wusp_load: client load for the scan benchmarks, from a process of its own,
// built on the reference agent (src/agent).
//
//   wusp_load prepare URL CLIENTS OUT_DIR PROFILES
//       CLIENTS agents each do a full scan, then write the SOAP body of their
//       next (delta) SyncUpdates, with their complete cache, to
//       OUT_DIR/delta-N.xml, and that of a GetExtendedUpdateInfo of 50 of
//       their leaf updates to OUT_DIR/extended-N.xml, for wrk to replay.
//   wusp_load full-scan URL CLIENTS PARALLEL PROFILES
//       CLIENTS new agents (handshake and full staged scan each), PARALLEL
//       of them at a time on one thread (the agents are coroutines); prints
//       clients/s, SyncUpdates calls/s, scan latency percentiles and errors.
//
// Agent n has the machine profile n mod P of the folder PROFILES and
// evaluates the rules of the categories and detectoids against it, as WUA
// does: with the synthetic catalog made with --gate-by-product and its
// profiles (bench/catalog/generate_catalog.py), each caches the updates of
// its two products, about a thousand, as a real PC holds a thousand or so.
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "agent/applicability_evaluator.h"
#include "agent/fleet.h"
#include "agent/update_detector.h"
#include "agent/wusp_client.h"
#include "common/log.h"
#include "http/client/http_client.h"
#include "http/client/run_sync.h"

namespace {

using openwsus::Guid;
using openwsus::agent::AgentIdentity;
using openwsus::agent::RevisionInfo;
using openwsus::agent::RevisionTable;
using openwsus::agent::WuspClient;
using Clock = std::chrono::steady_clock;

// One evaluator per profile, shared by the agents that have it.
struct Profiles {
  std::vector<std::unique_ptr<openwsus::agent::ApplicabilityEvaluator>> evaluators;
  openwsus::agent::ComputerState nothing_installed;

  void Attach(WuspClient* client, int n) const {
    openwsus::agent::ApplicabilityEvaluator* evaluator = evaluators[static_cast<size_t>(n) % evaluators.size()].get();
    const openwsus::agent::ComputerState* state = &nothing_installed;
    client->SetNonLeafEvaluator([evaluator, state](const RevisionInfo& r) {
      return openwsus::agent::UpdateDetector::NonLeafInstalled(r, evaluator, *state);
    });
  }
};

Profiles LoadProfiles(const std::string& dir) {
  auto loaded = openwsus::agent::LoadFleetProfiles(dir);
  if (!loaded.ok()) {
    std::cerr << loaded.status().ToString() << "\n";
    std::exit(2);
  }
  Profiles out;
  for (auto& p : *loaded) {
    out.evaluators.push_back(std::make_unique<openwsus::agent::ApplicabilityEvaluator>(std::move(p.profile), p.name));
  }
  return out;
}

openwsus::http::ServerUrl ParseUrl(const char* text) {
  auto url = openwsus::http::ParseServerUrl(text);
  if (!url.ok()) {
    std::cerr << url.status().ToString() << "\n";
    std::exit(2);
  }
  return *url;
}

int Prepare(const openwsus::http::ServerUrl& url, int clients, const std::string& out_dir, const Profiles& profiles) {
  boost::asio::io_context io;
  RevisionTable revisions;
  size_t total_ids = 0;
  for (int n = 0; n < clients; ++n) {
    AgentIdentity identity;
    identity.client_id = Guid::Random();
    identity.dns_name = "bench-" + std::to_string(n) + ".example.test";
    WuspClient client(io.get_executor(), url, identity, &revisions);
    profiles.Attach(&client, n);
    auto scan = openwsus::http::RunSync(io, client.Scan());
    if (!scan.ok()) {
      std::cerr << "agent " << n << ": " << scan.status().ToString() << "\n";
      return 1;
    }
    std::ofstream(out_dir + "/delta-" + std::to_string(n) + ".xml") << client.SyncUpdatesBody();
    // What the agent would ask next: the metadata of its leaf updates, one
    // full batch of them.
    std::vector<int32_t> leaves;
    for (const auto& entry : client.cache().entries()) {
      if (entry.is_leaf && leaves.size() < static_cast<size_t>(client.max_extended_per_request())) {
        leaves.push_back(entry.revision_id);
      }
    }
    std::ofstream(out_dir + "/extended-" + std::to_string(n) + ".xml") << client.ExtendedInfoBody(leaves);
    total_ids += client.cache().size();
  }
  std::cout << clients << " agents prepared, " << total_ids / std::max(clients, 1) << " cached ids each on average\n";
  return 0;
}

int FullScans(const openwsus::http::ServerUrl& url, int clients, int parallel, const Profiles& profiles) {
  boost::asio::io_context io;
  RevisionTable revisions;  // shared, as a fleet shares it: each Core fragment parsed once
  int next = 0;
  int errors = 0;
  long calls = 0;
  std::vector<double> scan_ms;
  auto started = Clock::now();
  for (int w = 0; w < parallel; ++w) {
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
          for (int n = next++; n < clients; n = next++) {
            AgentIdentity identity;
            identity.client_id = Guid::Random();
            WuspClient client(io.get_executor(), url, identity, &revisions);
            profiles.Attach(&client, n);
            auto begin = Clock::now();
            auto scan = co_await client.Scan();
            double ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
            if (!scan.ok()) {
              if (errors++ < 3) std::cerr << "scan: " << scan.status().ToString() << "\n";
              continue;
            }
            calls += scan->calls + 1;
            scan_ms.push_back(ms);
          }
        },
        boost::asio::detached);
  }
  io.run();
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::sort(scan_ms.begin(), scan_ms.end());
  auto pct = [&](double p) { return scan_ms.empty() ? 0.0 : scan_ms[static_cast<size_t>(p * (scan_ms.size() - 1))]; };
  std::printf(
      "%zu full scans in %.2f s: %.1f clients/s, %.0f SyncUpdates/s, %.1f calls per scan; scan p50 %.0f ms, "
      "p99 %.0f ms; errors %d\n",
      scan_ms.size(), seconds, scan_ms.size() / seconds, calls / seconds,
      scan_ms.empty() ? 0.0 : static_cast<double>(calls) / scan_ms.size(), pct(0.5), pct(0.99), errors);
  return errors == 0 ? 0 : 1;
}

int Usage() {
  std::cerr << "usage: wusp_load prepare URL CLIENTS OUT_DIR PROFILES | full-scan URL CLIENTS PARALLEL PROFILES\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) return Usage();
  std::string mode = argv[1];
  openwsus::http::ServerUrl url = ParseUrl(argv[2]);
  int clients = std::atoi(argv[3]);
  if (clients <= 0) return Usage();
  openwsus::log::SetQuiet(true);
  Profiles profiles = LoadProfiles(argv[5]);
  if (mode == "prepare") return Prepare(url, clients, argv[4], profiles);
  if (mode == "full-scan") return FullScans(url, clients, std::max(1, std::atoi(argv[4])), profiles);
  return Usage();
}
