// The scan snapshot (CatalogIndex, PolicyIndex) and SyncPlanner on the small
// catalog of test_catalog.h: IsLeaf, the staged walk, paging, out-of-scope
// and changed updates, deployments per group, category filters, drivers,
// printers and RefreshCache.
#include "wusp/sync_planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "policy/target_group.h"
#include "snapshot/catalog_index.h"
#include "snapshot/policy_index.h"
#include "snapshot/test_catalog.h"

namespace openwsus::wusp {
namespace {

namespace tc = snapshot::testcatalog;

DateTime At(const char* text) { return *DateTime::Parse(text); }

class SyncPlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto catalog = snapshot::CatalogIndex::FromRevisions(tc::Revisions());
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    catalog_ = *catalog;
    Rebuild();
  }

  void Rebuild() {
    snapshot::PolicyIndex::Inputs in = inputs_;
    auto policy = snapshot::PolicyIndex::FromInputs(std::move(in), catalog_);
    ASSERT_TRUE(policy.ok()) << policy.status().ToString();
    policy_ = *policy;
  }

  int32_t Rid(const char* update_id) const {
    return catalog_->at(*catalog_->FindUpdate(*Guid::Parse(update_id))).revision_id;
  }
  uint32_t Entry(const char* update_id) const { return *catalog_->FindUpdate(*Guid::Parse(update_id)); }

  void Approve(const char* update, const Guid& group, policy::ApprovalAction action, const char* created,
               std::optional<DateTime> deadline = std::nullopt) {
    policy::Approval a{*Guid::Parse(update), group, action, deadline, At(created), "test"};
    a.deployment_id = policy::kFirstDeploymentId + static_cast<int32_t>(inputs_.approvals.size());
    inputs_.approvals.push_back(a);
    Rebuild();
  }

  SyncPlan Plan(SyncRequest request, const Guid& computer = Guid()) const {
    return PlanSync(*policy_, policy_->GroupsOf(computer, requested_), request);
  }

  // The revision ids of the plan's NewUpdates, in order.
  static std::vector<int32_t> NewIds(const SyncPlan& plan, const snapshot::CatalogIndex& catalog) {
    std::vector<int32_t> ids;
    for (const PlannedUpdate& p : plan.new_updates) ids.push_back(catalog.at(p.entry).revision_id);
    return ids;
  }
  std::vector<int32_t> NewIds(const SyncPlan& plan) const { return NewIds(plan, *catalog_); }

  // Runs the client's loop: installs every non-leaf it gets, caches the rest.
  std::vector<std::vector<int32_t>> Walk(SyncRequest request) const {
    std::vector<std::vector<int32_t>> rounds;
    for (int round = 0; round < 20; ++round) {
      SyncPlan plan = Plan(request);
      rounds.push_back(NewIds(plan));
      bool non_leaf = false;
      for (const PlannedUpdate& p : plan.new_updates) {
        bool leaf = catalog_->at(p.entry).is_leaf;
        non_leaf = non_leaf || !leaf;
        (leaf ? request.other_cached : request.installed_non_leaf).push_back(catalog_->at(p.entry).revision_id);
      }
      if (!plan.truncated && !non_leaf) break;
    }
    return rounds;
  }

  std::shared_ptr<const snapshot::CatalogIndex> catalog_;
  std::shared_ptr<const snapshot::PolicyIndex> policy_;
  snapshot::PolicyIndex::Inputs inputs_{
      policy::GroupTree::BuiltIn().Groups(), {},           {},           {},
      policy::TargetingMode::kServerSide,    std::nullopt, std::nullopt, At("2026-11-01T00:00:00Z")};
  std::vector<std::string> requested_;
};

