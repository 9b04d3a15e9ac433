#include "policy/update_status.h"

#include <utility>

#include "policy/enum_names.h"

namespace openwsus::policy {
namespace {

using S = InstallationState;

constexpr std::pair<InstallationState, std::string_view> kStateNames[] = {
    {S::kUnknown, "unknown"},
    {S::kNotApplicable, "not-applicable"},
    {S::kNotInstalled, "not-installed"},
    {S::kDownloaded, "downloaded"},
    {S::kInstalled, "installed"},
    {S::kFailed, "failed"},
    {S::kInstalledPendingReboot, "installed-pending-reboot"},
};

constexpr std::pair<InstallationState, std::string_view> kStateAliases[] = {
    {S::kUnknown, "no-status"},
};

constexpr std::pair<StatusFilter, std::string_view> kFilterNames[] = {
    {StatusFilter::kAny, "any"},
    {StatusFilter::kNeeded, "needed"},
    {StatusFilter::kFailedOrNeeded, "failed-or-needed"},
    {StatusFilter::kInstalledOrNotApplicable, "installed-or-not-applicable"},
    {StatusFilter::kInstalledOrNotApplicableOrNoStatus, "installed-or-not-applicable-or-no-status"},
    {StatusFilter::kFailed, "failed"},
    {StatusFilter::kNoStatus, "no-status"},
};

// The cmdlet's help text drops the "Or" that its enum has.
constexpr std::pair<StatusFilter, std::string_view> kFilterAliases[] = {
    {StatusFilter::kInstalledOrNotApplicable, "installed-not-applicable"},
    {StatusFilter::kInstalledOrNotApplicableOrNoStatus, "installed-not-applicable-or-no-status"},
};

constexpr uint32_t Flag(InstallationState s) { return InstallationStateFlag(s); }
constexpr uint32_t kNeededMask = Flag(S::kNotInstalled) | Flag(S::kDownloaded) | Flag(S::kInstalledPendingReboot);
constexpr uint32_t kInstalledOrNotApplicableMask = Flag(S::kInstalled) | Flag(S::kNotApplicable);
constexpr uint32_t kAllMask = (1u << kInstallationStateCount) - 1;

// The WsusUpdateInstallationState values, so the table above is checked at compile time.
static_assert(kNeededMask == 76);
static_assert((kNeededMask | Flag(S::kFailed)) == 108);
static_assert(kInstalledOrNotApplicableMask == 18);
static_assert((kInstalledOrNotApplicableMask | Flag(S::kUnknown)) == 19);
static_assert(Flag(S::kFailed) == 32 && Flag(S::kUnknown) == 1);

template <typename E, size_t N, size_t M>
Result<E> ParseWithAliases(const std::pair<E, std::string_view> (&names)[N],
                           const std::pair<E, std::string_view> (&aliases)[M], std::string_view what,
                           std::string_view text) {
  auto alias = internal::ParseName<E>(aliases, what, text);
  if (alias.ok()) return alias;
  return internal::ParseName<E>(names, what, text);
}

}  // namespace

std::string_view InstallationStateName(InstallationState state) {
  return internal::NameOf<InstallationState>(kStateNames, state);
}

Result<InstallationState> ParseInstallationState(std::string_view name) {
  return ParseWithAliases(kStateNames, kStateAliases, "installation state", name);
}

Result<InstallationState> InstallationStateFromNumber(int64_t number) {
  if (number < 0 || number >= kInstallationStateCount) {
    return Status::InvalidArgument("installation state " + std::to_string(number) + " is not 0 to 6");
  }
  return static_cast<InstallationState>(number);
}

int64_t StatusCounts::Total() const {
  int64_t total = 0;
  for (int64_t n : by_state) total += n;
  return total;
}

int64_t StatusCounts::Needed() const {
  return Count(S::kNotInstalled) + Count(S::kDownloaded) + Count(S::kInstalledPendingReboot);
}

int64_t StatusCounts::InstalledOrNotApplicable() const { return Count(S::kInstalled) + Count(S::kNotApplicable); }

StatusCounts& StatusCounts::operator+=(const StatusCounts& other) {
  for (int i = 0; i < kInstallationStateCount; ++i) by_state[i] += other.by_state[i];
  return *this;
}

std::string_view StatusFilterName(StatusFilter filter) { return internal::NameOf<StatusFilter>(kFilterNames, filter); }

Result<StatusFilter> ParseStatusFilter(std::string_view name) {
  return ParseWithAliases(kFilterNames, kFilterAliases, "status filter", name);
}

uint32_t StatusFilterMask(StatusFilter filter) {
  switch (filter) {
    case StatusFilter::kAny:
      return kAllMask;
    case StatusFilter::kNeeded:
      return kNeededMask;
    case StatusFilter::kFailedOrNeeded:
      return kNeededMask | Flag(S::kFailed);
    case StatusFilter::kInstalledOrNotApplicable:
      return kInstalledOrNotApplicableMask;
    case StatusFilter::kInstalledOrNotApplicableOrNoStatus:
      return kInstalledOrNotApplicableMask | Flag(S::kUnknown);
    case StatusFilter::kFailed:
      return Flag(S::kFailed);
    case StatusFilter::kNoStatus:
      return Flag(S::kUnknown);
  }
  return kAllMask;
}

bool Matches(StatusFilter filter, const StatusCounts& counts) {
  if (filter == StatusFilter::kAny) return true;
  const uint32_t mask = StatusFilterMask(filter);
  for (int i = 0; i < kInstallationStateCount; ++i) {
    if ((mask & (1u << i)) != 0 && counts.by_state[i] > 0) return true;
  }
  return false;
}

}  // namespace openwsus::policy
