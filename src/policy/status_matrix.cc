#include "policy/status_matrix.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

namespace openwsus::policy {
namespace {

// Counters are 32-bit while summing (half the cache footprint of int64), padded
// to 8 so a per-update block is one 32-byte line.
using Tally = std::array<uint32_t, 8>;

constexpr uint8_t kUnknown = static_cast<uint8_t>(InstallationState::kUnknown);

StatusCounts ToCounts(const Tally& t) {
  StatusCounts c;
  for (int i = 0; i < kInstallationStateCount; ++i) c.by_state[i] = t[i];
  return c;
}

}  // namespace

StatusMatrix::Index StatusMatrix::AddComputer(const Guid& id) {
  auto [it, added] = computer_index_.emplace(id, static_cast<Index>(computer_ids_.size()));
  if (added) {
    computer_ids_.push_back(id);
    rows_.emplace_back();
  }
  return it->second;
}

StatusMatrix::Index StatusMatrix::AddUpdate(const Guid& id) {
  auto [it, added] = update_index_.emplace(id, static_cast<Index>(update_ids_.size()));
  if (added) update_ids_.push_back(id);
  return it->second;
}

std::optional<StatusMatrix::Index> StatusMatrix::FindComputer(const Guid& id) const {
  auto it = computer_index_.find(id);
  if (it == computer_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<StatusMatrix::Index> StatusMatrix::FindUpdate(const Guid& id) const {
  auto it = update_index_.find(id);
  if (it == update_index_.end()) return std::nullopt;
  return it->second;
}

void StatusMatrix::Set(const Guid& computer, const Guid& update, InstallationState state) {
  const Index u = AddUpdate(update);
  const Index c = AddComputer(computer);
  Set(c, u, state);
}

void StatusMatrix::Set(Index computer, Index update, InstallationState state) {
  Row& row = rows_[computer];
  uint8_t value = static_cast<uint8_t>(state);
  auto it = std::lower_bound(row.cells.begin(), row.cells.end(), update,
                             [](const Cell& cell, Index u) { return cell.update < u; });
  bool found = it != row.cells.end() && it->update == update;
  if (value == Implicit(row, update)) {
    if (found) row.cells.erase(it);  // back to what the base says
  } else if (found) {
    it->state = value;
  } else {
    row.cells.insert(it, Cell{update, value});
  }
}

void StatusMatrix::Reset(Index computer, InstallationState state) {
  Row& row = rows_[computer];
  row.cells.clear();
  row.cells.shrink_to_fit();
  row.base = static_cast<uint8_t>(state);
  row.base_upto = static_cast<Index>(update_count());
}

InstallationState StatusMatrix::Get(Index computer, Index update) const {
  const Row& row = rows_[computer];
  auto it = std::lower_bound(row.cells.begin(), row.cells.end(), update,
                             [](const Cell& cell, Index u) { return cell.update < u; });
  uint8_t value = it != row.cells.end() && it->update == update ? it->state : Implicit(row, update);
  return static_cast<InstallationState>(value);
}

InstallationState StatusMatrix::Get(const Guid& computer, const Guid& update) const {
  auto c = FindComputer(computer);
  auto u = FindUpdate(update);
  if (!c || !u) return InstallationState::kUnknown;
  return Get(*c, *u);
}

std::vector<StatusCounts> StatusMatrix::Summary(std::span<const Index> computers) const {
  const size_t n = update_count();
  // Rows sharing a base contribute it together: group them first.
  std::map<std::pair<uint8_t, Index>, uint32_t> bases;
  for (Index c : computers) {
    const Row& row = rows_[c];
    Index upto = row.base == kUnknown ? 0 : std::min<Index>(row.base_upto, static_cast<Index>(n));
    ++bases[{row.base == kUnknown ? kUnknown : row.base, upto}];
  }
  std::vector<Tally> tallies(n, Tally{});
  for (const auto& [base, count] : bases) {
    for (size_t u = 0; u < base.second; ++u) tallies[u][base.first] += count;
    for (size_t u = base.second; u < n; ++u) tallies[u][kUnknown] += count;
  }
  for (Index c : computers) {
    const Row& row = rows_[c];
    for (const Cell& cell : row.cells) {
      --tallies[cell.update][Implicit(row, cell.update)];
      ++tallies[cell.update][cell.state];
    }
  }
  std::vector<StatusCounts> out(n);
  for (size_t u = 0; u < n; ++u) out[u] = ToCounts(tallies[u]);
  return out;
}

std::vector<StatusCounts> StatusMatrix::SummaryPerUpdate() const {
  std::vector<Index> all(computer_count());
  for (size_t c = 0; c < all.size(); ++c) all[c] = static_cast<Index>(c);
  return Summary(all);
}

std::vector<StatusCounts> StatusMatrix::SummaryForComputers(std::span<const Index> computers) const {
  return Summary(Distinct(computers));
}

std::vector<StatusCounts> StatusMatrix::SummaryPerComputer() const {
  std::vector<StatusCounts> out(computer_count());
  for (size_t c = 0; c < computer_count(); ++c) out[c] = CountsForComputer(static_cast<Index>(c));
  return out;
}

StatusCounts StatusMatrix::CountsForComputer(Index computer) const {
  const Row& row = rows_[computer];
  const uint32_t n = static_cast<uint32_t>(update_count());
  const uint32_t upto = std::min<uint32_t>(row.base_upto, n);
  Tally t{};
  t[row.base] += upto;
  t[kUnknown] += n - upto;
  for (const Cell& cell : row.cells) {
    --t[Implicit(row, cell.update)];
    ++t[cell.state];
  }
  return ToCounts(t);
}

StatusCounts StatusMatrix::CountsForComputer(const Guid& computer) const {
  auto c = FindComputer(computer);
  if (c) return CountsForComputer(*c);
  StatusCounts counts;
  counts.Add(InstallationState::kUnknown, static_cast<int64_t>(update_count()));
  return counts;
}

StatusCounts StatusMatrix::CountsForUpdate(Index update) const {
  Tally t{};
  for (size_t c = 0; c < computer_count(); ++c) ++t[static_cast<uint8_t>(Get(static_cast<Index>(c), update))];
  return ToCounts(t);
}

StatusCounts StatusMatrix::CountsForUpdate(const Guid& update) const {
  auto u = FindUpdate(update);
  if (u) return CountsForUpdate(*u);
  StatusCounts counts;
  counts.Add(InstallationState::kUnknown, static_cast<int64_t>(computer_count()));
  return counts;
}

StatusCounts StatusMatrix::CountsForUpdate(Index update, std::span<const Index> computers) const {
  Tally t{};
  for (Index c : Distinct(computers)) ++t[static_cast<uint8_t>(Get(c, update))];
  return ToCounts(t);
}

std::vector<StatusMatrix::Index> StatusMatrix::Distinct(std::span<const Index> computers) const {
  std::vector<bool> seen(computer_count(), false);
  std::vector<Index> out;
  out.reserve(computers.size());
  for (Index c : computers) {
    if (c >= computer_count() || seen[c]) continue;
    seen[c] = true;
    out.push_back(c);
  }
  return out;
}

}  // namespace openwsus::policy
