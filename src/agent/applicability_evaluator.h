// ApplicabilityEvaluator: how one machine profile answers each revision's
// IsInstalled and IsInstallable rules, remembered per revision id.
//
// The answers depend on the profile alone (its OS, registry and files), not
// on what the simulated computer installed since, which the agent tracks
// apart (ComputerState). So every computer of a fleet made from the same
// profile shares one evaluator and a rule is evaluated once per profile,
// not once per computer.
//
// A rule that neither the evaluator nor the profile decides makes the
// update not applicable, and is logged once per profile and revision.
//
// Not thread-safe.
#ifndef OPENWSUS_AGENT_APPLICABILITY_EVALUATOR_H_
#define OPENWSUS_AGENT_APPLICABILITY_EVALUATOR_H_

#include <cstdint>
#include <string>
#include <unordered_map>

#include "agent/applicability_rule.h"
#include "agent/machine_profile.h"
#include "agent/revision_table.h"

namespace openwsus::agent {

struct RuleAnswers {
  Truth is_installed = Truth::kFalse;   // no rule: not installed
  Truth is_installable = Truth::kTrue;  // no rule: installable
};

class ApplicabilityEvaluator {
 public:
  // `name` names the profile in logs.
  ApplicabilityEvaluator(MachineProfile profile, std::string name);

  RuleAnswers Answers(const RevisionInfo& revision);
  const MachineProfile& profile() const { return profile_; }
  const std::string& name() const { return name_; }
  // Revisions with a rule nobody decided.
  size_t undecided() const { return undecided_; }

 private:
  Truth Evaluate(const std::optional<ApplicabilityRule>& rule, Truth absent, const RevisionInfo& revision);

  MachineProfile profile_;
  std::string name_;
  std::unordered_map<int32_t, RuleAnswers> answers_;
  size_t undecided_ = 0;
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_APPLICABILITY_EVALUATOR_H_
