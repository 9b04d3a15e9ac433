#include "policy/status_matrix.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <vector>

namespace openwsus::policy {
namespace {

using S = InstallationState;

Guid Numbered(uint32_t kind, uint32_t n) {
  char text[37];
  std::snprintf(text, sizeof(text), "%08x-0000-4000-8000-%012x", kind, n);
  return Guid::Parse(text).value();
}
Guid Computer(uint32_t n) { return Numbered(0xc0, n); }
Guid Update(uint32_t n) { return Numbered(0x0d, n); }

TEST(StatusMatrixTest, EmptyMatrix) {
  StatusMatrix m;
  EXPECT_EQ(m.computer_count(), 0u);
  EXPECT_TRUE(m.SummaryPerUpdate().empty());
  EXPECT_TRUE(m.SummaryPerComputer().empty());
  EXPECT_EQ(m.Get(Computer(1), Update(1)), S::kUnknown);
  EXPECT_EQ(m.CountsForUpdate(Update(1)).Total(), 0);
  EXPECT_EQ(m.CountsForComputer(Computer(1)).Total(), 0);
}

TEST(StatusMatrixTest, IndexesAreDenseAndStable) {
  StatusMatrix m;
  EXPECT_EQ(m.AddComputer(Computer(7)), 0u);
  EXPECT_EQ(m.AddComputer(Computer(3)), 1u);
  EXPECT_EQ(m.AddComputer(Computer(7)), 0u);
  EXPECT_EQ(m.AddUpdate(Update(9)), 0u);
  EXPECT_EQ(m.FindComputer(Computer(3)), 1u);
  EXPECT_EQ(m.FindComputer(Computer(4)), std::nullopt);
  EXPECT_EQ(m.FindUpdate(Update(9)), 0u);
  EXPECT_EQ(m.ComputerId(1), Computer(3));
  EXPECT_EQ(m.UpdateId(0), Update(9));
}

TEST(StatusMatrixTest, CellsSurviveRowGrowth) {
  StatusMatrix m;
  m.Set(Computer(0), Update(0), S::kInstalled);
  m.Set(Computer(1), Update(1), S::kFailed);
  for (uint32_t u = 2; u < 300; ++u) m.Set(Computer(u % 2), Update(u), S::kNotInstalled);
  EXPECT_EQ(m.Get(Computer(0), Update(0)), S::kInstalled);
  EXPECT_EQ(m.Get(Computer(1), Update(1)), S::kFailed);
  EXPECT_EQ(m.Get(Computer(1), Update(0)), S::kUnknown);
  EXPECT_EQ(m.Get(Computer(0), Update(299)), S::kUnknown);
  EXPECT_EQ(m.Get(Computer(1), Update(299)), S::kNotInstalled);
  m.Set(Computer(0), Update(0), S::kInstalledPendingReboot);  // the latest report wins
  EXPECT_EQ(m.Get(Computer(0), Update(0)), S::kInstalledPendingReboot);
}

TEST(StatusMatrixTest, UnreportedPairsCountAsNoStatus) {
  StatusMatrix m;
  m.Set(Computer(0), Update(0), S::kInstalled);
  m.AddComputer(Computer(1));  // registered, never reported
  m.AddUpdate(Update(1));      // synced, nobody reported it
  StatusCounts u0 = m.CountsForUpdate(Update(0));
  EXPECT_EQ(u0.Count(S::kInstalled), 1);
  EXPECT_EQ(u0.NoStatus(), 1);
  EXPECT_EQ(m.CountsForUpdate(Update(1)).NoStatus(), 2);
  EXPECT_EQ(m.CountsForUpdate(Update(5)).NoStatus(), 2);  // unknown update: every computer lacks a status
  EXPECT_EQ(m.CountsForComputer(Computer(1)).NoStatus(), 2);
  EXPECT_EQ(m.CountsForComputer(Computer(5)).NoStatus(), 2);
}

// Every summary against a naive count over a random matrix whose computers and
// updates appear in a random order, crossing several row growths.
TEST(StatusMatrixTest, ResetGivesEveryKnownUpdateAStateAndLaterOnesNone) {
  StatusMatrix m;
  StatusMatrix::Index c = m.AddComputer(Computer(0));
  m.Set(Computer(0), Update(0), S::kInstalled);
  m.AddUpdate(Update(1));
  m.Reset(c, S::kNotApplicable);
  EXPECT_EQ(m.Get(Computer(0), Update(0)), S::kNotApplicable);
  EXPECT_EQ(m.Get(Computer(0), Update(1)), S::kNotApplicable);
  m.Set(Computer(0), Update(1), S::kNotInstalled);
  m.AddUpdate(Update(2));  // arrived after the report: no status yet
  EXPECT_EQ(m.Get(Computer(0), Update(2)), S::kUnknown);
  StatusCounts counts = m.CountsForComputer(c);
  EXPECT_EQ(counts.Count(S::kNotApplicable), 1);
  EXPECT_EQ(counts.Count(S::kNotInstalled), 1);
  EXPECT_EQ(counts.Count(S::kUnknown), 1);
  // Setting a pair back to what the base says leaves no cell behind, and the counts agree.
  m.Set(Computer(0), Update(1), S::kNotApplicable);
  EXPECT_EQ(m.CountsForComputer(c).Count(S::kNotApplicable), 2);
}

// Random Set, Reset and AddUpdate against a model with one value per pair.
TEST(StatusMatrixTest, ResetsAndSetsMatchANaiveModel) {
  std::mt19937 rng(20261201);
  constexpr uint32_t kComputers = 23;
  StatusMatrix m;
  for (uint32_t c = 0; c < kComputers; ++c) m.AddComputer(Computer(c));
  std::vector<std::vector<S>> truth(kComputers);  // [computer index][update index]
  for (int i = 0; i < 6000; ++i) {
    int op = static_cast<int>(rng() % 100);
    if (op < 3 || m.update_count() == 0) {
      m.AddUpdate(Update(static_cast<uint32_t>(m.update_count())));
      for (auto& row : truth) row.push_back(S::kUnknown);
    } else if (op < 6) {
      uint32_t c = rng() % kComputers;
      S s = static_cast<S>(rng() % kInstallationStateCount);
      m.Reset(c, s);
      std::fill(truth[c].begin(), truth[c].end(), s);
    } else {
      uint32_t c = rng() % kComputers;
      uint32_t u = rng() % m.update_count();
      S s = static_cast<S>(rng() % kInstallationStateCount);
      m.Set(c, u, s);
      truth[c][u] = s;
    }
  }
  const size_t nu = m.update_count();
  std::vector<StatusCounts> per_update = m.SummaryPerUpdate();
  std::vector<StatusMatrix::Index> odd;
  for (uint32_t c = 1; c < kComputers; c += 2) odd.push_back(c);
  std::vector<StatusCounts> per_update_odd = m.SummaryForComputers(odd);
  for (size_t u = 0; u < nu; ++u) {
    StatusCounts all, some;
    for (uint32_t c = 0; c < kComputers; ++c) {
      ASSERT_EQ(m.Get(c, static_cast<StatusMatrix::Index>(u)), truth[c][u]) << c << "," << u;
      all.Add(truth[c][u]);
      if (c % 2 == 1) some.Add(truth[c][u]);
    }
    EXPECT_EQ(per_update[u], all) << u;
    EXPECT_EQ(per_update_odd[u], some) << u;
    EXPECT_EQ(m.CountsForUpdate(static_cast<StatusMatrix::Index>(u)), all);
  }
  for (uint32_t c = 0; c < kComputers; ++c) {
    StatusCounts expected;
    for (S s : truth[c]) expected.Add(s);
    EXPECT_EQ(m.CountsForComputer(c), expected) << c;
  }
}

TEST(StatusMatrixTest, SummariesMatchANaiveCount) {
  std::mt19937 rng(20260525);
  constexpr uint32_t kComputers = 37;
  constexpr uint32_t kUpdates = 150;
  StatusMatrix m;
  std::map<std::pair<uint32_t, uint32_t>, S> truth;  // by (computer, update) number
  std::uniform_int_distribution<uint32_t> pick_c(0, kComputers - 1);
  std::uniform_int_distribution<uint32_t> pick_u(0, kUpdates - 1);
  std::uniform_int_distribution<int> pick_s(0, kInstallationStateCount - 1);
  for (int i = 0; i < 4000; ++i) {
    const uint32_t c = pick_c(rng);
    const uint32_t u = pick_u(rng);
    const S s = static_cast<S>(pick_s(rng));
    m.Set(Computer(c), Update(u), s);
    truth[{c, u}] = s;
  }
  // Some known but silent computers and updates.
  m.AddComputer(Computer(kComputers));
  m.AddUpdate(Update(kUpdates));

  auto naive = [&](uint32_t c, uint32_t u) {
    auto it = truth.find({c, u});
    return it == truth.end() ? S::kUnknown : it->second;
  };
  const size_t nc = m.computer_count();
  const size_t nu = m.update_count();
  ASSERT_EQ(nc, kComputers + 1);
  ASSERT_EQ(nu, kUpdates + 1);
  // Numbers of the computer and update at each index.
  std::vector<uint32_t> c_number(nc);
  std::vector<uint32_t> u_number(nu);
  for (uint32_t c = 0; c <= kComputers; ++c) c_number[*m.FindComputer(Computer(c))] = c;
  for (uint32_t u = 0; u <= kUpdates; ++u) u_number[*m.FindUpdate(Update(u))] = u;

  for (size_t ci = 0; ci < nc; ++ci) {
    for (size_t ui = 0; ui < nu; ++ui) {
      ASSERT_EQ(m.Get(ci, ui), naive(c_number[ci], u_number[ui]));
    }
  }

  std::vector<StatusCounts> per_update = m.SummaryPerUpdate();
  ASSERT_EQ(per_update.size(), nu);
  for (size_t ui = 0; ui < nu; ++ui) {
    StatusCounts expected;
    for (size_t ci = 0; ci < nc; ++ci) expected.Add(naive(c_number[ci], u_number[ui]));
    EXPECT_EQ(per_update[ui], expected) << "update index " << ui;
    EXPECT_EQ(m.CountsForUpdate(static_cast<StatusMatrix::Index>(ui)), expected);
    EXPECT_EQ(m.CountsForUpdate(Update(u_number[ui])), expected);
    EXPECT_EQ(expected.Total(), static_cast<int64_t>(nc));
  }

  std::vector<StatusCounts> per_computer = m.SummaryPerComputer();
  ASSERT_EQ(per_computer.size(), nc);
  for (size_t ci = 0; ci < nc; ++ci) {
    StatusCounts expected;
    for (size_t ui = 0; ui < nu; ++ui) expected.Add(naive(c_number[ci], u_number[ui]));
    EXPECT_EQ(per_computer[ci], expected) << "computer index " << ci;
    EXPECT_EQ(m.CountsForComputer(Computer(c_number[ci])), expected);
  }

  // A group: random members, with a duplicate and an index out of range.
  std::vector<StatusMatrix::Index> group;
  std::set<StatusMatrix::Index> members;
  for (StatusMatrix::Index ci = 0; ci < nc; ++ci) {
    if (rng() % 3 == 0) {
      group.push_back(ci);
      members.insert(ci);
    }
  }
  ASSERT_FALSE(group.empty());
  group.push_back(group.front());
  group.push_back(static_cast<StatusMatrix::Index>(nc + 10));
  std::vector<StatusCounts> rollup = m.SummaryForComputers(group);
  ASSERT_EQ(rollup.size(), nu);
  for (size_t ui = 0; ui < nu; ++ui) {
    StatusCounts expected;
    for (StatusMatrix::Index ci : members) expected.Add(naive(c_number[ci], u_number[ui]));
    EXPECT_EQ(rollup[ui], expected) << "update index " << ui;
    EXPECT_EQ(m.CountsForUpdate(static_cast<StatusMatrix::Index>(ui), group), expected);
  }
}

}  // namespace
}  // namespace openwsus::policy