TEST_F(SyncPlannerTest, IsLeafIsFalseExactlyForWhatPrerequisitesName) {
  for (const char* id : {tc::kC, tc::kF, tc::kP, tc::kK, tc::kD}) {
    EXPECT_FALSE(catalog_->at(Entry(id)).is_leaf) << id;
  }
  // Bundles and their members are leaves; so is a detectoid nothing needs.
  for (const char* id : {tc::kD2, tc::kA, tc::kB, tc::kM1, tc::kM2, tc::kS, tc::kX, tc::kY}) {
    EXPECT_TRUE(catalog_->at(Entry(id)).is_leaf) << id;
  }
  EXPECT_EQ(catalog_->at(Entry(tc::kM1)).bundled_by, std::vector<uint32_t>{Entry(tc::kB)});
  EXPECT_EQ(catalog_->at(Entry(tc::kA)).superseded_by, std::vector<uint32_t>{Entry(tc::kS)});
}

TEST_F(SyncPlannerTest, PrerequisiteChainsArriveOneLevelPerCall) {
  auto rounds = Walk({});
  ASSERT_EQ(rounds.size(), 4u);
  // Roots first: company, classification, detectoid. Then what they gate,
  // the non-leaf family before the leaf detectoid D2.
  EXPECT_EQ(rounds[0], (std::vector<int32_t>{Rid(tc::kC), Rid(tc::kK), Rid(tc::kD)}));
  EXPECT_EQ(rounds[1], (std::vector<int32_t>{Rid(tc::kF), Rid(tc::kD2)}));
  EXPECT_EQ(rounds[2], (std::vector<int32_t>{Rid(tc::kP)}));
  // Software needs the product installed; drivers never come in the software pass.
  EXPECT_EQ(rounds[3], (std::vector<int32_t>{Rid(tc::kA), Rid(tc::kB), Rid(tc::kM1), Rid(tc::kM2), Rid(tc::kS)}));
}

TEST_F(SyncPlannerTest, OtherCachedIdsNeverSatisfyAPrerequisite) {
  SyncRequest request;
  request.installed_non_leaf = {Rid(tc::kC), Rid(tc::kF), Rid(tc::kK)};
  request.other_cached = {Rid(tc::kD), Rid(tc::kP)};  // evaluated not installed
  SyncPlan plan = Plan(request);
  EXPECT_TRUE(plan.new_updates.empty());
  EXPECT_EQ(plan.out_of_scope, std::vector<int32_t>{}) << "still deliverable, so still in scope";
}

TEST_F(SyncPlannerTest, PagesAreFullUntilTheLastAndTruncatedSaysMore) {
  SyncRequest request;
  request.installed_non_leaf = {Rid(tc::kC), Rid(tc::kF), Rid(tc::kP), Rid(tc::kK), Rid(tc::kD)};
  request.page_size = 2;
  auto rounds = Walk(request);
  ASSERT_EQ(rounds.size(), 3u);
  EXPECT_EQ(rounds[0].size(), 2u);
  EXPECT_EQ(rounds[1].size(), 2u);
  EXPECT_EQ(rounds[2].size(), 2u);
  // Exactly a full page left: Truncated is false, and nothing comes after.
  request.installed_non_leaf.push_back(Rid(tc::kD2));
  request.other_cached = {Rid(tc::kA), Rid(tc::kB), Rid(tc::kM1)};
  SyncPlan plan = Plan(request);
  EXPECT_EQ(NewIds(plan), (std::vector<int32_t>{Rid(tc::kM2), Rid(tc::kS)}));
  EXPECT_FALSE(plan.truncated);
  request.page_size = 1;
  plan = Plan(request);
  EXPECT_EQ(plan.new_updates.size(), 1u);
  EXPECT_TRUE(plan.truncated);
}

