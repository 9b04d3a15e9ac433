#include "policy/auto_approval_rule.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "policy/test_groups.h"

namespace openwsus::policy {
namespace {

using namespace testgroups;  // NOLINT: test fixture names

Guid G(const char* text) { return Guid::Parse(text).value(); }
DateTime T(const char* text) { return DateTime::Parse(text).value(); }

// Real WSUS classification ids.
const Guid kSecurityUpdates = G("0fa1201d-4330-4fa8-8ae9-b877473b6441");
const Guid kCriticalUpdates = G("e6cf1350-c01b-414d-a61f-263d14d133b4");
const Guid kDrivers = G("ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0");
const Guid kWindows11 = G("33333333-0000-4000-8000-000000000011");
const Guid kWindows10 = G("33333333-0000-4000-8000-000000000010");
const Guid kOffice = G("33333333-0000-4000-8000-0000000000f1");
const Guid kUpdate = G("44444444-0000-4000-8000-000000000001");

AutoApprovalRule SecurityRule() {
  AutoApprovalRule r;
  r.id = G("55555555-0000-4000-8000-000000000001");
  r.name = "Security to workstations";
  r.enabled = true;
  r.classification_ids = {kSecurityUpdates, kCriticalUpdates};
  r.product_ids = {kWindows11, kWindows10};
  r.group_ids = {kWorkstations, kServers};
  return r;
}

TEST(AutoApprovalRuleTest, MatchingFollowsWsus) {
  struct Case {
    const char* what;
    std::vector<Guid> rule_classes;
    std::vector<Guid> rule_products;
    std::vector<Guid> classes;
    std::vector<Guid> products;
    bool matches;
  };
  const Case cases[] = {
      {"empty rule matches anything", {}, {}, {kDrivers}, {kOffice}, true},
      {"empty rule matches an update without categories", {}, {}, {}, {}, true},
      {"classification and product both match",
       {kSecurityUpdates},
       {kWindows11},
       {kSecurityUpdates},
       {kWindows11},
       true},
      {"one of several listed classifications is enough",
       {kSecurityUpdates, kCriticalUpdates},
       {},
       {kCriticalUpdates},
       {kOffice},
       true},
      {"one shared product among several is enough",
       {},
       {kWindows10, kWindows11},
       {kDrivers},
       {kOffice, kWindows10},
       true},
      {"wrong classification", {kSecurityUpdates}, {}, {kDrivers}, {kWindows11}, false},
      {"wrong product", {}, {kWindows11}, {kSecurityUpdates}, {kOffice}, false},
      {"right classification, wrong product", {kSecurityUpdates}, {kWindows11}, {kSecurityUpdates}, {kOffice}, false},
      {"update without classification against a classification rule", {kSecurityUpdates}, {}, {}, {kWindows11}, false},
  };
  for (const Case& c : cases) {
    AutoApprovalRule r = SecurityRule();
    r.classification_ids = c.rule_classes;
    r.product_ids = c.rule_products;
    EXPECT_EQ(Matches(r, c.classes, c.products), c.matches) << c.what;
  }
  AutoApprovalRule disabled = SecurityRule();
  disabled.enabled = false;
  EXPECT_TRUE(Matches(disabled, std::vector<Guid>{kSecurityUpdates}, std::vector<Guid>{kWindows11}));
}

TEST(AutoApprovalRuleTest, DeadlineIsDaysAfterTheApprovalDayAtTheTimeOfDay) {
  struct Case {
    const char* what;
    RuleDeadline deadline;
    const char* now;
    const char* expected;
  };
  const Case cases[] = {
      {"same day, later", {0, 23 * 60}, "2026-03-10T09:15:00Z", "2026-03-10T23:00:00Z"},
      {"same day, already past: install at once", {0, 60}, "2026-03-10T09:15:00Z", "2026-03-10T01:00:00Z"},
      {"a week at 03:30", {7, 3 * 60 + 30}, "2026-03-10T09:15:00Z", "2026-03-17T03:30:00Z"},
      {"across a 31-day month end", {3, 0}, "2026-01-30T22:00:00Z", "2026-02-02T00:00:00Z"},
      {"across February (not a leap year)", {2, 120}, "2026-02-27T12:00:00Z", "2026-03-01T02:00:00Z"},
      {"across February 29 of a leap year", {2, 120}, "2028-02-28T12:00:00Z", "2028-03-01T02:00:00Z"},
      {"across the year end", {5, 1439}, "2026-12-29T00:00:01Z", "2027-01-03T23:59:00Z"},
      {"just before midnight", {1, 0}, "2026-04-30T23:59:59.9Z", "2026-05-01T00:00:00Z"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DeadlineFor(c.deadline, T(c.now)).ToString(), c.expected) << c.what;
  }
}

TEST(AutoApprovalRuleTest, ApplyApprovesEachGroupForInstall) {
  AutoApprovalRule rule = SecurityRule();
  rule.group_ids.push_back(kWorkstations);  // a duplicate is dropped
  rule.deadline = RuleDeadline{14, 4 * 60};
  const DateTime now = T("2026-05-25T10:00:00Z");
  std::vector<Approval> approvals = Apply(rule, kUpdate, std::vector<Guid>{kSecurityUpdates},
                                          std::vector<Guid>{kWindows10}, now, "rule:Security to workstations");
  ASSERT_EQ(approvals.size(), 2u);
  for (const Approval& a : approvals) {
    EXPECT_EQ(a.update_id, kUpdate);
    EXPECT_EQ(a.action, ApprovalAction::kInstall);
    EXPECT_EQ(a.deadline, T("2026-06-08T04:00:00Z"));
    EXPECT_EQ(a.created, now);
    EXPECT_EQ(a.admin, "rule:Security to workstations");
  }
  EXPECT_EQ(approvals[0].group_id, kWorkstations);
  EXPECT_EQ(approvals[1].group_id, kServers);

  rule.deadline.reset();
  approvals = Apply(rule, kUpdate, std::vector<Guid>{kSecurityUpdates}, std::vector<Guid>{kWindows10}, now, "x");
  EXPECT_FALSE(approvals[0].deadline.has_value());

  EXPECT_TRUE(Apply(rule, kUpdate, std::vector<Guid>{kDrivers}, std::vector<Guid>{kWindows10}, now, "x").empty());
}

TEST(AutoApprovalRuleTest, ApplyRulesRunsEnabledRulesAndKeepsTheStrongerApproval) {
  const DateTime now = T("2026-05-25T10:00:00Z");
  AutoApprovalRule a = SecurityRule();  // Workstations, Servers; no deadline
  AutoApprovalRule b = SecurityRule();
  b.name = "Servers in a week";
  b.group_ids = {kServers, kLab};
  b.deadline = RuleDeadline{7, 0};
  AutoApprovalRule c = SecurityRule();
  c.name = "Disabled, everything now";
  c.enabled = false;
  c.group_ids = {kBench};
  c.deadline = RuleDeadline{0, 0};
  const AutoApprovalRule rules[] = {a, b, c};
  std::vector<Approval> out =
      ApplyRules(rules, kUpdate, std::vector<Guid>{kCriticalUpdates}, std::vector<Guid>{kWindows11}, now, "auto");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].group_id, kWorkstations);
  EXPECT_FALSE(out[0].deadline.has_value());
  EXPECT_EQ(out[1].group_id, kServers);
  EXPECT_EQ(out[1].deadline, T("2026-06-01T00:00:00Z"));  // b's deadline beats a's none
  EXPECT_EQ(out[2].group_id, kLab);
}

