#include "agent/applicability_rule.h"

#include <algorithm>
#include <compare>
#include <initializer_list>
#include <limits>
#include <type_traits>
#include <utility>

#include "common/strings.h"
#include "xml/safe_xml.h"

// Semantic decisions. The schema pages are the WSUS SDK's:
//   BaseApplicabilityRules  https://learn.microsoft.com/en-us/previous-versions/windows/desktop/bb972749(v=vs.85)
//   BaseTypes               https://learn.microsoft.com/en-us/previous-versions/windows/desktop/bb972756(v=vs.85)
//   LogicalApplicabilityRules https://learn.microsoft.com/en-us/previous-versions/windows/desktop/bb972754(v=vs.85)
//   VerifyVersionInfo       https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-verifyversioninfoa
// - Comparisons read "machine value <Comparison> rule value".
// - WindowsVersion is VerifyVersionInfo: MajorVersion, MinorVersion,
//   ServicePackMajor and ServicePackMinor (those given) compare as one
//   hierarchical (lexicographic) version; BuildNumber is a separate test with the
//   same Comparison (default EqualTo); ProductType must be equal; SuiteMask needs
//   one of its suites, or all with AllSuitesMustBePresent. No attribute: True.
// - WindowsLanguage: case-insensitive equality, or the rule's tag is a prefix of
//   the profile's followed by "-" ("en" matches "en-US", not the reverse), as
//   language-range prefix matching does. MUI (always false per the schema page) is
//   not modelled.
// - Processor compares Architecture with the profile's; Level or Revision make
//   the rule undecided (the profile has neither).
// - Registry: a missing key or value is False, and so is a value of another type
//   than the rule reads (RegDword a number, RegSz and RegSzToVersion a string).
//   RegType32 is ignored (one registry view). Key must name a hive (any case).
//   RegKeyExists is true for a key the profile lists (values or not) and its parents.
//   RegValueExists without Value tests the default value; with Type the value
//   must be of that type (REG_BINARY, which real rules use, and the other types a
//   profile cannot hold are always False).
// - RegSz compares case-insensitively (ASCII) with EqualTo, Contains, BeginsWith,
//   EndsWith (BaseTypes StringComparison), and NotEqualTo as an extension.
//   Comparison and Type values are schema tokens: exact case.
// - RegDword Data is decimal (0..4294967295).
// - Versions (RegSzToVersion, FileVersion, FileExists Version) are 1 to 4
//   dot-separated decimal parts, missing parts 0 ("6.3" is 6.3.0.0); a registry
//   string or file version that does not parse is False.
// - Files: a missing file is False, and so is a file without a version for
//   FileVersion. Csidl turns Path into "csidl:<n>\<Path>". The PrependRegSz forms
//   join the REG_SZ value and Path with one backslash; a missing or empty value is
//   False. FileExists Version must be equal; Size, Created, Modified and Language
//   (and FileVersion Language) make the rule undecided.
namespace openwsus::agent {
namespace {

using pugi::xml_node;
using Version = std::array<uint32_t, 4>;

constexpr std::string_view kBaseNs = "http://schemas.microsoft.com/msus/2002/12/BaseApplicabilityRules";
constexpr std::string_view kLogicalNs = "http://schemas.microsoft.com/msus/2002/12/LogicalApplicabilityRules";
constexpr std::string_view kMsiNs = "http://schemas.microsoft.com/msus/2002/12/MsiApplicabilityRules";
constexpr std::string_view kDriverNs = "http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/WindowsDriver";
constexpr std::string_view kUpdateNs = "http://schemas.microsoft.com/msus/2002/12/Update";

constexpr uint32_t kMaxUint = std::numeric_limits<uint32_t>::max();
constexpr uint32_t kMaxUshort = 0xffff;

// Node::flags of WindowsVersion: which attributes the rule gives.
constexpr uint8_t kHasMajor = 1 << 0;
constexpr uint8_t kHasMinor = 1 << 1;
constexpr uint8_t kHasSpMajor = 1 << 2;
constexpr uint8_t kHasSpMinor = 1 << 3;
constexpr uint8_t kHasBuild = 1 << 4;
constexpr uint8_t kHasProductType = 1 << 5;
constexpr uint8_t kHasSuiteMask = 1 << 6;
constexpr uint8_t kAllSuites = 1 << 7;
// Node::flags of FileExists and FileVersion.
constexpr uint8_t kPrepend = 1 << 0;     // the directory is a REG_SZ value
constexpr uint8_t kHasVersion = 1 << 1;  // FileExists with Version

bool StartsWithFolded(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

bool EndsWithFolded(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && EqualsIgnoreCase(text.substr(text.size() - suffix.size()), suffix);
}

bool ContainsFolded(std::string_view text, std::string_view part) {
  for (size_t i = 0; i + part.size() <= text.size(); ++i) {
    if (EqualsIgnoreCase(text.substr(i, part.size()), part)) return true;
  }
  return false;
}

std::optional<uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;  // 19 digits cannot overflow
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

// "1.2.3.4", or fewer parts with the rest 0.
std::optional<Version> ParseVersion(std::string_view text) {
  text = Trim(text);
  Version v{};
  for (size_t part = 0; part < v.size(); ++part) {
    size_t dot = text.find('.');
    std::optional<uint64_t> n = ParseDecimal(text.substr(0, dot));
    if (!n || *n > kMaxUint) return std::nullopt;
    v[part] = static_cast<uint32_t>(*n);
    if (dot == std::string_view::npos) return v;
    text.remove_prefix(dot + 1);
  }
  return std::nullopt;  // a fifth part
}

// Language tags: equal, or `rule` is a prefix of `machine` ending at a "-".
bool LanguageMatches(std::string_view rule, std::string_view machine) {
  if (EqualsIgnoreCase(rule, machine)) return true;
  return rule.size() < machine.size() && machine[rule.size()] == '-' && StartsWithFolded(machine, rule);
}

xml_node FirstElement(const xml_node& node) {
  for (xml_node child : node.children()) {
    if (child.type() == pugi::node_element) return child;
  }
  return {};
}

size_t CountElements(const xml_node& node) {
  size_t n = 0;
  for (xml_node child : node.children()) n += child.type() == pugi::node_element ? 1 : 0;
  return n;
}

bool IsLogicalName(std::string_view local) {
  return local == "And" || local == "Or" || local == "Not" || local == "True" || local == "False";
}

enum class Family { kLogical, kBase, kOther };

// Which schema an element's rule belongs to, its local name there, and the
// prefix a Core fragment writes before that name (the rule's canonical name is
// prefix + local).
struct RuleName {
  Family family;
  std::string_view local;
  std::string_view prefix;
};

RuleName Classify(const xml_node& element) {
  std::string_view local = xml::LocalName(element);
  std::string_view uri = xml::NamespaceUri(element);
  if (uri == kBaseNs) return {Family::kBase, local, "b."};
  if (uri == kLogicalNs) return {Family::kLogical, local, ""};
  if (uri == kMsiNs) return {Family::kOther, local, "m."};
  if (uri == kDriverNs) return {Family::kOther, local, "d."};
  if (!uri.empty() && uri != kUpdateNs) return {Family::kOther, local, ""};
  // Core fragment spelling (no namespaces at all).
  if (local.starts_with("b.")) return {Family::kBase, local.substr(2), "b."};
  return {IsLogicalName(local) ? Family::kLogical : Family::kOther, local, ""};
}

}  // namespace

std::string_view TruthName(Truth truth) {
  switch (truth) {
    case Truth::kFalse:
      return "false";
    case Truth::kTrue:
      return "true";
    case Truth::kUnknown:
      return "unknown";
  }
  return "unknown";
}

// --- Compiling ---------------------------------------------------------------

class ApplicabilityRule::Compiler {
 public:
  explicit Compiler(ApplicabilityRule* rule) : rule_(rule) {}

