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
  for (uint32_t u = 2; u < 300; ++u) m.Set(Computer(u % 2), Update(u), S::kNotInstalled);  // stride 64 -> 512
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
