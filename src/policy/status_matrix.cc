#include "policy/status_matrix.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace openwsus::policy {
namespace {

// Counters are 32-bit while summing (half the cache footprint of int64), padded
// to 8 so a per-update block is one 32-byte line.
using Tally = std::array<uint32_t, 8>;

StatusCounts ToCounts(const Tally& t) {
  StatusCounts c;
  for (int i = 0; i < kInstallationStateCount; ++i) c.by_state[i] = t[i];
  return c;
}

// Adds one row of `n` cells into per-update tallies.
void TallyRow(const uint8_t* row, size_t n, Tally* per_update) {
  for (size_t u = 0; u < n; ++u) ++per_update[u][row[u]];
}

}  // namespace

StatusMatrix::Index StatusMatrix::AddComputer(const Guid& id) {
  auto [it, added] = computer_index_.emplace(id, static_cast<Index>(computer_ids_.size()));
  if (added) {
    computer_ids_.push_back(id);
    cells_.resize(computer_ids_.size() * stride_, 0);
  }
  return it->second;
}

StatusMatrix::Index StatusMatrix::AddUpdate(const Guid& id) {
  auto [it, added] = update_index_.emplace(id, static_cast<Index>(update_ids_.size()));
  if (!added) return it->second;
  update_ids_.push_back(id);
  if (update_ids_.size() > stride_) {
    // Double the row length and move every row once: amortised O(1) per update.
    const size_t new_stride = std::max<size_t>(64, stride_ * 2);
    std::vector<uint8_t> cells(computer_ids_.size() * new_stride, 0);
    for (size_t c = 0; c < computer_ids_.size(); ++c) {
      if (stride_ > 0) std::memcpy(&cells[c * new_stride], &cells_[c * stride_], stride_);
    }
    cells_ = std::move(cells);
    stride_ = new_stride;
  }
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
  const Index u = AddUpdate(update);  // first: it may re-lay the rows
  const Index c = AddComputer(computer);
  Set(c, u, state);
}

InstallationState StatusMatrix::Get(const Guid& computer, const Guid& update) const {
  auto c = FindComputer(computer);
  auto u = FindUpdate(update);
  if (!c || !u) return InstallationState::kUnknown;
  return Get(*c, *u);
}

std::vector<StatusCounts> StatusMatrix::SummaryPerUpdate() const {
  const size_t n = update_count();
  std::vector<Tally> tallies(n, Tally{});
  for (size_t c = 0; c < computer_count(); ++c) TallyRow(&cells_[c * stride_], n, tallies.data());
  std::vector<StatusCounts> out(n);
  for (size_t u = 0; u < n; ++u) out[u] = ToCounts(tallies[u]);
  return out;
}

std::vector<StatusCounts> StatusMatrix::SummaryForComputers(std::span<const Index> computers) const {
  const size_t n = update_count();
  std::vector<Tally> tallies(n, Tally{});
  for (Index c : Distinct(computers)) TallyRow(&cells_[size_t{c} * stride_], n, tallies.data());
  std::vector<StatusCounts> out(n);
  for (size_t u = 0; u < n; ++u) out[u] = ToCounts(tallies[u]);
  return out;
}

std::vector<StatusCounts> StatusMatrix::SummaryPerComputer() const {
  std::vector<StatusCounts> out(computer_count());
  for (size_t c = 0; c < computer_count(); ++c) out[c] = CountsForComputer(static_cast<Index>(c));
  return out;
}

StatusCounts StatusMatrix::CountsForComputer(Index computer) const {
  // Four tallies, so that runs of one state do not serialise on one counter.
  std::array<Tally, 4> t{};
  const uint8_t* row = &cells_[size_t{computer} * stride_];
  const size_t n = update_count();
  size_t u = 0;
  for (; u + 4 <= n; u += 4) {
    ++t[0][row[u]];
    ++t[1][row[u + 1]];
    ++t[2][row[u + 2]];
    ++t[3][row[u + 3]];
  }
  for (; u < n; ++u) ++t[0][row[u]];
  Tally sum{};
  for (const Tally& x : t) {
    for (size_t s = 0; s < sum.size(); ++s) sum[s] += x[s];
  }
  return ToCounts(sum);
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
  for (size_t c = 0; c < computer_count(); ++c) ++t[cells_[c * stride_ + update]];
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
  for (Index c : Distinct(computers)) ++t[cells_[size_t{c} * stride_ + update]];
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