  // Appends `element`'s subtree to rule_->nodes_. `depth` is 1 for the root.
  Status Add(const xml_node& element, size_t depth);

 private:
  static_assert(sizeof(Node) <= 56, "keep nodes small: 20,000 rule sets are held at once");
  using BaseCompiler = Status (Compiler::*)(const xml_node&, Node*);

  Status AddLogical(const xml_node& element, Kind kind, size_t depth);
  // Fills `node` for a base rule; leaves kind kUndecided for rules not evaluated.
  Status AddBase(const xml_node& element, std::string_view local, Node* node);

  Status WindowsVersion(const xml_node& e, Node* node);
  Status WindowsLanguage(const xml_node& e, Node* node);
  Status Processor(const xml_node& e, Node* node);
  Status RegKeyExists(const xml_node& e, Node* node);
  Status RegValueExists(const xml_node& e, Node* node);
  Status RegDword(const xml_node& e, Node* node);
  Status RegSz(const xml_node& e, Node* node);
  Status RegSzToVersion(const xml_node& e, Node* node);
  Status FileExists(const xml_node& e, Node* node) { return File(e, Kind::kFileExists, false, node); }
  Status FileVersion(const xml_node& e, Node* node) { return File(e, Kind::kFileVersion, false, node); }
  Status FileExistsPrependRegSz(const xml_node& e, Node* node) { return File(e, Kind::kFileExists, true, node); }
  Status FileVersionPrependRegSz(const xml_node& e, Node* node) { return File(e, Kind::kFileVersion, true, node); }
  Status File(const xml_node& e, Kind kind, bool prepend, Node* node);

