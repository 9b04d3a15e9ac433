// StatusMatrix: the latest InstallationState of every (computer, update) pair,
// in memory, summarised fast enough to draw the console's views on demand.
//
// Computers and updates get dense uint32 indexes on first sight (never reused,
// never renumbered); the states live in one flat byte array, a row per
// computer. A row has room for `stride` updates; when updates outgrow it the
// stride doubles and the rows are copied once. A cell nobody reported holds
// kUnknown (0), so a computer that never reported an update counts as "no
// status" for it, which is what WSUS shows. 5,000 computers x 2,000 updates take
// 10 MB and are summarised in a few tens of milliseconds (bench/policy).
//
// Removing a computer or an update is done by building a new matrix from the
// store: indexes stay dense and summaries need no tombstones.
//
// Thread-safety: none inside. Const methods may run concurrently with each
// other; Add*/Set need exclusive access. The owner guards the matrix with a
// std::shared_mutex (shared for summaries, exclusive for the report writer).
#ifndef OPENWSUS_POLICY_STATUS_MATRIX_H_
#define OPENWSUS_POLICY_STATUS_MATRIX_H_

#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "common/guid.h"
#include "policy/update_status.h"

namespace openwsus::policy {

class StatusMatrix {
 public:
  using Index = uint32_t;

  StatusMatrix() = default;

  // The index of `id`, assigned now if it is new.
  Index AddComputer(const Guid& id);
  Index AddUpdate(const Guid& id);
  std::optional<Index> FindComputer(const Guid& id) const;
  std::optional<Index> FindUpdate(const Guid& id) const;
  // REQUIRES: index < computer_count() / update_count().
  const Guid& ComputerId(Index computer) const { return computer_ids_[computer]; }
  const Guid& UpdateId(Index update) const { return update_ids_[update]; }
  size_t computer_count() const { return computer_ids_.size(); }
  size_t update_count() const { return update_ids_.size(); }

  // Records the latest state, adding the computer and the update if new.
  void Set(const Guid& computer, const Guid& update, InstallationState state);
  // REQUIRES: valid indexes.
  void Set(Index computer, Index update, InstallationState state) {
    cells_[size_t{computer} * stride_ + update] = static_cast<uint8_t>(state);
  }
  // kUnknown when the computer or the update is unknown.
  InstallationState Get(const Guid& computer, const Guid& update) const;
  InstallationState Get(Index computer, Index update) const {
    return static_cast<InstallationState>(cells_[size_t{computer} * stride_ + update]);
  }

  // For every update (by index), its counts over all known computers.
  std::vector<StatusCounts> SummaryPerUpdate() const;
  // For every computer (by index), its counts over all known updates.
  std::vector<StatusCounts> SummaryPerComputer() const;
  // For every update (by index), its counts over `computers` only: the roll-up
  // of a group. Duplicate and out-of-range indexes are ignored.
  std::vector<StatusCounts> SummaryForComputers(std::span<const Index> computers) const;

  // One update over all known computers. An update nobody reported has every
  // known computer at kUnknown.
  StatusCounts CountsForUpdate(const Guid& update) const;
  StatusCounts CountsForUpdate(Index update) const;  // REQUIRES: update < update_count()
  // One update over `computers` only (duplicates and out-of-range ignored).
  // REQUIRES: update < update_count().
  StatusCounts CountsForUpdate(Index update, std::span<const Index> computers) const;
  // One computer over all known updates; all kUnknown for an unknown computer.
  StatusCounts CountsForComputer(const Guid& computer) const;
  StatusCounts CountsForComputer(Index computer) const;  // REQUIRES: computer < computer_count()

 private:
  // The valid indexes among `computers`, each once, in order.
  std::vector<Index> Distinct(std::span<const Index> computers) const;

  std::vector<Guid> computer_ids_;
  std::vector<Guid> update_ids_;
  std::unordered_map<Guid, Index, GuidHash> computer_index_;
  std::unordered_map<Guid, Index, GuidHash> update_index_;
  size_t stride_ = 0;          // cells per row; >= update_count()
  std::vector<uint8_t> cells_;  // computer_count() rows of stride_ cells
};

}  // namespace openwsus::policy

#endif  // OPENWSUS_POLICY_STATUS_MATRIX_H_
