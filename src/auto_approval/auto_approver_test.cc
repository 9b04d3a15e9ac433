#include "auto_approval/auto_approver.h"

#include <gtest/gtest.h>

#include "catalog/test_documents.h"
#include "catalog/update_parser.h"
#include "policy/target_group.h"
#include "store/open_store.h"
#include "testing/test_support.h"

namespace openwsus::auto_approval {
namespace {

constexpr char kBundleId[] = "11111111-2222-3333-4444-555555555555";

class AutoApproverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(store::OpenStore(store::SqliteUrl(dir_.path() + "/db.sqlite"))).value();
    workstations_ = {Guid::Random(), "Workstations", policy::kAllComputersId};
    ASSERT_TRUE(store_->AddGroup(workstations_).ok());
    // Rules match classifications the catalog knows.
    Import(catalog::testdocs::kSecurityUpdatesClassification);
  }

  store::ImportTransaction::Outcome Import(const std::string& xml) {
    auto txn = std::move(store_->BeginImport()).value();
    auto outcome = txn->Add(*catalog::ParseUpdate(xml), xml);
    EXPECT_TRUE(txn->Commit().ok());
    return *outcome;
  }

  std::string Revision(int number, const std::string& state = "Published") {
    std::string doc = catalog::testdocs::kBundle;
    doc.replace(doc.find("RevisionNumber=\"201\""), 20, "RevisionNumber=\"" + std::to_string(number) + "\"");
    doc.replace(doc.find("PublicationState=\"Published\""), 28, "PublicationState=\"" + state + "\"");
    return doc;
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<store::Store> store_;
  policy::TargetGroup workstations_;
  Guid bundle_ = *Guid::Parse(kBundleId);
};

TEST_F(AutoApproverTest, RulesApproveNewUpdatesOfTheirClassification) {
  policy::AutoApprovalRule rule{Guid::Random(),
                                "security",
                                true,
                                {*Guid::Parse("0fa1201d-4330-4fa8-8ae9-b877473b6441")},
                                {},
                                {workstations_.id},
                                policy::RuleDeadline{2, 180}};
  ASSERT_TRUE(store_->SaveRule(rule).ok());
  ASSERT_EQ(Import(Revision(100)), store::ImportTransaction::Outcome::kAdded);
  auto now = *DateTime::Parse("2026-11-25T10:00:00Z");
  auto report = ApplyToNewRevisions(store_.get(), {{bundle_, true, "Published"}}, now, "local import");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->approvals, 1);
  auto approvals = store_->ListApprovalsForUpdate(bundle_);
  ASSERT_EQ(approvals->size(), 1u);
  EXPECT_EQ((*approvals)[0].group_id, workstations_.id);
  EXPECT_EQ((*approvals)[0].deadline->ToString(), "2026-11-27T03:00:00Z");
  EXPECT_EQ(store_->ListAudit(1)->front().action, "update.auto-approve");
}

TEST_F(AutoApproverTest, DisabledRulesAndOtherClassificationsApproveNothing) {
  policy::AutoApprovalRule other{Guid::Random(), "drivers", true, {Guid::Random()}, {}, {workstations_.id}, {}};
  policy::AutoApprovalRule off{Guid::Random(), "off", false, {}, {}, {workstations_.id}, {}};
  ASSERT_TRUE(store_->SaveRule(other).ok());
  ASSERT_TRUE(store_->SaveRule(off).ok());
  Import(Revision(100));
  auto report = ApplyToNewRevisions(store_.get(), {{bundle_, true, "Published"}}, DateTime::Now(), "t");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->approvals, 0);
  EXPECT_TRUE(store_->ListApprovalsForUpdate(bundle_)->empty());
}

TEST_F(AutoApproverTest, ExpiredRevisionDeclinesAndOptionsAreHonoured) {
  Import(Revision(100));
  policy::Approval approval{bundle_, workstations_.id, policy::ApprovalAction::kInstall, {}, DateTime::Now(), "a"};
  ASSERT_TRUE(store_->SetApproval(approval).ok());

  // A new published revision keeps the approvals (the default option).
  ASSERT_EQ(Import(Revision(101)), store::ImportTransaction::Outcome::kAddedRevision);
  ASSERT_TRUE(ApplyToNewRevisions(store_.get(), {{bundle_, false, "Published"}}, DateTime::Now(), "t").ok());
  EXPECT_EQ(store_->ListApprovalsForUpdate(bundle_)->size(), 1u);

  // With the option off, the new revision starts unapproved.
  ASSERT_TRUE(store_->SetSetting("auto_approval.approve_new_revisions", "false").ok());
  Import(Revision(102));
  auto removed = ApplyToNewRevisions(store_.get(), {{bundle_, false, "Published"}}, DateTime::Now(), "t");
  EXPECT_EQ(removed->approvals_removed, 1);
  EXPECT_TRUE(store_->ListApprovalsForUpdate(bundle_)->empty());

  // An expiring revision declines the update.
  Import(Revision(103, "Expired"));
  auto expired = ApplyToNewRevisions(store_.get(), {{bundle_, false, "Expired"}}, DateTime::Now(), "t");
  EXPECT_EQ(expired->declined, 1);
  EXPECT_EQ(*store_->ListDeclined(), std::vector<Guid>{bundle_});
}

}  // namespace
}  // namespace openwsus::auto_approval
