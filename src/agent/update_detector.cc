#include "agent/update_detector.h"

namespace openwsus::agent {
namespace {

bool Reported(const CachedRevision& entry, const RevisionInfo& revision) {
  bool kind = catalog::IsApprovable(revision.type);
  return kind && entry.action != DeploymentAction::kBundle;
}

UpdateState StateOfFit(DriverFit fit) {
  switch (fit) {
    case DriverFit::kInstalled:
      return UpdateState::kInstalled;
    case DriverFit::kBetter:
      return UpdateState::kNeeded;
    case DriverFit::kNone:
      break;
  }
  return UpdateState::kNotApplicable;
}

bool Approved(const CachedRevision* entry) { return entry != nullptr && entry->action == DeploymentAction::kInstall; }

}  // namespace

UpdateDetector::UpdateDetector(const UpdateCache& cache, const RevisionTable& revisions,
                               ApplicabilityEvaluator* evaluator, const ComputerState& state)
    : cache_(cache),
      revisions_(revisions),
      evaluator_(evaluator),
      state_(state),
      drivers_(evaluator->profile(), state) {
  for (const CachedRevision& entry : cache_.entries()) {
    const RevisionInfo* revision = revisions_.Find(entry.revision_id);
    if (revision == nullptr) continue;
    by_update_[revision->identity.update_id] = revision;
    for (const Guid& older : revision->supersedes) superseded_by_[older].push_back(revision);
  }
}

bool UpdateDetector::NonLeafInstalled(const RevisionInfo& revision, ApplicabilityEvaluator* evaluator,
                                      const ComputerState& state) {
  if (revision.type == catalog::UpdateType::kCategory) return true;
  if (state.uninstalled.count(revision.identity.update_id)) return false;
  if (state.installed.count(revision.identity.update_id)) return true;
  return evaluator->Answers(revision).is_installed == Truth::kTrue;
}

const RevisionInfo* UpdateDetector::ByUpdateId(const Guid& id) const {
  auto it = by_update_.find(id);
  return it == by_update_.end() ? nullptr : it->second;
}

UpdateState UpdateDetector::OwnState(const RevisionInfo& revision) {
  auto memo = own_states_.find(revision.revision_id);
  if (memo != own_states_.end()) return memo->second;
  own_states_[revision.revision_id] = UpdateState::kNotApplicable;  // a bundle cycle ends here
  UpdateState result = UpdateState::kNotApplicable;
  if (revision.type == catalog::UpdateType::kDriver) {
    result = state_.installed.count(revision.identity.update_id) ? UpdateState::kInstalled
                                                                 : StateOfFit(drivers_.FitOf(revision));
    own_states_[revision.revision_id] = result;
    return result;
  }
  RuleAnswers answers = evaluator_->Answers(revision);
  const Guid& id = revision.identity.update_id;
  if (state_.uninstalled.count(id)) answers.is_installed = Truth::kFalse;  // removed since
  if (state_.installed.count(id) || answers.is_installed == Truth::kTrue) {
    result = UpdateState::kInstalled;
  } else if (answers.is_installed == Truth::kUnknown || answers.is_installable != Truth::kTrue) {
    result = UpdateState::kNotApplicable;
  } else if (revision.bundled.empty()) {
    result = UpdateState::kNeeded;
  } else {
    bool any_installed = false;
    for (const Guid& id : revision.bundled) {
      const RevisionInfo* member = ByUpdateId(id);
      if (member == nullptr) continue;
      UpdateState s = OwnState(*member);
      if (s == UpdateState::kNeeded) {
        result = UpdateState::kNeeded;
        break;
      }
      any_installed = any_installed || s == UpdateState::kInstalled;
    }
    if (result != UpdateState::kNeeded && any_installed) result = UpdateState::kInstalled;
  }
  own_states_[revision.revision_id] = result;
  return result;
}

bool UpdateDetector::Superseded(const RevisionInfo& revision) {
  auto it = superseded_by_.find(revision.identity.update_id);
  if (it == superseded_by_.end()) return false;
  for (const RevisionInfo* newer : it->second) {
    UpdateState s = OwnState(*newer);
    if (s == UpdateState::kInstalled) return true;
    if (s == UpdateState::kNeeded && Approved(cache_.Find(newer->revision_id))) return true;
  }
  return false;
}

std::vector<DetectedUpdate> UpdateDetector::Detect() {
  std::vector<DetectedUpdate> out;
  for (const CachedRevision& entry : cache_.entries()) {
    const RevisionInfo* revision = revisions_.Find(entry.revision_id);
    if (revision == nullptr || !Reported(entry, *revision)) continue;
    UpdateState state = OwnState(*revision);
    const Guid& id = revision->identity.update_id;
    if (state == UpdateState::kNeeded && Superseded(*revision)) state = UpdateState::kNotApplicable;
    if (state == UpdateState::kNeeded && state_.failed.count(id)) state = UpdateState::kFailed;
    if (state == UpdateState::kNeeded && state_.downloaded.count(id)) state = UpdateState::kDownloaded;
    if (state == UpdateState::kInstalled && state_.pending_reboot.count(id)) {
      state = UpdateState::kInstalledPendingReboot;
    }
    out.push_back({revision, entry, state});
  }
  return out;
}

std::vector<const RevisionInfo*> UpdateDetector::NeededMembers(const RevisionInfo& bundle) {
  std::vector<const RevisionInfo*> out;
  for (const Guid& id : bundle.bundled) {
    const RevisionInfo* member = ByUpdateId(id);
    if (member == nullptr || OwnState(*member) != UpdateState::kNeeded) continue;
    if (member->bundled.empty()) {
      out.push_back(member);
    } else {
      for (const RevisionInfo* inner : NeededMembers(*member)) out.push_back(inner);
    }
  }
  return out;
}

}  // namespace openwsus::agent