TEST_F(SyncPlannerTest, CachedIdsOutOfScopeAreSaidSo) {
  inputs_.declined = {*Guid::Parse(tc::kA)};
  Rebuild();
  SyncRequest request;
  request.installed_non_leaf = {Rid(tc::kC), Rid(tc::kF), Rid(tc::kP), Rid(tc::kK), Rid(tc::kD)};
  // Declined, unknown, forged, repeated; and M1 whose product is not installed any more.
  request.other_cached = {Rid(tc::kA), 99999, -5, 99999, Rid(tc::kB)};
  SyncPlan plan = Plan(request);
  EXPECT_EQ(plan.out_of_scope, (std::vector<int32_t>{Rid(tc::kA), 99999, -5}));
  for (const PlannedUpdate& p : plan.new_updates) EXPECT_NE(catalog_->at(p.entry).revision_id, Rid(tc::kA));

  request.installed_non_leaf = {Rid(tc::kC), Rid(tc::kF), Rid(tc::kK), Rid(tc::kD)};
  request.other_cached = {Rid(tc::kM1)};
  plan = Plan(request);
  EXPECT_EQ(plan.out_of_scope, std::vector<int32_t>{Rid(tc::kM1)}) << "gated out by its prerequisite";
}

TEST_F(SyncPlannerTest, DeploymentsFollowApprovalsAndBundles) {
  Approve(tc::kB, policy::kAllComputersId, policy::ApprovalAction::kInstall, "2026-11-02T00:00:00Z",
          At("2026-12-24T18:00:00Z"));
  Approve(tc::kS, policy::kAllComputersId, policy::ApprovalAction::kUninstall, "2026-11-02T00:00:00Z");
  snapshot::ComputerGroups computer = policy_->GroupsOf(Guid::Random(), {});
  snapshot::Deployment b = policy_->DeploymentFor(Entry(tc::kB), computer);
  EXPECT_EQ(b.action, snapshot::DeploymentAction::kInstall);
  EXPECT_EQ(b.id, policy::kFirstDeploymentId);
  ASSERT_TRUE(b.deadline.has_value());
  EXPECT_EQ(b.deadline->ToString(), "2026-12-24T18:00:00Z");
  EXPECT_EQ(policy_->DeploymentFor(Entry(tc::kM1), computer).action, snapshot::DeploymentAction::kBundle);
  EXPECT_EQ(policy_->DeploymentFor(Entry(tc::kS), computer).action, snapshot::DeploymentAction::kUninstall);
  snapshot::Deployment a = policy_->DeploymentFor(Entry(tc::kA), computer);
  EXPECT_EQ(a.action, snapshot::DeploymentAction::kPreDeploymentCheck);
  EXPECT_EQ(a.id, Rid(tc::kA)) << "no approval row: the revision id";
  EXPECT_EQ(policy_->DeploymentFor(Entry(tc::kC), computer).action, snapshot::DeploymentAction::kEvaluate);
  EXPECT_EQ(policy_->DeploymentFor(Entry(tc::kD), computer).action, snapshot::DeploymentAction::kEvaluate);
  EXPECT_EQ(policy_->DeploymentFor(Entry(tc::kX), computer).action, snapshot::DeploymentAction::kPreDeploymentCheck);
}

TEST_F(SyncPlannerTest, ApprovalsApplyToTheirGroupsOnly) {
  policy::TargetGroup lab{Guid::Random(), "Lab", policy::kAllComputersId};
  inputs_.groups.push_back(lab);
  Guid in_lab = Guid::Random();
  store::ComputerRecord record;
  record.id = in_lab;
  record.group_ids = {lab.id};
  inputs_.computers = {record};
  Approve(tc::kA, lab.id, policy::ApprovalAction::kInstall, "2026-11-02T00:00:00Z");
  EXPECT_EQ(policy_->DeploymentFor(Entry(tc::kA), policy_->GroupsOf(in_lab, {})).action,
            snapshot::DeploymentAction::kInstall);
  EXPECT_EQ(policy_->DeploymentFor(Entry(tc::kA), policy_->GroupsOf(Guid::Random(), {})).action,
            snapshot::DeploymentAction::kPreDeploymentCheck);
  // Client-side targeting: the names the cookie carries decide.
  inputs_.targeting_mode = policy::TargetingMode::kClientSide;
  Rebuild();
  EXPECT_EQ(policy_->DeploymentFor(Entry(tc::kA), policy_->GroupsOf(Guid::Random(), {"lab"})).action,
            snapshot::DeploymentAction::kInstall);
  EXPECT_EQ(policy_->DeploymentFor(Entry(tc::kA), policy_->GroupsOf(in_lab, {})).action,
            snapshot::DeploymentAction::kPreDeploymentCheck)
      << "assignments do not count under client-side targeting";
}

