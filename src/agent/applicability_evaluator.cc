#include "agent/applicability_evaluator.h"

#include <utility>
#include <vector>

#include "common/log.h"

namespace openwsus::agent {

ApplicabilityEvaluator::ApplicabilityEvaluator(MachineProfile profile, std::string name)
    : profile_(std::move(profile)), name_(std::move(name)) {}

Truth ApplicabilityEvaluator::Evaluate(const std::optional<ApplicabilityRule>& rule, Truth absent,
                                       const RevisionInfo& revision) {
  if (!rule) return absent;
  std::vector<std::string> unknown;
  Truth truth = rule->Evaluate(profile_, &unknown);
  if (truth == Truth::kUnknown) {
    std::string names;
    for (const std::string& n : unknown) names += (names.empty() ? "" : ",") + n;
    log::Info("agent: rule not evaluated, update not applicable",
              {{"profile", name_}, {"update", revision.identity.update_id.ToString()}, {"rules", names}});
  }
  return truth;
}

RuleAnswers ApplicabilityEvaluator::Answers(const RevisionInfo& revision) {
  auto it = answers_.find(revision.revision_id);
  if (it != answers_.end()) return it->second;
  RuleAnswers answers;
  answers.is_installed = Evaluate(revision.rules.is_installed, Truth::kFalse, revision);
  answers.is_installable = Evaluate(revision.rules.is_installable, Truth::kTrue, revision);
  if (answers.is_installed == Truth::kUnknown || answers.is_installable == Truth::kUnknown) ++undecided_;
  answers_.emplace(revision.revision_id, answers);
  return answers;
}

}  // namespace openwsus::agent
