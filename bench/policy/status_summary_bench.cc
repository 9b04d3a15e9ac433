// StatusMatrix summaries at the scale the product targets: 5,000 computers x
// 2,000 updates (10 M cells). Goal: each summary well under 1 s on the 2-core
// build machine.
//
//   build-policy/bench/policy/status_summary_bench --benchmark_repetitions=5
//
// The matrix is filled with a fixed pseudo-random mix of states weighted like a
// real fleet (mostly not applicable or installed, some needed, few failed, some
// never reported), so runs are comparable across machines and commits.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <vector>

#include "policy/status_matrix.h"

namespace openwsus::policy {
namespace {

constexpr int kComputers = 5'000;
constexpr int kUpdates = 2'000;

Guid NumberedGuid(uint32_t kind, uint32_t n) {
  char text[37];
  std::snprintf(text, sizeof(text), "%08x-0000-4000-8000-%012x", kind, n);
  return Guid::Parse(text).value();
}

InstallationState PickState(uint64_t* x) {
  // xorshift64: deterministic and fast.
  *x ^= *x << 13;
  *x ^= *x >> 7;
  *x ^= *x << 17;
  const uint32_t p = static_cast<uint32_t>(*x % 100);
  if (p < 40) return InstallationState::kNotApplicable;
  if (p < 70) return InstallationState::kInstalled;
  if (p < 80) return InstallationState::kUnknown;
  if (p < 88) return InstallationState::kNotInstalled;
  if (p < 93) return InstallationState::kDownloaded;
  if (p < 97) return InstallationState::kInstalledPendingReboot;
  return InstallationState::kFailed;
}

const StatusMatrix& FilledMatrix() {
  static const StatusMatrix matrix = [] {
    StatusMatrix m;
    for (int u = 0; u < kUpdates; ++u) m.AddUpdate(NumberedGuid(1, u));
    for (int c = 0; c < kComputers; ++c) m.AddComputer(NumberedGuid(2, c));
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int c = 0; c < kComputers; ++c) {
      for (int u = 0; u < kUpdates; ++u) m.Set(c, u, PickState(&x));
    }
    return m;
  }();
  return matrix;
}

void BM_SummaryPerUpdate(benchmark::State& state) {
  const StatusMatrix& m = FilledMatrix();
  for (auto _ : state) {
    auto summary = m.SummaryPerUpdate();
    benchmark::DoNotOptimize(summary.data());
  }
  state.SetItemsProcessed(state.iterations() * int64_t{kComputers} * kUpdates);
}
BENCHMARK(BM_SummaryPerUpdate)->Unit(benchmark::kMillisecond);

void BM_SummaryPerComputer(benchmark::State& state) {
  const StatusMatrix& m = FilledMatrix();
  for (auto _ : state) {
    auto summary = m.SummaryPerComputer();
    benchmark::DoNotOptimize(summary.data());
  }
  state.SetItemsProcessed(state.iterations() * int64_t{kComputers} * kUpdates);
}
BENCHMARK(BM_SummaryPerComputer)->Unit(benchmark::kMillisecond);

// A group of a tenth of the fleet, every tenth computer.
void BM_SummaryForComputersTenth(benchmark::State& state) {
  const StatusMatrix& m = FilledMatrix();
  std::vector<StatusMatrix::Index> group;
  for (int c = 0; c < kComputers; c += 10) group.push_back(c);
  for (auto _ : state) {
    auto summary = m.SummaryForComputers(group);
    benchmark::DoNotOptimize(summary.data());
  }
}
BENCHMARK(BM_SummaryForComputersTenth)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace openwsus::policy

BENCHMARK_MAIN();
