// ApplicabilityRule: one applicability expression of an update (its IsInstalled,
// IsInstallable or IsSuperseded rule), compiled once from XML into a small
// immutable tree and then evaluated many times against MachineProfiles. A fleet
// evaluates ~1,500 updates on each of 10,000 simulated computers, so Evaluate
// touches no XML and allocates nothing unless it reports undecided rules.
//
// Accepted forms. The Core fragment a server sends in SyncUpdates spells the
// logical rules And, Or, Not, True, False bare, base rules with the literal
// prefix "b." (b.RegDword) and handler rules bare (CbsPackageInstalled). Full
// update documents put rules in namespaces bound to any prefix; those are
// matched by namespace URI (Base- and LogicalApplicabilityRules) and local name.
//
// Evaluated here (BaseApplicabilityRules schema, see the .cc for each decision):
// True, False, And, Or, Not, WindowsVersion, WindowsLanguage, Processor,
// RegKeyExists, RegValueExists, RegDword, RegSz, RegSzToVersion, FileExists,
// FileVersion, FileExistsPrependRegSz, FileVersionPrependRegSz. Every other rule,
// and a rule above whose attributes need a fact the profile does not hold
// (Processor Level, FileExists Size, ...), is undecided: its answer is
// profile.rules[name] when present, else Truth::kUnknown. The name is the Core
// fragment spelling: "CbsPackageInstalled", "b.LicenseDword", "m.MsiProductInstalled"
// (also for a namespaced <bar:LicenseDword>).
//
// Logic is three-valued (Kleene): And is False if any operand is False, else
// Unknown if any is Unknown, else True; Or is the dual; Not Unknown is Unknown.
// And and Or stop at the first deciding operand.
//
// Immutable after Compile: Evaluate may run on many threads at once. Copyable.
#ifndef OPENWSUS_AGENT_APPLICABILITY_RULE_H_
#define OPENWSUS_AGENT_APPLICABILITY_RULE_H_

#include <pugixml.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/machine_profile.h"
#include "common/result.h"

namespace openwsus::agent {

enum class Truth : uint8_t { kFalse = 0, kTrue = 1, kUnknown = 2 };

// "false", "true", "unknown".
std::string_view TruthName(Truth truth);

class ApplicabilityRule {
 public:
  // Hostile XML cannot nest deeper or grow larger than this.
  static constexpr size_t kMaxDepth = 64;
  static constexpr size_t kMaxNodes = 65536;

  // `holder` is the element holding the expression (IsInstalled, IsInstallable,
  // IsSuperseded); its first element child is the expression. Fails with
  // InvalidArgument "<holder>: <rule>: <what>" for an empty holder, a base rule
  // missing a required attribute or with a bad value (Comparison, number,
  // version, Key), an And/Or without operands or a Not without exactly one;
  // ResourceExhausted past kMaxDepth or kMaxNodes.
  static Result<ApplicabilityRule> Compile(const pugi::xml_node& holder);

  // `unknown` (may be null) receives the names of the undecided rules that made
  // the result kUnknown, each once (not if already in the vector); nothing is
  // added when the result is kTrue or kFalse.
  Truth Evaluate(const MachineProfile& profile, std::vector<std::string>* unknown = nullptr) const;

  // For memory accounting: nodes, and bytes of strings they share.
  size_t node_count() const { return nodes_.size(); }
  size_t text_size() const { return text_.size(); }

 private:
  enum class Kind : uint8_t {
    kTrue,
    kFalse,
    kAnd,
    kOr,
    kNot,
    kUndecided,  // text: the rule's name, looked up in profile.rules
    kWindowsVersion,
    kWindowsLanguage,
    kProcessor,
    kRegKeyExists,
    kRegValueExists,
    kRegDword,
    kRegSz,
    kRegSzToVersion,
    kFileExists,
    kFileVersion,  // with kPrepend: the *PrependRegSz forms
  };
  enum class Comparison : uint8_t {
    kEqualTo,
    kNotEqualTo,
    kLessThan,
    kLessThanOrEqualTo,
    kGreaterThan,
    kGreaterThanOrEqualTo,
    kContains,
    kBeginsWith,
    kEndsWith,
  };
  enum class ValueType : uint8_t { kAny, kSz, kDword, kOther };  // RegValueExists Type
  struct TextRef {                                               // a slice of text_
    uint32_t offset = 0;
    uint32_t size = 0;
  };
  // Fields mean what the comment says for the kinds that use them; the others
  // leave them zero.
  struct Node {
    Kind kind = Kind::kTrue;
    Comparison comparison = Comparison::kEqualTo;
    uint8_t flags = 0;  // WindowsVersion: the attributes given; files: kPrepend, kHasVersion
    ValueType value_type = ValueType::kAny;
    uint32_t end = 0;                   // one past the last node of this node's subtree
    TextRef key;                        // registry key path, normalised ("HKEY_LOCAL_MACHINE\SOFTWARE\X")
    TextRef name;                       // registry value name ("" = the default value)
    TextRef text;                       // file path, RegSz Data, Language, or the undecided rule's name
    std::array<uint32_t, 4> version{};  // a version; WindowsVersion: major, minor, SP major, SP minor
    uint32_t number = 0;                // RegDword Data, Processor Architecture, WindowsVersion BuildNumber
    uint16_t product_type = 0;          // WindowsVersion
    uint16_t suite_mask = 0;            // WindowsVersion
  };
  class Compiler;    // XML -> nodes_ and text_ (applicability_rule.cc)
  struct Evaluator;  // the leaf rules (applicability_rule.cc)

  ApplicabilityRule() = default;

  Truth EvaluateNode(uint32_t index, const MachineProfile& profile, std::vector<std::string>* unknown) const;
  Truth EvaluateJunction(uint32_t index, Truth deciding, const MachineProfile& profile,
                         std::vector<std::string>* unknown) const;
  Truth EvaluateUndecided(const Node& node, const MachineProfile& profile, std::vector<std::string>* unknown) const;
  std::string_view Text(TextRef ref) const { return std::string_view(text_).substr(ref.offset, ref.size); }

  std::vector<Node> nodes_;  // pre-order: a node's operands follow it; nodes_[0] is the root
  std::string text_;         // every string of the rule, each stored once
};

// The three rules of an update, each absent when its document has none.
struct ApplicabilityRules {
  std::optional<ApplicabilityRule> is_installed, is_installable, is_superseded;

  // From an ApplicabilityRules element (any namespace; Metadata and unknown
  // children are ignored). A null node, or a holder with no rule in it, gives
  // absent rules. Fails as Compile does, or on two holders of one kind.
  static Result<ApplicabilityRules> FromNode(const pugi::xml_node& rules);
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_APPLICABILITY_RULE_H_
