// InstallationState, StatusCounts and StatusFilter: what clients report about
// updates, counted and filtered the way WSUS counts and filters them.
//
// InstallationState has the numbers of WSUS's UpdateInstallationState
// (Unknown 0, NotApplicable 1, NotInstalled 2, Downloaded 3, Installed 4,
// Failed 5, InstalledPendingReboot 6), and WSUS's UpdateInstallationStates
// flags are 1 << that number. The numbers are also what the store keeps.
//
// StatusFilter is the -Status parameter of Get-WsusUpdate (and
// -ComputerUpdateStatus of Get-WsusComputer). The UpdateServices module defines
// its values (WsusUpdateInstallationState) as masks of UpdateInstallationStates:
//   NoStatus 1 = Unknown
//   InstalledOrNotApplicable 18 = Installed | NotApplicable
//   InstalledOrNotApplicableOrNoStatus 19 = Installed | NotApplicable | Unknown
//   Failed 32 = Failed
//   Needed 76 = NotInstalled | Downloaded | InstalledPendingReboot
//   FailedOrNeeded 108 = Needed | Failed
//   Any -1 = everything
// (values from the module's type definitions, UpdateServices 2.0.0.0), and the
// cmdlet's help says "an update will be included only if it has at least one
// computer with the specified status", the semantics of
// UpdateScope.IncludedInstallationStates. So Needed counts an update that is
// installed but waiting for a reboot, as the console's "Needed" column does,
// and does not count Failed, which the console shows in its own column.
// Plain data and pure functions; thread-safe.
#ifndef OPENWSUS_POLICY_UPDATE_STATUS_H_
#define OPENWSUS_POLICY_UPDATE_STATUS_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "common/result.h"

namespace openwsus::policy {

// Stored (update_status.state): never renumber.
enum class InstallationState : uint8_t {
  kUnknown = 0,  // no status reported
  kNotApplicable = 1,
  kNotInstalled = 2,  // applicable, not installed: "needed"
  kDownloaded = 3,
  kInstalled = 4,
  kFailed = 5,
  kInstalledPendingReboot = 6,
};
inline constexpr int kInstallationStateCount = 7;

// "unknown", "not-applicable", "not-installed", "downloaded", "installed",
// "failed", "installed-pending-reboot".
std::string_view InstallationStateName(InstallationState state);
// Case-insensitive; also the WSUS spellings ("InstalledPendingReboot") and
// "no-status" for kUnknown.
Result<InstallationState> ParseInstallationState(std::string_view name);
// For numbers read back from the store or the wire: InvalidArgument outside 0..6.
Result<InstallationState> InstallationStateFromNumber(int64_t number);

// WSUS's UpdateInstallationStates flag of `state`.
constexpr uint32_t InstallationStateFlag(InstallationState state) { return 1u << static_cast<int>(state); }

struct StatusCounts {
  std::array<int64_t, kInstallationStateCount> by_state{};  // indexed by InstallationState

  int64_t Count(InstallationState state) const { return by_state[static_cast<int>(state)]; }
  void Add(InstallationState state, int64_t n = 1) { by_state[static_cast<int>(state)] += n; }
  int64_t Total() const;
  // The console's columns.
  int64_t Needed() const;  // NotInstalled + Downloaded + InstalledPendingReboot
  int64_t Failed() const { return Count(InstallationState::kFailed); }
  int64_t InstalledOrNotApplicable() const;  // Installed + NotApplicable
  int64_t NoStatus() const { return Count(InstallationState::kUnknown); }

  StatusCounts& operator+=(const StatusCounts& other);
  bool operator==(const StatusCounts&) const = default;
};

enum class StatusFilter {
  kAny,
  kNeeded,
  kFailedOrNeeded,
  kInstalledOrNotApplicable,
  kInstalledOrNotApplicableOrNoStatus,
  kFailed,
  kNoStatus,
};

// "any", "needed", "failed-or-needed", "installed-or-not-applicable",
// "installed-or-not-applicable-or-no-status", "failed", "no-status".
std::string_view StatusFilterName(StatusFilter filter);
// Case-insensitive; also the PowerShell spellings, including the
// "InstalledNotApplicable(OrNoStatus)" of the cmdlet's help text.
Result<StatusFilter> ParseStatusFilter(std::string_view name);

// The UpdateInstallationStates mask of a filter (the WsusUpdateInstallationState
// value); kAny has every state's flag.
uint32_t StatusFilterMask(StatusFilter filter);

// Whether counts over the computers (for an update) or over the updates (for a
// computer) pass the filter: at least one is in a state of the filter's mask.
// kAny passes everything, even empty counts.
bool Matches(StatusFilter filter, const StatusCounts& counts);

}  // namespace openwsus::policy

#endif  // OPENWSUS_POLICY_UPDATE_STATUS_H_