TEST(AutoApprovalRuleTest, Validation) {
  const GroupTree tree = Tree();
  struct Case {
    const char* what;
    std::function<void(AutoApprovalRule*)> change;
    const GroupTree* tree;
    StatusCode code;
    const char* message;
  };
  const Case cases[] = {
      {"valid", [](auto*) {}, &tree, StatusCode::kOk, ""},
      {"valid deadline bounds",
       [](auto* r) {
         r->deadline = RuleDeadline{0, 1439};
       },
       &tree, StatusCode::kOk, ""},
      {"no name", [](auto* r) { r->name = " "; }, nullptr, StatusCode::kInvalidArgument,
       "an automatic approval rule needs a name"},
      {"no group", [](auto* r) { r->group_ids.clear(); }, nullptr, StatusCode::kInvalidArgument,
       "rule 'Security to workstations' approves for no group; name at least one"},
      {"nil group", [](auto* r) { r->group_ids.push_back(Guid()); }, nullptr, StatusCode::kInvalidArgument,
       "rule 'Security to workstations' names the nil group id"},
      {"unknown group", [](auto* r) { r->group_ids.push_back(kUpdate); }, &tree, StatusCode::kNotFound,
       "rule 'Security to workstations' names group 44444444-0000-4000-8000-000000000001, which does not exist"},
      {"unknown group, no tree to check", [](auto* r) { r->group_ids.push_back(kUpdate); }, nullptr, StatusCode::kOk,
       ""},
      {"negative days",
       [](auto* r) {
         r->deadline = RuleDeadline{-1, 0};
       },
       nullptr, StatusCode::kInvalidArgument,
       "rule 'Security to workstations': the deadline must be 0 to 3650 days after approval, not -1"},
      {"minutes past the day",
       [](auto* r) {
         r->deadline = RuleDeadline{1, 1440};
       },
       nullptr, StatusCode::kInvalidArgument,
       "rule 'Security to workstations': the deadline's time of day must be 0 to 1439 minutes after midnight, "
       "not 1440"},
  };
  for (const Case& c : cases) {
    AutoApprovalRule r = SecurityRule();
    c.change(&r);
    Status s = ValidateRule(r, c.tree);
    EXPECT_EQ(s.code(), c.code) << c.what << ": " << s.ToString();
    EXPECT_EQ(s.message(), c.message) << c.what;
  }
}

