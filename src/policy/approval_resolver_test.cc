#include "policy/approval_resolver.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "policy/test_groups.h"

namespace openwsus::policy {
namespace {

using namespace testgroups;  // NOLINT: test fixture names
using A = ApprovalAction;

const Guid kUpdate = Guid::Parse("11111111-0000-4000-8000-000000000001").value();
const Guid kBundle = Guid::Parse("11111111-0000-4000-8000-0000000000b1").value();
const Guid kBundle2 = Guid::Parse("11111111-0000-4000-8000-0000000000b2").value();

DateTime Day(int d) { return DateTime::FromUnixSeconds(1'767'225'600 + int64_t{d} * 86'400); }  // 2026-01-01 + d

Approval Row(const Guid& group, A action, std::optional<DateTime> deadline = std::nullopt,
             const Guid& update = kUpdate) {
  return Approval{update, group, action, deadline, Day(0), "admin"};
}

std::string Describe(const EffectiveApproval& e) {
  std::string s(ApprovalActionName(e.action));
  if (e.approval) s += " from " + e.approval->group_id.ToString();
  if (e.deadline()) s += " by " + e.deadline()->ToString();
  return s;
}

class ApprovalResolverTest : public ::testing::Test {
 protected:
  EffectiveApproval ForGroup(const Guid& group, const std::vector<Approval>& rows) {
    auto r = resolver_.ForGroup(group, rows);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : EffectiveApproval{};
  }
  // `assigned`: the computer's custom groups.
  EffectiveApproval ForComputer(const std::vector<Guid>& assigned, const std::vector<Approval>& rows) {
    auto r = resolver_.ForComputer(tree_.EffectiveGroups(assigned), rows);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : EffectiveApproval{};
  }