TEST_F(SyncPlannerTest, ChangedUpdatesAreThoseChangedAfterTheHighWaterMark) {
  SyncRequest request;
  request.installed_non_leaf = {Rid(tc::kC), Rid(tc::kF), Rid(tc::kP), Rid(tc::kK), Rid(tc::kD)};
  request.other_cached = {Rid(tc::kA), Rid(tc::kB), Rid(tc::kM1), Rid(tc::kM2), Rid(tc::kS), Rid(tc::kD2)};
  request.high_water = At("2026-11-01T12:00:00Z");
  EXPECT_TRUE(Plan(request).changed.empty()) << "a complete cache, nothing changed: an empty answer";
  EXPECT_TRUE(Plan(request).new_updates.empty());

  Approve(tc::kB, policy::kAllComputersId, policy::ApprovalAction::kInstall, "2026-11-02T00:00:00Z");
  SyncPlan plan = Plan(request);
  ASSERT_EQ(plan.changed.size(), 1u);
  EXPECT_EQ(plan.changed[0].entry, Entry(tc::kB));
  EXPECT_EQ(plan.changed[0].deployment.action, snapshot::DeploymentAction::kInstall);
  request.high_water = At("2026-11-03T00:00:00Z");
  EXPECT_TRUE(Plan(request).changed.empty());

  // Moving the computer between groups (or removing a group) resends every deployment.
  inputs_.tree_changed = At("2026-11-04T00:00:00Z");
  Rebuild();
  EXPECT_EQ(Plan(request).changed.size(), 5u) << "the software, not categories or detectoids";
  // A fresh cookie (mark 0) gets every cached deployment, categories too.
  request.high_water = DateTime();
  EXPECT_EQ(Plan(request).changed.size(), 11u);
}

TEST_F(SyncPlannerTest, IsLeafChangesAreChangedUpdates) {
  // A later catalog where a new update needs D2: D2 stops being a leaf.
  tc::DocSpec needs_d2;
  needs_d2.id = "a0000000-0000-0000-0000-0000000000ff";
  needs_d2.prerequisites = {tc::kD2};
  std::vector<store::StoredRevision> revisions = tc::Revisions();
  revisions.push_back(tc::Revision(needs_d2, 50));
  auto next = snapshot::CatalogIndex::FromRevisions(revisions, catalog_.get(), At("2026-11-05T00:00:00Z"));
  ASSERT_TRUE(next.ok());
  const snapshot::IndexedUpdate& d2 = (*next)->at(*(*next)->FindUpdate(*Guid::Parse(tc::kD2)));
  EXPECT_FALSE(d2.is_leaf);
  EXPECT_EQ(d2.leaf_changed, At("2026-11-05T00:00:00Z"));
  EXPECT_EQ((*next)->at(*(*next)->FindUpdate(*Guid::Parse(tc::kD))).leaf_changed, DateTime()) << "unchanged";
  catalog_ = *next;
  Rebuild();
  SyncRequest request;
  request.installed_non_leaf = {Rid(tc::kD)};
  request.other_cached = {Rid(tc::kD2)};
  request.high_water = At("2026-11-04T00:00:00Z");
  SyncPlan plan = Plan(request);
  ASSERT_EQ(plan.changed.size(), 1u);
  EXPECT_EQ(catalog_->at(plan.changed[0].entry).revision_id, Rid(tc::kD2));
}

