#include "agent/update_detector.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace openwsus::agent {
namespace {

// Update ids by role; revision ids are the position + 1.
constexpr char kCategory[] = "c0000000-0000-4000-8000-000000000001";
constexpr char kDetectoid[] = "d0000000-0000-4000-8000-000000000001";
constexpr char kOld[] = "a0000000-0000-4000-8000-000000000001";  // installable, superseded by kNew
constexpr char kNew[] = "a0000000-0000-4000-8000-000000000002";  // installable, supersedes kOld
constexpr char kHas[] = "a0000000-0000-4000-8000-000000000003";  // installed by its rule
constexpr char kNot[] = "a0000000-0000-4000-8000-000000000004";  // not installable
constexpr char kCbs[] = "a0000000-0000-4000-8000-000000000005";  // a rule nobody decides
constexpr char kBundle[] = "b0000000-0000-4000-8000-000000000001";
constexpr char kX64[] = "b0000000-0000-4000-8000-000000000002";
constexpr char kX86[] = "b0000000-0000-4000-8000-000000000003";

const char kKeyRule[] = "<b.RegKeyExists Key=\"HKEY_LOCAL_MACHINE\" Subkey=\"SOFTWARE\\Contoso\" />";

std::string Core(const std::string& id, const std::string& type, const std::string& relationships,
                 const std::string& installed, const std::string& installable) {
  std::string rules;
  if (!installed.empty()) rules += "<IsInstalled>" + installed + "</IsInstalled>";
  if (!installable.empty()) rules += "<IsInstallable>" + installable + "</IsInstallable>";
  return "<UpdateIdentity UpdateID=\"" + id + "\" RevisionNumber=\"200\" /><Properties UpdateType=\"" + type + "\" />" +
         (relationships.empty() ? "" : "<Relationships>" + relationships + "</Relationships>") +
         (rules.empty() ? "" : "<ApplicabilityRules>" + rules + "</ApplicabilityRules>");
}

class UpdateDetectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add(kCategory, "Category", "", "<True />", "", DeploymentAction::kEvaluate, false);
    Add(kDetectoid, "Detectoid", "", kKeyRule, "", DeploymentAction::kEvaluate, false);
    Add(kOld, "Software", "", "", kKeyRule, DeploymentAction::kInstall);
    Add(kNew, "Software",
        std::string("<SupersededUpdates><UpdateIdentity UpdateID=\"") + kOld + "\" /></SupersededUpdates>", "",
        kKeyRule, DeploymentAction::kPreDeploymentCheck);
    Add(kHas, "Software", "", kKeyRule, "", DeploymentAction::kInstall);
    Add(kNot, "Software", "", "", "<False />", DeploymentAction::kInstall);
    Add(kCbs, "Software", "", "", "<CbsPackageInstallable />", DeploymentAction::kInstall);
    Add(kBundle, "Software",
        std::string("<BundledUpdates><AtLeastOne><UpdateIdentity UpdateID=\"") + kX64 +
            "\" RevisionNumber=\"200\" /><UpdateIdentity UpdateID=\"" + kX86 +
            "\" RevisionNumber=\"200\" /></AtLeastOne></BundledUpdates>",
        "", "", DeploymentAction::kPreDeploymentCheck);
    Add(kX64, "Software", "", "", "<b.Processor Architecture=\"9\" />", DeploymentAction::kBundle);
    Add(kX86, "Software", "", "", "<b.Processor Architecture=\"0\" />", DeploymentAction::kBundle);
    auto profile = MachineProfile::FromJson(R"({"registry": {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso": {}}})");
    ASSERT_TRUE(profile.ok()) << profile.status().ToString();
    evaluator_ = std::make_unique<ApplicabilityEvaluator>(*profile, "test");
  }

  void Add(const std::string& id, const std::string& type, const std::string& relationships,
           const std::string& installed, const std::string& installable, DeploymentAction action, bool leaf = true) {
    int32_t revision = static_cast<int32_t>(ids_.size()) + 1;
    ASSERT_TRUE(table_.Intern(revision, Core(id, type, relationships, installed, installable)).ok()) << id;
    CachedRevision e;
    e.revision_id = revision;
    e.action = action;
    e.is_leaf = leaf;
    cache_.Put(e);
    ids_[id] = revision;
  }

  void SetAction(const std::string& id, DeploymentAction action) {
    CachedRevision e = *cache_.Find(ids_[id]);
    e.action = action;
    cache_.Put(e);
  }

  std::map<std::string, UpdateState> States() {
    std::map<std::string, UpdateState> out;
    for (const DetectedUpdate& d : UpdateDetector(cache_, table_, evaluator_.get(), state_).Detect()) {
      out[d.revision->identity.update_id.ToString()] = d.state;
    }
    return out;
  }

  RevisionTable table_;
  UpdateCache cache_;
  ComputerState state_;
  std::unique_ptr<ApplicabilityEvaluator> evaluator_;
  std::map<std::string, int32_t> ids_;
};

