#include "policy/approval_checks.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace openwsus::policy {
namespace {

using A = ApprovalAction;

const DateTime kPast = DateTime::FromUnixSeconds(1'000'000'000);    // 2001
const DateTime kFuture = DateTime::FromUnixSeconds(4'000'000'000);  // 2096

ApprovalFacts Plain() {
  ApprovalFacts f;
  f.update_id = Guid::Parse("22222222-0000-4000-8000-000000000001").value();
  f.can_uninstall = true;
  return f;
}

struct Case {
  const char* what;
  std::function<void(ApprovalFacts*)> facts;
  A action;
  std::optional<DateTime> deadline;
  StatusCode code;
  const char* message;  // '@' at the start stands for "update <id>"
};

TEST(ApprovalChecksTest, Table) {
  const std::string id = "update 22222222-0000-4000-8000-000000000001";
  auto none = [](ApprovalFacts*) {};
  const Case cases[] = {
      {"install", none, A::kInstall, std::nullopt, StatusCode::kOk, ""},
      {"install with a future deadline", none, A::kInstall, kFuture, StatusCode::kOk, ""},
      {"a past deadline means install now", none, A::kInstall, kPast, StatusCode::kOk, ""},
      {"optional install", none, A::kOptionalInstall, std::nullopt, StatusCode::kOk, ""},
      {"uninstall with a deadline", none, A::kUninstall, kFuture, StatusCode::kOk, ""},
      {"not approved", none, A::kNotApproved, std::nullopt, StatusCode::kOk, ""},
      {"driver", [](auto* f) { f->type = catalog::UpdateType::kDriver; }, A::kInstall, std::nullopt, StatusCode::kOk,
       ""},
      {"category", [](auto* f) { f->type = catalog::UpdateType::kCategory; }, A::kInstall, std::nullopt,
       StatusCode::kInvalidArgument, "@ is a Category; only software and driver updates are approved"},
      {"detectoid, even not-approved", [](auto* f) { f->type = catalog::UpdateType::kDetectoid; }, A::kNotApproved,
       std::nullopt, StatusCode::kInvalidArgument, "@ is a Detectoid; only software and driver updates are approved"},
      {"not approved with a deadline", none, A::kNotApproved, kFuture, StatusCode::kInvalidArgument,
       "a not-approved update has nothing to do by a deadline; drop the deadline"},
      {"optional install with a deadline", none, A::kOptionalInstall, kFuture, StatusCode::kInvalidArgument,
       "an optional install is the user's choice and takes no deadline"},
      {"declined", [](auto* f) { f->declined = true; }, A::kInstall, std::nullopt, StatusCode::kFailedPrecondition,
       "@ is declined; reinstate it before approving it"},
      {"declined, uninstall", [](auto* f) { f->declined = true; }, A::kUninstall, std::nullopt,
       StatusCode::kFailedPrecondition, "@ is declined; reinstate it before approving it"},
      {"declined, not approved is harmless", [](auto* f) { f->declined = true; }, A::kNotApproved, std::nullopt,
       StatusCode::kOk, ""},
      {"cannot be removed", [](auto* f) { f->can_uninstall = false; }, A::kUninstall, std::nullopt,
       StatusCode::kFailedPrecondition, "@ does not support removal, so it cannot be approved for uninstall"},
      {"cannot be removed, install is fine", [](auto* f) { f->can_uninstall = false; }, A::kInstall, std::nullopt,
       StatusCode::kOk, ""},
      {"licence not accepted", [](auto* f) { f->has_eula = true; }, A::kInstall, std::nullopt,
       StatusCode::kFailedPrecondition, "@ has a licence agreement that must be accepted before it is approved"},
      {"licence not accepted, optional", [](auto* f) { f->has_eula = true; }, A::kOptionalInstall, std::nullopt,
       StatusCode::kFailedPrecondition, "@ has a licence agreement that must be accepted before it is approved"},
      {"licence accepted", [](auto* f) { f->has_eula = f->eula_accepted = true; }, A::kInstall, std::nullopt,
       StatusCode::kOk, ""},
      {"licence not accepted, uninstall needs none", [](auto* f) { f->has_eula = true; }, A::kUninstall, std::nullopt,
       StatusCode::kOk, ""},
      {"expired", [](auto* f) { f->expired = true; }, A::kInstall, std::nullopt, StatusCode::kFailedPrecondition,
       "@ has expired; an expired update can only be approved for uninstall"},
      {"expired, uninstall", [](auto* f) { f->expired = true; }, A::kUninstall, std::nullopt, StatusCode::kOk, ""},
      {"user input and a deadline", [](auto* f) { f->install_may_request_user_input = true; }, A::kInstall, kFuture,
       StatusCode::kFailedPrecondition, "@ may ask the user for input, so it takes no installation deadline"},
      {"user input, no deadline", [](auto* f) { f->install_may_request_user_input = true; }, A::kInstall, std::nullopt,
       StatusCode::kOk, ""},
      {"user input on removal and a deadline", [](auto* f) { f->uninstall_may_request_user_input = true; },
       A::kUninstall, kFuture, StatusCode::kFailedPrecondition,
       "@ may ask the user for input while it is removed, so it takes no deadline"},
  };
  for (const Case& c : cases) {
    ApprovalFacts facts = Plain();
    c.facts(&facts);
    Status s = CheckApproval(facts, c.action, c.deadline);
    EXPECT_EQ(s.code(), c.code) << c.what << ": " << s.ToString();
    if (c.code == StatusCode::kOk) continue;
    std::string expected = c.message;
    if (expected.rfind("@", 0) == 0) expected.replace(0, 1, id);
    EXPECT_EQ(s.message(), expected) << c.what;
  }
}

TEST(ApprovalChecksTest, FactsFromAnUpdateDocument) {
  catalog::Update u;
  u.identity.update_id = Guid::Parse("22222222-0000-4000-8000-000000000002").value();
  u.type = catalog::UpdateType::kDriver;
  u.publication_state = "Expired";
  u.has_eula = true;
  u.install_behavior = catalog::Behavior{};
  u.install_behavior->can_request_user_input = true;
  ApprovalFacts f = ApprovalFacts::FromUpdate(u, /*declined=*/true, /*eula_accepted=*/false);
  EXPECT_EQ(f.update_id, u.identity.update_id);
  EXPECT_EQ(f.type, catalog::UpdateType::kDriver);
  EXPECT_TRUE(f.declined);
  EXPECT_FALSE(f.can_uninstall);
  EXPECT_TRUE(f.expired);
  EXPECT_TRUE(f.has_eula);
  EXPECT_FALSE(f.eula_accepted);
  EXPECT_TRUE(f.install_may_request_user_input);
  EXPECT_FALSE(f.uninstall_may_request_user_input);

  u.publication_state = "Published";
  u.uninstall_behavior = catalog::Behavior{};
  f = ApprovalFacts::FromUpdate(u, false, true);
  EXPECT_FALSE(f.expired);
  EXPECT_TRUE(f.can_uninstall);
  EXPECT_TRUE(f.eula_accepted);
}

}  // namespace
}  // namespace openwsus::policy