TEST_F(SyncPlannerTest, ACategoryFilterLimitsTheScanToTheCategoryAndWhatItNeeds) {
  SyncRequest request;
  request.filter_categories = {*Guid::Parse(tc::kP)};
  auto rounds = Walk(request);
  ASSERT_EQ(rounds.size(), 4u);
  // The ancestors of P, then P, then its members; D2 (needed by nothing in P) never.
  EXPECT_EQ(rounds[0], (std::vector<int32_t>{Rid(tc::kC), Rid(tc::kK), Rid(tc::kD)}));
  EXPECT_EQ(rounds[1], (std::vector<int32_t>{Rid(tc::kF)}));
  EXPECT_EQ(rounds[2], (std::vector<int32_t>{Rid(tc::kP)}));
  EXPECT_EQ(rounds[3], (std::vector<int32_t>{Rid(tc::kA), Rid(tc::kB), Rid(tc::kM1), Rid(tc::kM2), Rid(tc::kS)}));
  // A filter on a classification takes its updates, and the chain they need.
  request = {};
  request.filter_categories = {*Guid::Parse(tc::kK)};
  EXPECT_EQ(Walk(request).back().size(), 5u);
  // Cached ids outside the filter stay the client's, when it asks for two groups.
  request = {};
  request.filter_categories = {*Guid::Parse(tc::kF)};
  request.installed_non_leaf = {Rid(tc::kC), Rid(tc::kK), Rid(tc::kD)};
  request.other_cached = {Rid(tc::kD2)};
  request.need_two_group_out_of_scope = true;
  SyncPlan plan = Plan(request);
  EXPECT_EQ(plan.deployed_out_of_scope, std::vector<int32_t>{Rid(tc::kD2)});
  EXPECT_TRUE(plan.out_of_scope.empty());
  request.need_two_group_out_of_scope = false;
  EXPECT_EQ(Plan(request).out_of_scope, std::vector<int32_t>{Rid(tc::kD2)});
}

TEST_F(SyncPlannerTest, TheDriverPassOffersTheBestDriverForADevice) {
  SyncRequest request;
  request.skip_software = true;
  DeviceSpec nic;
  nic.ids = {"pci\\ven_1234&dev_0001&subsys_1", "pci\\ven_1234&dev_0001"};
  request.devices = {nic};
  SyncPlan plan = Plan(request);
  EXPECT_EQ(NewIds(plan), std::vector<int32_t>{Rid(tc::kX)});
  EXPECT_FALSE(plan.driver_sync_not_needed);
  // A newer driver installed: nothing to offer, and the cached one is out of scope.
  request.devices[0].installed = InstalledDriverSpec{"pci\\ven_1234&dev_0001", "2026-06-01", 0, "Net", "", ""};
  request.cached_drivers = {Rid(tc::kX)};
  plan = Plan(request);
  EXPECT_TRUE(plan.new_updates.empty());
  EXPECT_EQ(plan.out_of_scope, std::vector<int32_t>{Rid(tc::kX)});
  // An older one installed: ours is better.
  request.devices[0].installed->date = "2020-01-01";
  request.cached_drivers.clear();
  EXPECT_EQ(NewIds(Plan(request)), std::vector<int32_t>{Rid(tc::kX)});
  // The software cache is no business of the driver pass.
  request.other_cached = {Rid(tc::kA)};
  EXPECT_TRUE(Plan(request).out_of_scope.empty());
}

TEST_F(SyncPlannerTest, ThePrinterCatalogOffersPrinterDrivers) {
  SyncRequest request;
  request.printers = true;
  EXPECT_EQ(NewIds(Plan(request)), std::vector<int32_t>{Rid(tc::kY)});
  request.cached_drivers = {Rid(tc::kY), Rid(tc::kX)};
  SyncPlan plan = Plan(request);
  EXPECT_TRUE(plan.new_updates.empty());
  EXPECT_EQ(plan.out_of_scope, std::vector<int32_t>{Rid(tc::kX)});
}