TEST_F(UpdateDetectorTest, StatesFromRulesAndInstalls) {
  auto states = States();
  EXPECT_EQ(states.count(kCategory) + states.count(kDetectoid) + states.count(kX64), 0u)
      << "categories, detectoids and bundle members are not reported";
  EXPECT_EQ(states[kOld], UpdateState::kNeeded) << "its superseder is neither installed nor approved";
  EXPECT_EQ(states[kNew], UpdateState::kNeeded);
  EXPECT_EQ(states[kHas], UpdateState::kInstalled);
  EXPECT_EQ(states[kNot], UpdateState::kNotApplicable);
  EXPECT_EQ(states[kCbs], UpdateState::kNotApplicable) << "undecided rule";
  EXPECT_EQ(states[kBundle], UpdateState::kNeeded) << "its x64 member is needed on this x64 PC";
  EXPECT_EQ(evaluator_->undecided(), 1u);

  state_.installed.insert(*Guid::Parse(kNot));  // installed by the agent, whatever its rules say
  state_.failed.insert(*Guid::Parse(kNew));
  EXPECT_EQ(States()[kNot], UpdateState::kInstalled);
  EXPECT_EQ(States()[kNew], UpdateState::kFailed);
  state_.pending_reboot.insert(*Guid::Parse(kNot));
  EXPECT_EQ(States()[kNot], UpdateState::kInstalledPendingReboot);
}

TEST_F(UpdateDetectorTest, ASupersededUpdateDropsOutWhenItsSupersederIsApprovedOrInstalled) {
  SetAction(kNew, DeploymentAction::kInstall);
  EXPECT_EQ(States()[kOld], UpdateState::kNotApplicable) << "needed and approved superseder";
  SetAction(kNew, DeploymentAction::kPreDeploymentCheck);
  state_.installed.insert(*Guid::Parse(kNew));
  EXPECT_EQ(States()[kOld], UpdateState::kNotApplicable) << "installed superseder";
  state_.installed.insert(*Guid::Parse(kOld));
  EXPECT_EQ(States()[kOld], UpdateState::kInstalled) << "an installed superseded update stays installed";
}

TEST_F(UpdateDetectorTest, ABundleIsWhatItsMembersAre) {
  UpdateDetector detector(cache_, table_, evaluator_.get(), state_);
  auto members = detector.NeededMembers(*table_.Find(ids_[kBundle]));
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0]->identity.update_id.ToString(), kX64);
  state_.installed.insert(*Guid::Parse(kX64));
  EXPECT_EQ(States()[kBundle], UpdateState::kInstalled) << "its only applicable member is installed";
}

TEST_F(UpdateDetectorTest, NonLeafUpdatesInstalledByTheirRules) {
  EXPECT_TRUE(UpdateDetector::NonLeafInstalled(*table_.Find(ids_[kCategory]), evaluator_.get(), state_));
  EXPECT_TRUE(UpdateDetector::NonLeafInstalled(*table_.Find(ids_[kDetectoid]), evaluator_.get(), state_));
  ApplicabilityEvaluator bare(MachineProfile(), "bare");
  EXPECT_FALSE(UpdateDetector::NonLeafInstalled(*table_.Find(ids_[kDetectoid]), &bare, state_))
      << "no Contoso key on a bare PC";
  EXPECT_TRUE(UpdateDetector::NonLeafInstalled(*table_.Find(ids_[kCategory]), &bare, state_))
      << "categories count as installed";
}

}  // namespace
}  // namespace openwsus::agent