TEST(AutoApprovalOptionsTest, DefaultsAreWsus) {
  AutoApprovalOptions options;
  EXPECT_TRUE(options.approve_new_revisions_of_approved);
  EXPECT_TRUE(options.decline_expired);
}

TEST(AutoApprovalOptionsTest, NewRevisions) {
  AutoApprovalOptions on;
  AutoApprovalOptions off{false, false};
  EXPECT_TRUE(ShouldApproveNewRevision(on, true));
  EXPECT_FALSE(ShouldApproveNewRevision(on, false));
  EXPECT_FALSE(ShouldApproveNewRevision(off, true));
  EXPECT_TRUE(ShouldDeclineExpired(on, "Expired"));
  EXPECT_TRUE(ShouldDeclineExpired(on, "expired"));
  EXPECT_FALSE(ShouldDeclineExpired(on, "Published"));
  EXPECT_FALSE(ShouldDeclineExpired(off, "Expired"));

  using N = NewRevisionAction;
  struct Case {
    AutoApprovalOptions options;
    bool has_approvals;
    const char* state;
    bool declined;
    N expected;
  } cases[] = {
      {on, true, "Published", false, N::kKeepApprovals},
      {on, false, "Published", false, N::kNone},
      {off, true, "Published", false, N::kRemoveApprovals},
      {on, true, "Expired", false, N::kDecline},  // declining comes first
      {on, false, "Expired", false, N::kDecline},
      {on, true, "Expired", true, N::kKeepApprovals},  // already declined: nothing more to decline
      {off, true, "Expired", false, N::kRemoveApprovals},
      {off, false, "Expired", false, N::kNone},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DecideNewRevision(c.options, c.has_approvals, c.state, c.declined), c.expected)
        << c.has_approvals << " " << c.state << " " << c.declined;
  }
}

}  // namespace
}  // namespace openwsus::policy