TEST_F(SyncPlannerTest, DriverSyncNotNeededWithoutDriversInScope) {
  inputs_.declined = {*Guid::Parse(tc::kX), *Guid::Parse(tc::kY)};
  Rebuild();
  EXPECT_TRUE(Plan({}).driver_sync_not_needed);
  inputs_.declined.clear();
  Rebuild();
  EXPECT_FALSE(Plan({}).driver_sync_not_needed);
  SyncRequest filtered;
  filtered.filter_categories = {*Guid::Parse(tc::kP)};
  EXPECT_TRUE(Plan(filtered).driver_sync_not_needed) << "no driver in the filter";
}

TEST_F(SyncPlannerTest, RefreshCacheMapsIdentitiesButLeavesBundleMembersOut) {
  std::vector<catalog::UpdateIdentity> ids = {{*Guid::Parse(tc::kA), 100},
                                              {*Guid::Parse(tc::kM1), 100},
                                              {*Guid::Parse(tc::kB), 99},
                                              {*Guid::Parse(tc::kC), 100},
                                              {Guid::Random(), 1}};
  auto refreshed = PlanRefreshCache(*policy_, policy_->GroupsOf(Guid(), {}), ids);
  ASSERT_EQ(refreshed.size(), 2u);
  EXPECT_EQ(refreshed[0].entry, Entry(tc::kA));
  EXPECT_EQ(refreshed[1].entry, Entry(tc::kC));
  inputs_.declined = {*Guid::Parse(tc::kA)};
  Rebuild();
  EXPECT_EQ(PlanRefreshCache(*policy_, policy_->GroupsOf(Guid(), {}), ids).size(), 1u);
}

TEST_F(SyncPlannerTest, ExpiredAndUnsatisfiableUpdatesAreNeverOffered) {
  std::vector<store::StoredRevision> revisions = tc::Revisions();
  tc::DocSpec expired;
  expired.id = "a0000000-0000-0000-0000-0000000000e1";
  expired.publication_state = "Expired";
  tc::DocSpec orphan;  // needs a detectoid we do not hold
  orphan.id = "a0000000-0000-0000-0000-0000000000e2";
  orphan.prerequisites = {"99999999-9999-9999-9999-999999999999"};
  revisions.push_back(tc::Revision(expired, 100));
  revisions.push_back(tc::Revision(orphan, 101));
  auto catalog = snapshot::CatalogIndex::FromRevisions(revisions);
  ASSERT_TRUE(catalog.ok());
  catalog_ = *catalog;
  Rebuild();
  for (const auto& round : Walk({})) {
    EXPECT_EQ(std::count(round.begin(), round.end(), 100), 0);
    EXPECT_EQ(std::count(round.begin(), round.end(), 101), 0);
  }
}

// The gate index (CatalogIndex::GatedBy) only narrows the search: for every
// set of installed non-leaf updates, the page is what checking every entry
// of the catalog gives.
TEST_F(SyncPlannerTest, TheGateIndexFindsWhatAFullSearchFinds) {
  std::vector<uint32_t> non_leaf;
  for (uint32_t e = 0; e < catalog_->size(); ++e) {
    if (!catalog_->at(e).is_leaf) non_leaf.push_back(e);
  }
  for (uint32_t mask = 0; mask < (1u << non_leaf.size()); ++mask) {
    SyncRequest request;
    request.page_size = 100;
    std::vector<uint8_t> installed(catalog_->size(), 0);
    for (size_t i = 0; i < non_leaf.size(); ++i) {
      if ((mask >> i & 1) == 0) continue;
      request.installed_non_leaf.push_back(catalog_->at(non_leaf[i]).revision_id);
      installed[non_leaf[i]] = 1;
    }
    std::vector<int32_t> expected[3];
    for (uint32_t e = 0; e < catalog_->size(); ++e) {
      const snapshot::IndexedUpdate& u = catalog_->at(e);
      bool satisfied = std::all_of(u.prerequisites.begin(), u.prerequisites.end(), [&](const auto& clause) {
        return std::any_of(clause.begin(), clause.end(), [&](uint32_t a) { return installed[a] != 0; });
      });
      if (!satisfied || u.unsatisfiable || u.type == catalog::UpdateType::kDriver || installed[e]) continue;
      bool cat = u.type == catalog::UpdateType::kCategory || u.type == catalog::UpdateType::kDetectoid;
      expected[!u.is_leaf ? 0 : cat ? 1 : 2].push_back(u.revision_id);
    }
    std::vector<int32_t> all = expected[0];
    all.insert(all.end(), expected[1].begin(), expected[1].end());
    all.insert(all.end(), expected[2].begin(), expected[2].end());
    EXPECT_EQ(NewIds(Plan(request)), all) << "installed mask " << mask;
  }
}