  GroupTree tree_ = Tree();
  ApprovalResolver resolver_{&tree_};
};

TEST(ApprovalTest, ActionNamesRoundTrip) {
  for (A a : {A::kNotApproved, A::kInstall, A::kOptionalInstall, A::kUninstall}) {
    EXPECT_EQ(*ParseApprovalAction(ApprovalActionName(a)), a);
  }
  EXPECT_EQ(ApprovalActionName(A::kOptionalInstall), "optional-install");
  EXPECT_EQ(*ParseApprovalAction("NotApproved"), A::kNotApproved);  // PowerShell spelling
  EXPECT_EQ(*ParseApprovalAction("INSTALL"), A::kInstall);
  EXPECT_EQ(ParseApprovalAction("decline").status().message(),
            "unknown approval action 'decline' (expected one of: not-approved, install, optional-install, "
            "uninstall)");
  // Stored numbers.
  EXPECT_EQ(static_cast<int>(A::kNotApproved), 0);
  EXPECT_EQ(static_cast<int>(A::kInstall), 1);
  EXPECT_EQ(static_cast<int>(A::kOptionalInstall), 2);
  EXPECT_EQ(static_cast<int>(A::kUninstall), 3);
}

// Rule 1 for one group: walk up, the first explicit row decides.
TEST_F(ApprovalResolverTest, GroupInheritance) {
  struct Case {
    const char* what;
    Guid group;
    std::vector<Approval> rows;
    A action;
    std::optional<Guid> from;  // the deciding row's group
  };
  const Case cases[] = {
      {"nothing anywhere", kBench, {}, A::kNotApproved, std::nullopt},
      {"root approval reaches the deepest group",
       kBench,
       {Row(kAllComputersId, A::kInstall)},
       A::kInstall,
       kAllComputersId},
      {"parent approval applies to child", kLab, {Row(kWorkstations, A::kInstall)}, A::kInstall, kWorkstations},
      {"child overrides parent",
       kBench,
       {Row(kWorkstations, A::kInstall), Row(kBench, A::kUninstall)},
       A::kUninstall,
       kBench},
      {"nearest ancestor wins",
       kBench,
       {Row(kAllComputersId, A::kUninstall), Row(kWorkstations, A::kOptionalInstall), Row(kLab, A::kInstall)},
       A::kInstall,
       kLab},
      {"explicit not-approved in a child blocks the parent",
       kLab,
       {Row(kWorkstations, A::kInstall), Row(kLab, A::kNotApproved)},
       A::kNotApproved,
       kLab},
      {"the block reaches the grandchild",
       kBench,
       {Row(kWorkstations, A::kInstall), Row(kLab, A::kNotApproved)},
       A::kNotApproved,
       kLab},
      {"the block does not reach the parent",
       kWorkstations,
       {Row(kWorkstations, A::kInstall), Row(kLab, A::kNotApproved)},
       A::kInstall,
       kWorkstations},
      {"a sibling branch is unaffected", kServers, {Row(kWorkstations, A::kInstall)}, A::kNotApproved, std::nullopt},
      {"rows for unknown groups are ignored",
       kServers,
       {Row(Guid::Parse("99999999-0000-4000-8000-000000000000").value(), A::kInstall)},
       A::kNotApproved,
       std::nullopt},
  };
  for (const Case& c : cases) {
    EffectiveApproval e = ForGroup(c.group, c.rows);
    EXPECT_EQ(e.action, c.action) << c.what << ": " << Describe(e);
    EXPECT_EQ(e.approval ? std::optional<Guid>(e.approval->group_id) : std::nullopt, c.from) << c.what;
    EXPECT_EQ(e.via_group, c.group) << c.what;
    EXPECT_EQ(e.inherited(), c.from.has_value() && *c.from != c.group) << c.what;
  }
}

TEST_F(ApprovalResolverTest, DeadlineTravelsWithTheInheritedRow) {
  EffectiveApproval e = ForGroup(kBench, {Row(kWorkstations, A::kInstall, Day(7))});
  EXPECT_EQ(e.deadline(), Day(7));
  EXPECT_TRUE(e.inherited());
}

TEST_F(ApprovalResolverTest, ErrorsAreValues) {
  std::vector<Approval> rows{Row(kLab, A::kInstall)};
  EXPECT_EQ(resolver_.ForGroup(Guid::Parse("99999999-0000-4000-8000-000000000000").value(), rows).status().code(),
            StatusCode::kNotFound);
  rows.push_back(Row(kServers, A::kInstall, std::nullopt, kBundle));
  auto mixed = resolver_.ForGroup(kLab, rows);
  EXPECT_EQ(mixed.status().code(), StatusCode::kInvalidArgument);
  std::vector<Guid> groups{Guid::Parse("99999999-0000-4000-8000-000000000000").value()};
  EXPECT_EQ(resolver_.ForComputer(groups, {}).status().code(), StatusCode::kNotFound);
}

// Rule 2 for a computer in several groups.
TEST_F(ApprovalResolverTest, ComputerConflicts) {
  struct Case {
    const char* what;
    std::vector<Guid> assigned;
    std::vector<Approval> rows;
    A action;
    std::optional<DateTime> deadline;
    std::optional<Guid> via;
  };
  const Case cases[] = {
      {"unassigned computer gets the All Computers approval",
       {},
       {Row(kAllComputersId, A::kInstall)},
       A::kInstall,
       std::nullopt,
       kUnassignedComputersId},
      {"unassigned computer gets Unassigned's own approval",
       {},
       {Row(kUnassignedComputersId, A::kInstall, Day(3)), Row(kAllComputersId, A::kUninstall)},
       A::kInstall,
       Day(3),
       kUnassignedComputersId},
      {"unassigned computer and a custom group's approval",
       {},
       {Row(kWorkstations, A::kInstall)},
       A::kNotApproved,
       std::nullopt,
       std::nullopt},
      {"single group inherits from its parent",
       {kBench},
       {Row(kWorkstations, A::kInstall)},
       A::kInstall,
       std::nullopt,
       kBench},
      {"explicit not-approved in a child beats All Computers",
       {kLab},
       {Row(kAllComputersId, A::kInstall), Row(kLab, A::kNotApproved)},
       A::kNotApproved,
       std::nullopt,
       kLab},
      {"install beats uninstall across groups",
       {kWorkstations, kServers},
       {Row(kWorkstations, A::kUninstall), Row(kServers, A::kInstall)},
       A::kInstall,
       std::nullopt,
       kServers},
      {"install beats uninstall, order of groups irrelevant",
       {kServers, kWorkstations},
       {Row(kWorkstations, A::kInstall), Row(kServers, A::kUninstall)},
       A::kInstall,
       std::nullopt,
       kWorkstations},
      {"required beats optional",
       {kWorkstations, kServers},
       {Row(kWorkstations, A::kOptionalInstall), Row(kServers, A::kInstall)},
       A::kInstall,
       std::nullopt,
       kServers},
      {"optional beats uninstall",
       {kWorkstations, kServers},
       {Row(kWorkstations, A::kOptionalInstall), Row(kServers, A::kUninstall, Day(1))},
       A::kOptionalInstall,
       std::nullopt,
       kWorkstations},
      {"a deadline beats none",
       {kWorkstations, kServers},
       {Row(kWorkstations, A::kInstall), Row(kServers, A::kInstall, Day(30))},
       A::kInstall,
       Day(30),
       kServers},
      {"the earlier deadline wins",
       {kWorkstations, kServers},
       {Row(kWorkstations, A::kInstall, Day(5)), Row(kServers, A::kInstall, Day(30))},
       A::kInstall,
       Day(5),
       kWorkstations},
      {"action comes before deadline",
       {kWorkstations, kServers},
       {Row(kWorkstations, A::kUninstall, Day(1)), Row(kServers, A::kInstall)},
       A::kInstall,
       std::nullopt,
       kServers},
      {"not-approved never wins over an approval",
       {kLab, kServers},
       {Row(kLab, A::kNotApproved), Row(kServers, A::kUninstall)},
       A::kUninstall,
       std::nullopt,
       kServers},
      {"a deeper group wins over a shallower one",
       {kLab, kServers},
       {Row(kLab, A::kUninstall), Row(kServers, A::kInstall, Day(1))},
       A::kUninstall,
       std::nullopt,
       kLab},
      {"depth counts the computer's group, not the row's",
       {kBench, kServers},
       {Row(kWorkstations, A::kOptionalInstall), Row(kServers, A::kInstall)},
       A::kOptionalInstall,
       std::nullopt,
       kBench},
      {"a group and its own ancestor: the deeper decision stands",
       {kWorkstations, kLab},
       {Row(kWorkstations, A::kInstall), Row(kLab, A::kNotApproved)},
       A::kNotApproved,
       std::nullopt,
       kLab},
      {"a group and its own ancestor, both approved",
       {kWorkstations, kBench},
       {Row(kWorkstations, A::kInstall), Row(kBench, A::kUninstall)},
       A::kUninstall,
       std::nullopt,
       kBench},
      {"three deep, everything at once",
       {kBench, kServers},
       {Row(kAllComputersId, A::kInstall, Day(9)), Row(kLab, A::kInstall, Day(2)), Row(kServers, A::kInstall, Day(1))},
       A::kInstall,
       Day(2),
       kBench},
  };
  for (const Case& c : cases) {
    EffectiveApproval e = ForComputer(c.assigned, c.rows);
    EXPECT_EQ(e.action, c.action) << c.what << ": " << Describe(e);
    EXPECT_EQ(e.deadline(), c.deadline) << c.what << ": " << Describe(e);
    EXPECT_EQ(e.via_group, c.via) << c.what << ": " << Describe(e);
  }
}

TEST_F(ApprovalResolverTest, NotApprovedReportsTheBlockingRow) {
  EffectiveApproval e = ForComputer({kBench}, {Row(kAllComputersId, A::kInstall), Row(kLab, A::kNotApproved)});
  EXPECT_FALSE(e.approved());
  ASSERT_TRUE(e.approval.has_value());
  EXPECT_EQ(e.approval->group_id, kLab);
  EXPECT_EQ(e.via_group, kBench);
}

TEST_F(ApprovalResolverTest, CombineMatchesForComputer) {
  const std::vector<Approval> rows{Row(kWorkstations, A::kUninstall), Row(kServers, A::kInstall, Day(4))};
  const std::vector<Guid> groups = tree_.EffectiveGroups({kLab, kServers});
  std::vector<EffectiveApproval> per_group;
  for (const Guid& g : groups) per_group.push_back(*resolver_.ForGroup(g, rows));
  EffectiveApproval combined = resolver_.Combine(per_group);
  EffectiveApproval direct = *resolver_.ForComputer(groups, rows);
  EXPECT_EQ(combined.action, direct.action);
  EXPECT_EQ(combined.via_group, direct.via_group);
  EXPECT_EQ(combined.action, A::kUninstall);  // Lab (depth 2) beats Servers (depth 1)
}

TEST(ApprovalResolverOrderTest, OutranksIsAStrictOrder) {
  const Guid g = kLab;
  std::vector<Approval> all;
  for (A a : {A::kNotApproved, A::kUninstall, A::kOptionalInstall, A::kInstall}) {
    all.push_back(Row(g, a));
    all.push_back(Row(g, a, Day(10)));
    all.push_back(Row(g, a, Day(2)));
  }
  for (const Approval& x : all) {
    EXPECT_FALSE(ApprovalResolver::Outranks(x, x));
    for (const Approval& y : all) {
      EXPECT_FALSE(ApprovalResolver::Outranks(x, y) && ApprovalResolver::Outranks(y, x));
    }
  }
  EXPECT_TRUE(ApprovalResolver::Outranks(Row(g, A::kInstall), Row(g, A::kOptionalInstall, Day(1))));
  EXPECT_TRUE(ApprovalResolver::Outranks(Row(g, A::kUninstall, Day(1)), Row(g, A::kUninstall)));
  EXPECT_TRUE(ApprovalResolver::Outranks(Row(g, A::kUninstall, Day(1)), Row(g, A::kUninstall, Day(2))));
}

TEST_F(ApprovalResolverTest, BundleMemberCoverage) {
  auto group_result = [&](const Guid& update, std::vector<Approval> rows) {
    for (Approval& r : rows) r.update_id = update;
    return ForGroup(kLab, rows);
  };
  const EffectiveApproval member_none = group_result(kUpdate, {});
  const EffectiveApproval member_blocked = group_result(kUpdate, {Row(kLab, A::kNotApproved)});
  const EffectiveApproval member_uninstall = group_result(kUpdate, {Row(kWorkstations, A::kUninstall)});
  const EffectiveApproval bundle_install = group_result(kBundle, {Row(kAllComputersId, A::kInstall, Day(8))});
  const EffectiveApproval bundle_install_sooner = group_result(kBundle2, {Row(kLab, A::kInstall, Day(2))});
  const EffectiveApproval bundle_none = group_result(kBundle2, {});

  struct Case {
    const char* what;
    EffectiveApproval own;
    std::vector<EffectiveApproval> bundles;
    A action;
    bool from_bundle;
    std::optional<Guid> approval_update;
  };
  const Case cases[] = {
      {"no bundles", member_none, {}, A::kNotApproved, false, std::nullopt},
      {"unapproved bundle", member_none, {bundle_none}, A::kNotApproved, false, std::nullopt},
      {"covered by the bundle", member_none, {bundle_install}, A::kInstall, true, kBundle},
      {"an explicit not-approved member is still covered",
       member_blocked,
       {bundle_install},
       A::kInstall,
       true,
       kBundle},
      {"own approval wins over the bundle's", member_uninstall, {bundle_install}, A::kUninstall, false, kUpdate},
      {"the stronger bundle approval applies",
       member_none,
       {bundle_install, bundle_none, bundle_install_sooner},
       A::kInstall,
       true,
       kBundle2},
  };
  for (const Case& c : cases) {
    EffectiveApproval e = EffectiveBundleMemberApproval(c.own, c.bundles);
    EXPECT_EQ(e.action, c.action) << c.what;
    EXPECT_EQ(e.from_bundle, c.from_bundle) << c.what;
    EXPECT_EQ(e.approval && e.approved() ? std::optional<Guid>(e.approval->update_id) : std::nullopt, c.approval_update)
        << c.what;
  }
}

}  // namespace
}  // namespace openwsus::policy
