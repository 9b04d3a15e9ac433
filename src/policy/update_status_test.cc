#include "policy/update_status.h"

#include <gtest/gtest.h>

namespace openwsus::policy {
namespace {

using S = InstallationState;
using F = StatusFilter;

StatusCounts Counts(std::initializer_list<std::pair<S, int64_t>> entries) {
  StatusCounts c;
  for (auto [s, n] : entries) c.Add(s, n);
  return c;
}

TEST(InstallationStateTest, NumbersAreWsus) {
  // UpdateInstallationState in Microsoft.UpdateServices.Administration.
  EXPECT_EQ(static_cast<int>(S::kUnknown), 0);
  EXPECT_EQ(static_cast<int>(S::kNotApplicable), 1);
  EXPECT_EQ(static_cast<int>(S::kNotInstalled), 2);
  EXPECT_EQ(static_cast<int>(S::kDownloaded), 3);
  EXPECT_EQ(static_cast<int>(S::kInstalled), 4);
  EXPECT_EQ(static_cast<int>(S::kFailed), 5);
  EXPECT_EQ(static_cast<int>(S::kInstalledPendingReboot), 6);
  // UpdateInstallationStates flags.
  EXPECT_EQ(InstallationStateFlag(S::kUnknown), 1u);
  EXPECT_EQ(InstallationStateFlag(S::kInstalledPendingReboot), 64u);
}

TEST(InstallationStateTest, NamesRoundTrip) {
  for (int i = 0; i < kInstallationStateCount; ++i) {
    const S s = static_cast<S>(i);
    EXPECT_EQ(*ParseInstallationState(InstallationStateName(s)), s) << i;
    EXPECT_EQ(*InstallationStateFromNumber(i), s);
  }
  EXPECT_EQ(InstallationStateName(S::kInstalledPendingReboot), "installed-pending-reboot");
  EXPECT_EQ(InstallationStateName(S::kNotInstalled), "not-installed");
  EXPECT_EQ(*ParseInstallationState("InstalledPendingReboot"), S::kInstalledPendingReboot);
  EXPECT_EQ(*ParseInstallationState("no-status"), S::kUnknown);
  EXPECT_EQ(ParseInstallationState("needed").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(InstallationStateFromNumber(7).status().message(), "installation state 7 is not 0 to 6");
  EXPECT_FALSE(InstallationStateFromNumber(-1).ok());
}

TEST(StatusCountsTest, ConsoleColumns) {
  StatusCounts c = Counts({{S::kUnknown, 1},
                           {S::kNotApplicable, 2},
                           {S::kNotInstalled, 4},
                           {S::kDownloaded, 8},
                           {S::kInstalled, 16},
                           {S::kFailed, 32},
                           {S::kInstalledPendingReboot, 64}});
  EXPECT_EQ(c.Total(), 127);
  EXPECT_EQ(c.Needed(), 4 + 8 + 64);
  EXPECT_EQ(c.Failed(), 32);
  EXPECT_EQ(c.InstalledOrNotApplicable(), 16 + 2);
  EXPECT_EQ(c.NoStatus(), 1);
  StatusCounts d = c;
  d += c;
  EXPECT_EQ(d.Total(), 254);
  EXPECT_EQ(d.Count(S::kFailed), 64);
}

TEST(StatusFilterTest, NamesRoundTrip) {
  for (F f : {F::kAny, F::kNeeded, F::kFailedOrNeeded, F::kInstalledOrNotApplicable,
              F::kInstalledOrNotApplicableOrNoStatus, F::kFailed, F::kNoStatus}) {
    EXPECT_EQ(*ParseStatusFilter(StatusFilterName(f)), f);
  }
  // The PowerShell enum names and the spellings of the cmdlet's help.
  EXPECT_EQ(*ParseStatusFilter("FailedOrNeeded"), F::kFailedOrNeeded);
  EXPECT_EQ(*ParseStatusFilter("InstalledOrNotApplicableOrNoStatus"), F::kInstalledOrNotApplicableOrNoStatus);
  EXPECT_EQ(*ParseStatusFilter("InstalledNotApplicableOrNoStatus"), F::kInstalledOrNotApplicableOrNoStatus);
  EXPECT_EQ(*ParseStatusFilter("InstalledNotApplicable"), F::kInstalledOrNotApplicable);
  EXPECT_EQ(*ParseStatusFilter("NoStatus"), F::kNoStatus);
  EXPECT_FALSE(ParseStatusFilter("pending").ok());
}

TEST(StatusFilterTest, MasksAreTheWsusUpdateInstallationStateValues) {
  EXPECT_EQ(StatusFilterMask(F::kNoStatus), 1u);
  EXPECT_EQ(StatusFilterMask(F::kInstalledOrNotApplicable), 18u);
  EXPECT_EQ(StatusFilterMask(F::kInstalledOrNotApplicableOrNoStatus), 19u);
  EXPECT_EQ(StatusFilterMask(F::kFailed), 32u);
  EXPECT_EQ(StatusFilterMask(F::kNeeded), 76u);
  EXPECT_EQ(StatusFilterMask(F::kFailedOrNeeded), 108u);
  EXPECT_EQ(StatusFilterMask(F::kAny), 127u);
}

TEST(StatusFilterTest, AtLeastOneComputerInAState) {
  struct Case {
    const char* what;
    StatusCounts counts;
    F filter;
    bool matches;
  };
  const Case cases[] = {
      {"nothing counted, any", {}, F::kAny, true},
      {"nothing counted, needed", {}, F::kNeeded, false},
      {"one not installed is needed", Counts({{S::kInstalled, 50}, {S::kNotInstalled, 1}}), F::kNeeded, true},
      {"downloaded is needed", Counts({{S::kDownloaded, 1}}), F::kNeeded, true},
      {"pending reboot is needed", Counts({{S::kInstalledPendingReboot, 1}}), F::kNeeded, true},
      {"failed is not needed", Counts({{S::kFailed, 3}, {S::kInstalled, 3}}), F::kNeeded, false},
      {"failed or needed, failed", Counts({{S::kFailed, 1}}), F::kFailedOrNeeded, true},
      {"failed or needed, needed", Counts({{S::kNotInstalled, 1}}), F::kFailedOrNeeded, true},
      {"failed or needed, all installed", Counts({{S::kInstalled, 9}, {S::kUnknown, 2}}), F::kFailedOrNeeded, false},
      {"failed", Counts({{S::kFailed, 1}, {S::kNotInstalled, 5}}), F::kFailed, true},
      {"failed, none", Counts({{S::kNotInstalled, 5}}), F::kFailed, false},
      {"installed or n/a, installed", Counts({{S::kInstalled, 1}, {S::kFailed, 1}}), F::kInstalledOrNotApplicable,
       true},
      {"installed or n/a, not applicable", Counts({{S::kNotApplicable, 1}}), F::kInstalledOrNotApplicable, true},
      {"installed or n/a, only no status", Counts({{S::kUnknown, 4}}), F::kInstalledOrNotApplicable, false},
      {"pending reboot is not yet installed", Counts({{S::kInstalledPendingReboot, 4}}), F::kInstalledOrNotApplicable,
       false},
      {"installed or n/a or no status, no status", Counts({{S::kUnknown, 4}}), F::kInstalledOrNotApplicableOrNoStatus,
       true},
      {"no status", Counts({{S::kUnknown, 1}, {S::kInstalled, 1}}), F::kNoStatus, true},
      {"no status, everyone reported", Counts({{S::kInstalled, 1}}), F::kNoStatus, false},
  };
  for (const Case& c : cases) EXPECT_EQ(Matches(c.filter, c.counts), c.matches) << c.what;
}

}  // namespace
}  // namespace openwsus::policy
