// The per-update and per-computer status summaries of the admin API, through
// AdminApi::Handle (authentication, store reads, roll-ups, JSON), for a
// synthetic fleet: 2,000 software updates in a real SQLite catalog and 5,000
// computers whose 10 M states fill the status matrix. WSUS administrators
// report hours for these reports; the target here is under 1 s each.
//
//   build/bench/admin/admin_report_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>

#include "admin/admin_api.h"
#include "admin/authenticator.h"
#include "catalog/update_parser.h"
#include "store/open_store.h"
#include "testing/test_support.h"

namespace openwsus {
namespace {

constexpr int kUpdates = 2000;
constexpr int kComputers = 5000;

Guid NumberedGuid(uint32_t kind, uint32_t n) {
  char text[40];
  std::snprintf(text, sizeof text, "%08x-0000-4000-8000-%012x", kind, n);
  return *Guid::Parse(text);
}

std::string UpdateDocument(const Guid& id, int n) {
  return R"(<upd:Update xmlns:upd="http://schemas.microsoft.com/msus/2002/12/Update"><upd:UpdateIdentity UpdateID=")" +
         id.ToString() +
         R"(" RevisionNumber="200" /><upd:Properties UpdateType="Software" /><upd:LocalizedPropertiesCollection><upd:LocalizedProperties><upd:Language>en</upd:Language><upd:Title>Synthetic update )" +
         std::to_string(n) +
         R"(</upd:Title></upd:LocalizedProperties></upd:LocalizedPropertiesCollection><upd:Relationships><upd:Prerequisites><upd:AtLeastOne IsCategory="true"><upd:UpdateIdentity UpdateID="0fa1201d-4330-4fa8-8ae9-b877473b6441" /></upd:AtLeastOne></upd:Prerequisites></upd:Relationships></upd:Update>)";
}

struct Fleet {
  testing::ScopedTempDir dir;
  std::unique_ptr<store::Store> store;
  policy::StatusMatrix status;
  std::unique_ptr<admin::AdminApi> api;
  std::string token;

  Fleet() {
    store = std::move(store::OpenStore(store::SqliteUrl(dir.path() + "/db.sqlite"))).value();
    auto txn = std::move(store->BeginImport()).value();
    for (int i = 0; i < kUpdates; ++i) {
      std::string xml = UpdateDocument(NumberedGuid(1, static_cast<uint32_t>(i)), i);
      (void)txn->Add(*catalog::ParseUpdate(xml), xml);
    }
    (void)txn->Commit();
    (void)store->Transaction([&]() -> Status {
      for (int c = 0; c < kComputers; ++c) {
        store::ComputerRecord computer;
        computer.id = NumberedGuid(2, static_cast<uint32_t>(c));
        computer.name = "pc" + std::to_string(c) + ".contoso.test";
        OW_RETURN_IF_ERROR(store->UpsertComputer(computer));
      }
      return Status::Ok();
    });
    std::mt19937 random(42);
    for (int c = 0; c < kComputers; ++c) {
      for (int u = 0; u < kUpdates; ++u) {
        status.Set(NumberedGuid(2, static_cast<uint32_t>(c)), NumberedGuid(1, static_cast<uint32_t>(u)),
                   static_cast<policy::InstallationState>(random() % policy::kInstallationStateCount));
      }
    }
    token = admin::NewTokenSecret().value();
    store::ApiToken record;
    record.name = "bench";
    record.role = store::TokenRole::kReporter;
    record.hash = admin::HashTokenSecret(token);
    record.prefix = token.substr(0, 8);
    (void)store->AddToken(record);
    api = std::make_unique<admin::AdminApi>(store.get(), &status);
  }

  size_t Get(const std::string& path) {
    http::HttpRequest request;
    request.method = "GET";
    request.path = path;
    request.target = path;
    request.headers.Set("Authorization", "Bearer " + token);
    http::HttpResponse response = api->Handle(request);
    if (response.status != 200)
      std::fprintf(stderr, "%s -> %d %s\n", path.c_str(), response.status, response.body.c_str());
    return response.body.size();
  }
};

Fleet& SharedFleet() {
  static Fleet* fleet = new Fleet();  // built once: the import and 10 M states take a while
  return *fleet;
}

void BM_ReportPerUpdate(benchmark::State& state) {
  Fleet& fleet = SharedFleet();
  for (auto _ : state) benchmark::DoNotOptimize(fleet.Get("/api/v1/reports/updates"));
}

void BM_ReportPerComputer(benchmark::State& state) {
  Fleet& fleet = SharedFleet();
  for (auto _ : state) benchmark::DoNotOptimize(fleet.Get("/api/v1/reports/computers"));
}

BENCHMARK(BM_ReportPerUpdate)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_ReportPerComputer)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace openwsus

BENCHMARK_MAIN();
