// wusp_load: client load for the scan benchmarks, from a process of its own,
// built on the reference agent (src/agent).
//
//   wusp_load prepare URL CLIENTS OUT_DIR
//       CLIENTS agents each do a full scan, then write the SOAP body of their
//       next (delta) SyncUpdates, with their complete cache, to
//       OUT_DIR/delta-N.xml, for wrk to replay.
//   wusp_load full-scan URL CLIENTS PARALLEL
//       CLIENTS new agents (handshake and full staged scan each), PARALLEL
//       of them at a time on one thread (the agents are coroutines); prints
//       clients/s, SyncUpdates calls/s, scan latency percentiles and errors.
//
// Every agent evaluates categories without a product parent (company,
// families, classifications) and every detectoid as installed, and two of
// the products, which two depending on the agent: each caches about a
// thousand updates of the 20,000-update synthetic catalog
// (bench/catalog/generate_catalog.py), as a real PC holds a thousand or so.
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

#include "agent/run_sync.h"
#include "agent/wusp_client.h"
#include "cli/http_client.h"

namespace {

using openwsus::Guid;
using openwsus::agent::AgentIdentity;
using openwsus::agent::RevisionInfo;
using openwsus::agent::RevisionTable;
using openwsus::agent::WuspClient;
using Clock = std::chrono::steady_clock;

// Categories arrive parents first (the staged scan), so depth is known when
// a category comes: 0 for the company and classifications, 1 for families,
// 2 for products. Agent `n` installs the products that arrive n-th and
// (n + 7)-th, counting from 0 modulo 40.
void InstallTwoProducts(WuspClient* client, int n) {
  struct State {
    std::map<Guid, int> depth;
    int products = 0;
  };
  auto state = std::make_shared<State>();
  client->SetNonLeafEvaluator([state, n](const RevisionInfo& u) {
    if (u.type != openwsus::catalog::UpdateType::kCategory) return true;
    int depth = 0;
    for (const Guid& p : u.category_parents) depth = std::max(depth, state->depth[p] + 1);
    state->depth[u.identity.update_id] = depth;
    if (depth < 2) return true;
    int index = state->products++ % 40;
    return index == n % 40 || index == (n + 7) % 40;
  });
}

openwsus::cli::ServerUrl ParseUrl(const char* text) {
  auto url = openwsus::cli::ParseServerUrl(text);
  if (!url.ok()) {
    std::cerr << url.status().ToString() << "\n";
    std::exit(2);
  }
  return *url;
}

int Prepare(const openwsus::cli::ServerUrl& url, int clients, const std::string& out_dir) {
  boost::asio::io_context io;
  RevisionTable revisions;
  size_t total_ids = 0;
  for (int n = 0; n < clients; ++n) {
    AgentIdentity identity;
    identity.client_id = Guid::Random();
    identity.dns_name = "bench-" + std::to_string(n) + ".example.test";
    WuspClient client(io.get_executor(), url, identity, &revisions);
    InstallTwoProducts(&client, n);
    auto scan = openwsus::agent::RunSync(io, client.Scan());
    if (!scan.ok()) {
      std::cerr << "agent " << n << ": " << scan.status().ToString() << "\n";
      return 1;
    }
    std::ofstream(out_dir + "/delta-" + std::to_string(n) + ".xml") << client.SyncUpdatesBody();
    total_ids += client.cache().size();
  }
  std::cout << clients << " agents prepared, " << total_ids / std::max(clients, 1) << " cached ids each on average\n";
  return 0;
}

int FullScans(const openwsus::cli::ServerUrl& url, int clients, int parallel) {
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
            InstallTwoProducts(&client, n);
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
  std::printf("%zu full scans in %.2f s: %.1f clients/s, %.0f SyncUpdates/s, %.1f calls per scan; scan p50 %.0f ms, "
              "p99 %.0f ms; errors %d\n",
              scan_ms.size(), seconds, scan_ms.size() / seconds, calls / seconds,
              scan_ms.empty() ? 0.0 : static_cast<double>(calls) / scan_ms.size(), pct(0.5), pct(0.99), errors);
  return errors == 0 ? 0 : 1;
}

int Usage() {
  std::cerr << "usage: wusp_load prepare URL CLIENTS OUT_DIR | full-scan URL CLIENTS PARALLEL\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) return Usage();
  std::string mode = argv[1];
  openwsus::cli::ServerUrl url = ParseUrl(argv[2]);
  int clients = std::atoi(argv[3]);
  if (clients <= 0) return Usage();
  if (mode == "prepare") return Prepare(url, clients, argv[4]);
  if (mode == "full-scan") return FullScans(url, clients, std::max(1, std::atoi(argv[4])));
  return Usage();
}