TEST_F(SyncPlannerTest, AHostileListOfUnknownIdsCostsLittle) {
  SyncRequest request;
  for (int32_t i = 0; i < 50'000; ++i) request.other_cached.push_back(1'000'000 + i % 25'000);
  SyncPlan plan = Plan(request);
  EXPECT_EQ(plan.out_of_scope.size(), 25'000u) << "each unknown id once";
}

TEST(DriverMatcherTest, PacksVersionsAndRanksByIdThenDateThenVersion) {
  EXPECT_EQ(catalog::PackDriverVersion("2.1.0.7"), (uint64_t{2} << 48) | (uint64_t{1} << 32) | 7);
  EXPECT_EQ(catalog::PackDriverVersion("1.2.3"), 0u);
  EXPECT_EQ(catalog::PackDriverVersion("1.2.3.70000"), 0u);
  catalog::DriverMetadata generic{"pci\\ven_1", "2026-01-01", "1.0.0.0", "Net", "", "", ""};
  catalog::DriverMetadata specific{"pci\\ven_1&dev_2", "2020-01-01", "1.0.0.0", "Net", "", "", ""};
  catalog::DriverMetadata newer_generic{"pci\\ven_1", "2026-05-01", "1.0.0.0", "Net", "", "", ""};
  DeviceSpec device;
  device.ids = {"pci\\ven_1&dev_2", "pci\\ven_1"};
  EXPECT_EQ(MatchDrivers({device}, {{1, &generic}, {2, &specific}}), std::vector<uint32_t>{2})
      << "the more specific id wins over a newer date";
  EXPECT_EQ(MatchDrivers({device}, {{1, &generic}, {3, &newer_generic}}), std::vector<uint32_t>{3});
  // Printers: only the installed driver's provider and manufacturer.
  catalog::DriverMetadata printer{"usbprint\\p", "2026-01-01", "1.0.0.0", "Printer", "Fabrikam", "Fabrikam", ""};
  DeviceSpec print;
  print.ids = {"usbprint\\p"};
  print.installed = InstalledDriverSpec{"usbprint\\p", "2010-01-01", 0, "Printer", "Contoso", "Contoso"};
  EXPECT_TRUE(MatchDrivers({print}, {{4, &printer}}).empty());
  print.installed->manufacturer = print.installed->provider = "fabrikam";
  EXPECT_EQ(MatchDrivers({print}, {{4, &printer}}), std::vector<uint32_t>{4});
}

TEST(DriverMatcherTest, AnUnusableDriverOnTheFirstIdLeavesTheNextIdToDecide) {
  catalog::DriverMetadata specific{"pci\\ven_1&dev_2", "2026-01-01", "1.0.0.0", "Net", "", "", ""};
  catalog::DriverMetadata generic{"pci\\ven_1", "2020-01-01", "1.0.0.0", "Net", "", "", ""};
  const std::vector<snapshot::DriverCandidate> by_specific = {{1, &specific}};
  const std::vector<snapshot::DriverCandidate> by_generic = {{2, &generic}};
  auto lookup = [&](const std::string& id) -> std::span<const snapshot::DriverCandidate> {
    if (id == specific.hardware_id) return by_specific;
    if (id == generic.hardware_id) return by_generic;
    return {};
  };
  DeviceSpec device;
  device.ids = {"pci\\ven_1&dev_2", "pci\\ven_1", "pci\\cc_0200"};
  EXPECT_EQ(MatchDrivers({device}, lookup, [](uint32_t) { return true; }), std::vector<uint32_t>{1});
  EXPECT_EQ(MatchDrivers({device}, lookup, [](uint32_t e) { return e != 1; }), std::vector<uint32_t>{2})
      << "the specific driver declined, the generic one is the best left";
  device.installed =
      InstalledDriverSpec{"pci\\ven_1", "2020-01-01", catalog::PackDriverVersion("1.0.0.0"), "Net", "", ""};
  EXPECT_TRUE(MatchDrivers({device}, lookup, [](uint32_t e) { return e != 1; }).empty())
      << "the device runs that one already";
}

// The ranking by the rules of MS-WUSP 3.1.5.7 done the plain way, every
// driver against every device: what the indexed MatchDrivers must agree with.
std::vector<uint32_t> RankEveryDriver(const std::vector<DeviceSpec>& devices,
                                      const std::vector<snapshot::DriverCandidate>& candidates) {
  std::vector<uint32_t> offered;
  for (const DeviceSpec& device : devices) {
    const snapshot::DriverCandidate* best = nullptr;
    catalog::DriverScore best_score;
    for (const snapshot::DriverCandidate& c : candidates) {
      auto score = catalog::DriverScore::Of(device.ids, c.driver->hardware_id, c.driver->date,
                                            catalog::PackDriverVersion(c.driver->version));
      if (!score.matches()) continue;
      if (device.installed &&
          !catalog::DriverScore::MayReplace(device.installed->class_name, device.installed->provider,
                                            device.installed->manufacturer, *c.driver)) {
        continue;
      }
      if (best == nullptr || score.Beats(best_score)) {
        best = &c;
        best_score = score;
      }
    }
    if (best == nullptr) continue;
    if (device.installed &&
        !best_score.Beats(catalog::DriverScore::Of(device.ids, device.installed->matching_id, device.installed->date,
                                                   device.installed->version))) {
      continue;
    }
    if (std::find(offered.begin(), offered.end(), best->entry) == offered.end()) offered.push_back(best->entry);
  }
  return offered;
}

TEST(DriverMatcherTest, TheIndexedLookupAgreesWithRankingEveryDriver) {
  std::mt19937 random(20261201);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<uint32_t>(n)); };
  const std::string dates[] = {"2020-01-01", "2023-05-05", "2026-03-04"};
  const std::string versions[] = {"1.0.0.0", "2.1.0.7", "2.1.0.8"};
  for (int round = 0; round < 200; ++round) {
    std::vector<catalog::DriverMetadata> drivers;
    for (int i = 0; i < 30; ++i) {
      bool printer = pick(5) == 0;
      drivers.push_back({"id" + std::to_string(pick(12)), dates[pick(3)], versions[pick(3)],
                         printer ? "Printer" : "Net", pick(2) ? "Contoso" : "Fabrikam",
                         pick(2) ? "Contoso" : "Fabrikam", ""});
    }
    std::vector<snapshot::DriverCandidate> candidates;
    for (size_t i = 0; i < drivers.size(); ++i) candidates.push_back({static_cast<uint32_t>(i / 2), &drivers[i]});
    std::vector<DeviceSpec> devices(8);
    for (DeviceSpec& d : devices) {
      for (int k = pick(4); k >= 0; --k) d.ids.push_back("id" + std::to_string(pick(14)));
      if (pick(2)) {
        d.installed = InstalledDriverSpec{d.ids[static_cast<size_t>(pick(static_cast<int>(d.ids.size())))],
                                          dates[pick(3)],
                                          catalog::PackDriverVersion(versions[pick(3)]),
                                          pick(4) ? "Net" : "Printer",
                                          "Contoso",
                                          "Contoso"};
      }
    }
    ASSERT_EQ(MatchDrivers(devices, candidates), RankEveryDriver(devices, candidates)) << "round " << round;
  }
}

}  // namespace
}  // namespace openwsus::wusp
