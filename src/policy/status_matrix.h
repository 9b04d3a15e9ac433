// StatusMatrix: the latest InstallationState of every (computer, update) pair,
// in memory, summarised fast enough to draw the console's views on demand.
//
// Computers and updates get dense uint32 indexes on first sight (never reused,
// never renumbered). Each computer has a row: a base state for every update
// that existed when the row was last Reset (kUnknown until the computer has
// reported; kNotApplicable after a status report, which lists only what is
// needed or installed), kUnknown for updates added since, and sorted cells for
// the pairs that differ. A real computer reports on a few dozen updates of a
// catalog of thousands, so a row costs a few hundred bytes: 10,000 computers x
// 20,000 updates take about 10 MB, where one byte per cell took 200 MB.
// Summaries add the bases per group of rows that share them, then the cells.
//
// Removing a computer or an update is done by building a new matrix from the
// store: indexes stay dense and summaries need no tombstones.
//
// Thread-safety: none inside. Const methods may run concurrently with each
// other; Add*/Set/Reset need exclusive access. The owner guards the matrix
// (the admin API serialises its requests and the client writer's updates).
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
  void Set(Index computer, Index update, InstallationState state);
  // Every update known now takes `state` for the computer (later ones start
  // kUnknown): what a complete status report does before its list is set.
  // REQUIRES: computer < computer_count().
  void Reset(Index computer, InstallationState state);
  // kUnknown when the computer or the update is unknown.
  InstallationState Get(const Guid& computer, const Guid& update) const;
  InstallationState Get(Index computer, Index update) const;  // REQUIRES: valid indexes

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
  struct Cell {
    Index update;
    uint8_t state;
  };
  struct Row {
    uint8_t base = 0;         // the state of updates below base_upto without a cell
    Index base_upto = 0;      // updates from here on start kUnknown
    std::vector<Cell> cells;  // sorted by update
  };

  // The state of `update` in `row` when it has no cell.
  static uint8_t Implicit(const Row& row, Index update) {
    return update < row.base_upto ? row.base : static_cast<uint8_t>(InstallationState::kUnknown);
  }
  // Per-update counts over `computers` (valid, distinct).
  std::vector<StatusCounts> Summary(std::span<const Index> computers) const;
  // The valid indexes among `computers`, each once, in order.
  std::vector<Index> Distinct(std::span<const Index> computers) const;

  std::vector<Guid> computer_ids_;
  std::vector<Guid> update_ids_;
  std::unordered_map<Guid, Index, GuidHash> computer_index_;
  std::unordered_map<Guid, Index, GuidHash> update_index_;
  std::vector<Row> rows_;  // one per computer
};

}  // namespace openwsus::policy

#endif  // OPENWSUS_POLICY_STATUS_MATRIX_H_