  enum class ValueAttribute { kNone, kOptional, kRequired };
  // Key, Subkey and Value into node->key and node->name.
  Status RegistryLocation(const xml_node& e, ValueAttribute value, Node* node);

  static Status Error(const xml_node& e, std::string_view what) {
    return Status::InvalidArgument(std::string(e.name()) + ": " + std::string(what));
  }
  static Result<std::string_view> Required(const xml_node& e, const char* attribute);
  static Result<std::optional<uint32_t>> OptionalNumber(const xml_node& e, const char* attribute, uint32_t max);
  static Result<uint32_t> Number(const xml_node& e, const char* attribute, uint32_t max);
  static Result<Version> VersionAttribute(const xml_node& e, const char* attribute);
  static Result<bool> Boolean(const xml_node& e, const char* attribute);
  static Result<Comparison> ScalarComparison(const xml_node& e);
  static Result<Comparison> StringComparison(const xml_node& e);
  static bool HasAny(const xml_node& e, std::initializer_list<const char*> attributes);

  // A slice of rule_->text_ holding `text`, reusing an equal run already there
  // (real rules repeat the same key paths many times).
  TextRef Intern(std::string_view text);

  ApplicabilityRule* rule_;
};

Status ApplicabilityRule::Compiler::Add(const xml_node& element, size_t depth) {
  if (depth > kMaxDepth) return Status::ResourceExhausted("rules nested deeper than " + std::to_string(kMaxDepth));
  if (rule_->nodes_.size() >= kMaxNodes) {
    return Status::ResourceExhausted("more than " + std::to_string(kMaxNodes) + " rules");
  }
  RuleName name = Classify(element);
  if (name.family == Family::kLogical) {
    if (name.local == "And") return AddLogical(element, Kind::kAnd, depth);
    if (name.local == "Or") return AddLogical(element, Kind::kOr, depth);
    if (name.local == "Not") return AddLogical(element, Kind::kNot, depth);
    if (name.local == "True") return AddLogical(element, Kind::kTrue, depth);
    if (name.local == "False") return AddLogical(element, Kind::kFalse, depth);
  }
  Node node{.kind = Kind::kUndecided};
  if (name.family == Family::kBase) OW_RETURN_IF_ERROR(AddBase(element, name.local, &node));
  if (node.kind == Kind::kUndecided) {
    node = Node{.kind = Kind::kUndecided};  // drop what checking the attributes filled in
    node.text = Intern(std::string(name.prefix) + std::string(name.local));
  }
  node.end = static_cast<uint32_t>(rule_->nodes_.size() + 1);
  rule_->nodes_.push_back(node);
  return Status::Ok();
}

Status ApplicabilityRule::Compiler::AddLogical(const xml_node& element, Kind kind, size_t depth) {
  size_t operands = CountElements(element);
  if ((kind == Kind::kAnd || kind == Kind::kOr) && operands == 0) return Error(element, "holds no rule");
  if (kind == Kind::kNot && operands != 1) return Error(element, "must hold exactly one rule");
  size_t index = rule_->nodes_.size();
  rule_->nodes_.push_back(Node{.kind = kind});
  if (kind == Kind::kAnd || kind == Kind::kOr || kind == Kind::kNot) {
    for (xml_node child : element.children()) {
      if (child.type() == pugi::node_element) OW_RETURN_IF_ERROR(Add(child, depth + 1));
    }
  }
  rule_->nodes_[index].end = static_cast<uint32_t>(rule_->nodes_.size());
  return Status::Ok();
}

Status ApplicabilityRule::Compiler::AddBase(const xml_node& element, std::string_view local, Node* node) {
  static constexpr std::pair<std::string_view, BaseCompiler> kRules[] = {
      {"WindowsVersion", &Compiler::WindowsVersion},
      {"WindowsLanguage", &Compiler::WindowsLanguage},
      {"Processor", &Compiler::Processor},
      {"RegKeyExists", &Compiler::RegKeyExists},
      {"RegValueExists", &Compiler::RegValueExists},
      {"RegDword", &Compiler::RegDword},
      {"RegSz", &Compiler::RegSz},
      {"RegSzToVersion", &Compiler::RegSzToVersion},
      {"FileExists", &Compiler::FileExists},
      {"FileVersion", &Compiler::FileVersion},
      {"FileExistsPrependRegSz", &Compiler::FileExistsPrependRegSz},
      {"FileVersionPrependRegSz", &Compiler::FileVersionPrependRegSz},
  };
  for (const auto& [rule_name, compile] : kRules) {
    if (rule_name == local) return (this->*compile)(element, node);
  }
  return Status::Ok();  // a base rule this agent does not evaluate: undecided
}

Status ApplicabilityRule::Compiler::WindowsVersion(const xml_node& e, Node* node) {
  node->kind = Kind::kWindowsVersion;
  node->comparison = Comparison::kEqualTo;  // the schema's default
  if (e.attribute("Comparison")) {
    OW_ASSIGN_OR_RETURN(node->comparison, ScalarComparison(e));
  }
  auto read = [&](const char* attribute, uint32_t max, uint8_t flag, auto* out) -> Status {
    OW_ASSIGN_OR_RETURN(std::optional<uint32_t> n, OptionalNumber(e, attribute, max));
    if (n) {
      node->flags |= flag;
      *out = static_cast<std::remove_reference_t<decltype(*out)>>(*n);
    }
    return Status::Ok();
  };
  OW_RETURN_IF_ERROR(read("MajorVersion", kMaxUint, kHasMajor, &node->version[0]));
  OW_RETURN_IF_ERROR(read("MinorVersion", kMaxUint, kHasMinor, &node->version[1]));
  OW_RETURN_IF_ERROR(read("ServicePackMajor", kMaxUshort, kHasSpMajor, &node->version[2]));
  OW_RETURN_IF_ERROR(read("ServicePackMinor", kMaxUshort, kHasSpMinor, &node->version[3]));
  OW_RETURN_IF_ERROR(read("BuildNumber", kMaxUint, kHasBuild, &node->number));
  OW_RETURN_IF_ERROR(read("ProductType", kMaxUshort, kHasProductType, &node->product_type));
  OW_RETURN_IF_ERROR(read("SuiteMask", kMaxUshort, kHasSuiteMask, &node->suite_mask));
  if (e.attribute("AllSuitesMustBePresent")) {
    OW_ASSIGN_OR_RETURN(bool all, Boolean(e, "AllSuitesMustBePresent"));
    if (all) node->flags |= kAllSuites;
  }
  return Status::Ok();
}

Status ApplicabilityRule::Compiler::WindowsLanguage(const xml_node& e, Node* node) {
  OW_ASSIGN_OR_RETURN(std::string_view language, Required(e, "Language"));
  if (Trim(language).empty()) return Error(e, "Language is empty");
  node->kind = Kind::kWindowsLanguage;
  node->text = Intern(Trim(language));
  return Status::Ok();
}

Status ApplicabilityRule::Compiler::Processor(const xml_node& e, Node* node) {
  OW_ASSIGN_OR_RETURN(node->number, Number(e, "Architecture", kMaxUshort));
  if (HasAny(e, {"Level", "Revision"})) return Status::Ok();  // undecided
  node->kind = Kind::kProcessor;
  return Status::Ok();
}

Status ApplicabilityRule::Compiler::RegKeyExists(const xml_node& e, Node* node) {
  node->kind = Kind::kRegKeyExists;
  return RegistryLocation(e, ValueAttribute::kNone, node);
}

Status ApplicabilityRule::Compiler::RegValueExists(const xml_node& e, Node* node) {
  node->kind = Kind::kRegValueExists;
  OW_RETURN_IF_ERROR(RegistryLocation(e, ValueAttribute::kOptional, node));
  if (!e.attribute("Type")) return Status::Ok();
  std::string_view type = Trim(e.attribute("Type").value());
  if (type == "REG_SZ") {
    node->value_type = ValueType::kSz;
  } else if (type == "REG_DWORD") {
    node->value_type = ValueType::kDword;
  } else if (type == "REG_EXPAND_SZ" || type == "REG_MULTI_SZ" || type == "REG_BINARY" || type == "REG_QWORD" ||
             type == "REG_NONE") {
    node->value_type = ValueType::kOther;
  } else {
    return Error(e, "bad Type \"" + std::string(type) + "\"");
  }
  return Status::Ok();
}

Status ApplicabilityRule::Compiler::RegDword(const xml_node& e, Node* node) {
  node->kind = Kind::kRegDword;
  OW_RETURN_IF_ERROR(RegistryLocation(e, ValueAttribute::kRequired, node));
  OW_ASSIGN_OR_RETURN(node->comparison, ScalarComparison(e));
  OW_ASSIGN_OR_RETURN(node->number, Number(e, "Data", kMaxUint));
  return Status::Ok();
}

Status ApplicabilityRule::Compiler::RegSz(const xml_node& e, Node* node) {
  node->kind = Kind::kRegSz;
  OW_RETURN_IF_ERROR(RegistryLocation(e, ValueAttribute::kRequired, node));
  OW_ASSIGN_OR_RETURN(node->comparison, StringComparison(e));
  OW_ASSIGN_OR_RETURN(std::string_view data, Required(e, "Data"));
  node->text = Intern(data);
  return Status::Ok();
}

Status ApplicabilityRule::Compiler::RegSzToVersion(const xml_node& e, Node* node) {
  node->kind = Kind::kRegSzToVersion;
  OW_RETURN_IF_ERROR(RegistryLocation(e, ValueAttribute::kRequired, node));
  OW_ASSIGN_OR_RETURN(node->comparison, ScalarComparison(e));
  OW_ASSIGN_OR_RETURN(node->version, VersionAttribute(e, "Data"));
  return Status::Ok();
}

Status ApplicabilityRule::Compiler::File(const xml_node& e, Kind kind, bool prepend, Node* node) {
  OW_ASSIGN_OR_RETURN(std::string_view path, Required(e, "Path"));
  if (prepend) {
    node->flags |= kPrepend;
    OW_RETURN_IF_ERROR(RegistryLocation(e, ValueAttribute::kRequired, node));
    node->text = Intern(path);
  } else if (e.attribute("Csidl")) {
    OW_ASSIGN_OR_RETURN(uint32_t csidl, Number(e, "Csidl", kMaxUshort));
    while (path.starts_with('\\')) path.remove_prefix(1);
    node->text = Intern("csidl:" + std::to_string(csidl) + "\\" + std::string(path));
  } else {
    node->text = Intern(path);
  }
  if (kind == Kind::kFileVersion) {
    OW_ASSIGN_OR_RETURN(node->comparison, ScalarComparison(e));
    OW_ASSIGN_OR_RETURN(node->version, VersionAttribute(e, "Version"));
    if (HasAny(e, {"Language"})) return Status::Ok();  // undecided
  } else {
    if (e.attribute("Version")) {
      node->flags |= kHasVersion;
      OW_ASSIGN_OR_RETURN(node->version, VersionAttribute(e, "Version"));
    }
    if (HasAny(e, {"Size", "Created", "Modified", "Language"})) return Status::Ok();  // undecided
  }
  node->kind = kind;
  return Status::Ok();
}

Status ApplicabilityRule::Compiler::RegistryLocation(const xml_node& e, ValueAttribute value, Node* node) {
  static constexpr std::string_view kHives[] = {"HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER", "HKEY_CLASSES_ROOT",
                                                "HKEY_USERS", "HKEY_CURRENT_CONFIG"};
  OW_ASSIGN_OR_RETURN(std::string_view hive, Required(e, "Key"));
  hive = Trim(hive);
  if (std::none_of(std::begin(kHives), std::end(kHives),
                   [&](std::string_view h) { return EqualsIgnoreCase(h, hive); })) {
    return Error(e, "bad Key \"" + std::string(hive) + "\"");
  }
  OW_ASSIGN_OR_RETURN(std::string_view subkey, Required(e, "Subkey"));
  node->key = Intern(NormalizeKeyPath(std::string(hive) + "\\" + std::string(subkey)));
  if (value == ValueAttribute::kRequired) {
    OW_ASSIGN_OR_RETURN(std::string_view name, Required(e, "Value"));
    node->name = Intern(name);
  } else if (value == ValueAttribute::kOptional) {
    node->name = Intern(e.attribute("Value").value());  // absent: the default value ""
  }
  return Status::Ok();
}

Result<std::string_view> ApplicabilityRule::Compiler::Required(const xml_node& e, const char* attribute) {
  pugi::xml_attribute a = e.attribute(attribute);
  if (!a) return Error(e, std::string("missing attribute ") + attribute);
  return std::string_view(a.value());
}

Result<std::optional<uint32_t>> ApplicabilityRule::Compiler::OptionalNumber(const xml_node& e, const char* attribute,
                                                                            uint32_t max) {
  pugi::xml_attribute a = e.attribute(attribute);
  if (!a) return std::optional<uint32_t>();
  std::optional<uint64_t> n = ParseDecimal(Trim(a.value()));
  if (!n || *n > max) {
    return Error(e, std::string(attribute) + " \"" + a.value() + "\" is not a number from 0 to " + std::to_string(max));
  }
  return std::optional<uint32_t>(static_cast<uint32_t>(*n));
}

Result<uint32_t> ApplicabilityRule::Compiler::Number(const xml_node& e, const char* attribute, uint32_t max) {
  OW_RETURN_IF_ERROR(Required(e, attribute).status());
  OW_ASSIGN_OR_RETURN(std::optional<uint32_t> n, OptionalNumber(e, attribute, max));
  return *n;
}

Result<Version> ApplicabilityRule::Compiler::VersionAttribute(const xml_node& e, const char* attribute) {
  OW_ASSIGN_OR_RETURN(std::string_view text, Required(e, attribute));
  std::optional<Version> v = ParseVersion(text);
  if (!v) return Error(e, std::string(attribute) + " \"" + std::string(text) + "\" is not a version");
  return *v;
}

Result<bool> ApplicabilityRule::Compiler::Boolean(const xml_node& e, const char* attribute) {
  OW_ASSIGN_OR_RETURN(std::string_view text, Required(e, attribute));
  text = Trim(text);
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return Error(e, std::string(attribute) + " \"" + std::string(text) + "\" is not a boolean");
}

Result<ApplicabilityRule::Comparison> ApplicabilityRule::Compiler::ScalarComparison(const xml_node& e) {
  OW_ASSIGN_OR_RETURN(std::string_view text, Required(e, "Comparison"));
  text = Trim(text);
  if (text == "EqualTo") return Comparison::kEqualTo;
  if (text == "LessThan") return Comparison::kLessThan;
  if (text == "LessThanOrEqualTo") return Comparison::kLessThanOrEqualTo;
  if (text == "GreaterThan") return Comparison::kGreaterThan;
  if (text == "GreaterThanOrEqualTo") return Comparison::kGreaterThanOrEqualTo;
  return Error(e, "bad Comparison \"" + std::string(text) + "\"");
}

Result<ApplicabilityRule::Comparison> ApplicabilityRule::Compiler::StringComparison(const xml_node& e) {
  OW_ASSIGN_OR_RETURN(std::string_view text, Required(e, "Comparison"));
  text = Trim(text);
  if (text == "EqualTo") return Comparison::kEqualTo;
  if (text == "NotEqualTo") return Comparison::kNotEqualTo;
  if (text == "Contains") return Comparison::kContains;
  if (text == "BeginsWith") return Comparison::kBeginsWith;
  if (text == "EndsWith") return Comparison::kEndsWith;
  return Error(e, "bad Comparison \"" + std::string(text) + "\"");
}

bool ApplicabilityRule::Compiler::HasAny(const xml_node& e, std::initializer_list<const char*> attributes) {
  return std::any_of(attributes.begin(), attributes.end(), [&](const char* a) { return !e.attribute(a).empty(); });
}

ApplicabilityRule::TextRef ApplicabilityRule::Compiler::Intern(std::string_view text) {
  if (text.empty()) return {};
  size_t at = rule_->text_.find(text);
  if (at == std::string::npos) {
    at = rule_->text_.size();
    rule_->text_ += text;
  }
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(text.size())};
}

Result<ApplicabilityRule> ApplicabilityRule::Compile(const xml_node& holder) {
  if (!holder) return Status::InvalidArgument("no applicability rule holder");
  std::string context(xml::LocalName(holder));
  xml_node expression = FirstElement(holder);
  if (!expression) return Status::InvalidArgument(context + ": holds no rule");
  ApplicabilityRule rule;
  Status status = Compiler(&rule).Add(expression, 1);
  if (!status.ok()) return status.WithContext(context);
  rule.nodes_.shrink_to_fit();
  rule.text_.shrink_to_fit();
  return rule;
}

// --- Evaluating --------------------------------------------------------------

struct ApplicabilityRule::Evaluator {
  static bool Leaf(const ApplicabilityRule& rule, const Node& node, const MachineProfile& profile);
  static bool WindowsVersion(const Node& node, const MachineProfile& profile);
  static bool Registry(const ApplicabilityRule& rule, const Node& node, const MachineProfile& profile);
  static bool File(const ApplicabilityRule& rule, const Node& node, const MachineProfile& profile);
  static bool Compare(std::strong_ordering order, Comparison comparison);
  static bool CompareText(std::string_view value, std::string_view data, Comparison comparison);
};

bool ApplicabilityRule::Evaluator::Leaf(const ApplicabilityRule& rule, const Node& node,
                                        const MachineProfile& profile) {
  switch (node.kind) {
    case Kind::kWindowsVersion:
      return WindowsVersion(node, profile);
    case Kind::kWindowsLanguage:
      return LanguageMatches(rule.Text(node.text), profile.language);
    case Kind::kProcessor:
      return static_cast<uint32_t>(profile.architecture) == node.number;
    case Kind::kRegKeyExists:
    case Kind::kRegValueExists:
    case Kind::kRegDword:
    case Kind::kRegSz:
    case Kind::kRegSzToVersion:
      return Registry(rule, node, profile);
    case Kind::kFileExists:
    case Kind::kFileVersion:
      return File(rule, node, profile);
    default:
      return false;  // logical and undecided kinds never get here
  }
}

bool ApplicabilityRule::Evaluator::WindowsVersion(const Node& node, const MachineProfile& profile) {
  static constexpr uint8_t kHierarchy[] = {kHasMajor, kHasMinor, kHasSpMajor, kHasSpMinor};
  const Version machine = {static_cast<uint32_t>(profile.os_major), static_cast<uint32_t>(profile.os_minor),
                           static_cast<uint32_t>(profile.sp_major), static_cast<uint32_t>(profile.sp_minor)};
  bool hierarchy_given = false;
  std::strong_ordering order = std::strong_ordering::equal;
  for (size_t i = 0; i < machine.size(); ++i) {
    if ((node.flags & kHierarchy[i]) == 0) continue;
    hierarchy_given = true;
    if (order == std::strong_ordering::equal) order = machine[i] <=> node.version[i];
  }
  if (hierarchy_given && !Compare(order, node.comparison)) return false;
  if ((node.flags & kHasBuild) != 0 &&
      !Compare(static_cast<uint32_t>(profile.os_build) <=> node.number, node.comparison)) {
    return false;
  }
  if ((node.flags & kHasProductType) != 0 && static_cast<uint32_t>(profile.product_type) != node.product_type) {
    return false;
  }
  if ((node.flags & kHasSuiteMask) != 0) {
    uint32_t present = static_cast<uint32_t>(profile.suite_mask) & node.suite_mask;
    if ((node.flags & kAllSuites) != 0 ? present != node.suite_mask : present == 0) return false;
  }
  return true;
}

bool ApplicabilityRule::Evaluator::Registry(const ApplicabilityRule& rule, const Node& node,
                                            const MachineProfile& profile) {
  std::string_view key = rule.Text(node.key);
  if (node.kind == Kind::kRegKeyExists) return profile.KeyExists(key);
  const MachineProfile::RegistryValue* value = profile.FindValue(key, rule.Text(node.name));
  if (value == nullptr) return false;
  const auto* dword = std::get_if<uint32_t>(value);
  const auto* text = std::get_if<std::string>(value);
  switch (node.kind) {
    case Kind::kRegValueExists:
      return node.value_type == ValueType::kAny || (node.value_type == ValueType::kSz && text != nullptr) ||
             (node.value_type == ValueType::kDword && dword != nullptr);
    case Kind::kRegDword:
      return dword != nullptr && Compare(*dword <=> node.number, node.comparison);
    case Kind::kRegSz:
      return text != nullptr && CompareText(*text, rule.Text(node.text), node.comparison);
    case Kind::kRegSzToVersion: {
      std::optional<Version> version = text != nullptr ? ParseVersion(*text) : std::nullopt;
      return version && Compare(*version <=> node.version, node.comparison);
    }
    default:
      return false;
  }
}

bool ApplicabilityRule::Evaluator::File(const ApplicabilityRule& rule, const Node& node,
                                        const MachineProfile& profile) {
  std::optional<std::string_view> found;
  if ((node.flags & kPrepend) != 0) {
    const MachineProfile::RegistryValue* value = profile.FindValue(rule.Text(node.key), rule.Text(node.name));
    const auto* dir = value != nullptr ? std::get_if<std::string>(value) : nullptr;
    if (dir == nullptr || dir->empty()) return false;
    found = profile.FindFile(JoinedPath{*dir, rule.Text(node.text)});
  } else {
    found = profile.FindFile(rule.Text(node.text));
  }
  if (!found) return false;
  if (node.kind == Kind::kFileExists && (node.flags & kHasVersion) == 0) return true;
  std::optional<Version> version = ParseVersion(*found);
  if (!version) return false;
  if (node.kind == Kind::kFileExists) return *version == node.version;
  return Compare(*version <=> node.version, node.comparison);
}

bool ApplicabilityRule::Evaluator::Compare(std::strong_ordering order, Comparison comparison) {
  switch (comparison) {
    case Comparison::kEqualTo:
      return order == 0;
    case Comparison::kNotEqualTo:
      return order != 0;
    case Comparison::kLessThan:
      return order < 0;
    case Comparison::kLessThanOrEqualTo:
      return order <= 0;
    case Comparison::kGreaterThan:
      return order > 0;
    case Comparison::kGreaterThanOrEqualTo:
      return order >= 0;
    default:
      return false;  // string comparisons: never on numbers
  }
}

bool ApplicabilityRule::Evaluator::CompareText(std::string_view value, std::string_view data, Comparison comparison) {
  switch (comparison) {
    case Comparison::kEqualTo:
      return EqualsIgnoreCase(value, data);
    case Comparison::kNotEqualTo:
      return !EqualsIgnoreCase(value, data);
    case Comparison::kContains:
      return ContainsFolded(value, data);
    case Comparison::kBeginsWith:
      return StartsWithFolded(value, data);
    case Comparison::kEndsWith:
      return EndsWithFolded(value, data);
    default:
      return false;
  }
}

Truth ApplicabilityRule::Evaluate(const MachineProfile& profile, std::vector<std::string>* unknown) const {
  if (nodes_.empty()) return Truth::kUnknown;  // only a moved-from rule
  return EvaluateNode(0, profile, unknown);
}

// Recursion depth is bounded by kMaxDepth, checked at compile time.
Truth ApplicabilityRule::EvaluateNode(uint32_t index, const MachineProfile& profile,
                                      std::vector<std::string>* unknown) const {
  const Node& node = nodes_[index];
  switch (node.kind) {
    case Kind::kTrue:
      return Truth::kTrue;
    case Kind::kFalse:
      return Truth::kFalse;
    case Kind::kAnd:
      return EvaluateJunction(index, Truth::kFalse, profile, unknown);
    case Kind::kOr:
      return EvaluateJunction(index, Truth::kTrue, profile, unknown);
    case Kind::kNot: {
      Truth operand = EvaluateNode(index + 1, profile, unknown);
      if (operand == Truth::kUnknown) return Truth::kUnknown;
      return operand == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
    }
    case Kind::kUndecided:
      return EvaluateUndecided(node, profile, unknown);
    default:
      return Evaluator::Leaf(*this, node, profile) ? Truth::kTrue : Truth::kFalse;
  }
}

// And (deciding = kFalse) or Or (deciding = kTrue). When an operand decides,
// the undecided names its earlier operands reported did not matter: drop them.
Truth ApplicabilityRule::EvaluateJunction(uint32_t index, Truth deciding, const MachineProfile& profile,
                                          std::vector<std::string>* unknown) const {
  size_t reported = unknown != nullptr ? unknown->size() : 0;
  Truth result = deciding == Truth::kFalse ? Truth::kTrue : Truth::kFalse;
  for (uint32_t child = index + 1; child < nodes_[index].end; child = nodes_[child].end) {
    Truth operand = EvaluateNode(child, profile, unknown);
    if (operand == deciding) {
      if (unknown != nullptr) unknown->resize(reported);
      return deciding;
    }
    if (operand == Truth::kUnknown) result = Truth::kUnknown;
  }
  return result;
}

Truth ApplicabilityRule::EvaluateUndecided(const Node& node, const MachineProfile& profile,
                                           std::vector<std::string>* unknown) const {
  std::string_view name = Text(node.text);
  if (auto it = profile.rules.find(name); it != profile.rules.end()) return it->second ? Truth::kTrue : Truth::kFalse;
  if (unknown != nullptr && std::find(unknown->begin(), unknown->end(), name) == unknown->end()) {
    unknown->emplace_back(name);
  }
  return Truth::kUnknown;
}

// --- ApplicabilityRules ------------------------------------------------------

Result<ApplicabilityRules> ApplicabilityRules::FromNode(const xml_node& rules) {
  ApplicabilityRules out;
  if (!rules) return out;
  bool seen[3] = {false, false, false};
  for (xml_node holder : rules.children()) {
    if (holder.type() != pugi::node_element) continue;
    std::string_view local = xml::LocalName(holder);
    int slot = local == "IsInstalled" ? 0 : local == "IsInstallable" ? 1 : local == "IsSuperseded" ? 2 : -1;
    if (slot < 0) continue;  // Metadata, or something newer
    if (seen[slot]) return Status::InvalidArgument("two " + std::string(local) + " elements");
    seen[slot] = true;
    if (!FirstElement(holder)) continue;  // the schema allows an empty holder
    OW_ASSIGN_OR_RETURN(ApplicabilityRule rule, ApplicabilityRule::Compile(holder));
    std::optional<ApplicabilityRule>* targets[3] = {&out.is_installed, &out.is_installable, &out.is_superseded};
    targets[slot]->emplace(std::move(rule));
  }
  return out;
}

}  // namespace openwsus::agent
