#include "agent/applicability_rule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "testing/test_support.h"
#include "xml/safe_xml.h"

namespace openwsus::agent {
namespace {

constexpr char kBaseNs[] = "http://schemas.microsoft.com/msus/2002/12/BaseApplicabilityRules";
constexpr char kLogicalNs[] = "http://schemas.microsoft.com/msus/2002/12/LogicalApplicabilityRules";

// The computer most cases run against: Windows 10 22H2 x64 with a few keys and files.
constexpr char kProfile[] = R"({
  "os": {"major": 10, "minor": 0, "build": 19045, "sp_major": 0, "sp_minor": 0,
         "product_type": 1, "suite_mask": 272, "language": "en-US"},
  "architecture": 9,
  "registry": {
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widgets": {
      "Version": "2.0.5.0", "Edition": "Professional Plus", "Flags": 3, "": "default text",
      "Short": "6.3", "Junk": "not a version"},
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Empty": {},
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Defender": {
      "SignatureLocation": "C:\\ProgramData\\Defs\\", "InstallLocation": "C:\\Program Files\\Defender",
      "Number": 5, "Blank": ""}
  },
  "files": {
    "csidl:38\\Contoso\\Widgets\\widgets.exe": "2.0.5.0",
    "csidl:38\\Contoso\\Widgets\\readme.txt": "",
    "C:\\ProgramData\\Defs\\mpasdlta.vdm": "1.459.547.0",
    "C:\\Program Files\\Defender\\MpClient.dll": "4.18.2.0",
    "C:\\Windows\\odd.dll": "x.y"
  },
  "rules": {"CbsPackageInstalled": true, "b.LicenseDword": false}
})";

const MachineProfile& TestProfile() {
  static const MachineProfile* profile = [] {
    auto p = MachineProfile::FromJson(kProfile);
    if (!p.ok()) ADD_FAILURE() << p.status().ToString();
    return new MachineProfile(p.ok() ? *p : MachineProfile());
  }();
  return *profile;
}

std::unique_ptr<xml::SafeXml> ParseOrDie(const std::string& text) {
  auto doc = xml::SafeXml::Parse(text);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString() << "\n" << text;
  return doc.ok() ? std::move(*doc) : nullptr;
}

// Compiles `expression` inside an IsInstalled holder.
Result<ApplicabilityRule> CompileExpression(const std::string& expression) {
  auto doc = ParseOrDie("<IsInstalled>" + expression + "</IsInstalled>");
  if (doc == nullptr) return Status::InvalidArgument("test XML does not parse");
  return ApplicabilityRule::Compile(doc->root());
}

Truth Evaluate(const std::string& expression, const MachineProfile& profile = TestProfile(),
               std::vector<std::string>* unknown = nullptr) {
  auto rule = CompileExpression(expression);
  EXPECT_TRUE(rule.ok()) << rule.status().ToString() << "\n" << expression;
  if (!rule.ok()) return Truth::kUnknown;
  return rule->Evaluate(profile, unknown);
}

std::string Hklm(const std::string& rule, const std::string& subkey, const std::string& attributes) {
  return "<b." + rule + " Key=\"HKEY_LOCAL_MACHINE\" Subkey=\"" + subkey + "\" " + attributes + " />";
}

struct Case {
  const char* name;
  std::string xml;
  Truth expected;
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(TruthName(Evaluate(c.xml)), TruthName(c.expected)) << c.name << ": " << c.xml;
  }
}

constexpr Truth T = Truth::kTrue;
constexpr Truth F = Truth::kFalse;
constexpr Truth U = Truth::kUnknown;

TEST(ApplicabilityRuleTest, TruthNames) {
  EXPECT_EQ(TruthName(T), "true");
  EXPECT_EQ(TruthName(F), "false");
  EXPECT_EQ(TruthName(U), "unknown");
}

TEST(ApplicabilityRuleTest, Logic) {
  RunCases({
      {"true", "<True />", T},
      {"false", "<False />", F},
      {"and all true", "<And><True /><True /><True /></And>", T},
      {"and one false", "<And><True /><False /><True /></And>", F},
      {"or one true", "<Or><False /><True /></Or>", T},
      {"or all false", "<Or><False /><False /></Or>", F},
      {"not true", "<Not><True /></Not>", F},
      {"not false", "<Not><False /></Not>", T},
      {"nested", "<And><Or><False /><Not><False /></Not></Or><Not><And><True /><False /></And></Not></And>", T},
      {"whitespace and comments between operands", "<And>\n  <!-- c -->\n  <True />\n  <True />\n</And>", T},
  });
}

TEST(ApplicabilityRuleTest, KleeneLogic) {
  // Mystery and Riddle are handler rules no one decides.
  RunCases({
      {"and true unknown", "<And><True /><Mystery /></And>", U},
      {"and unknown false", "<And><Mystery /><False /></And>", F},
      {"and false unknown", "<And><False /><Mystery /></And>", F},
      {"and unknown unknown", "<And><Mystery /><Riddle /></And>", U},
      {"or unknown true", "<Or><Mystery /><True /></Or>", T},
      {"or true unknown", "<Or><True /><Mystery /></Or>", T},
      {"or false unknown", "<Or><False /><Mystery /></Or>", U},
      {"not unknown", "<Not><Mystery /></Not>", U},
      {"not not unknown", "<Not><Not><Mystery /></Not></Not>", U},
      {"unknown alone", "<Mystery />", U},
  });
}

TEST(ApplicabilityRuleTest, WindowsVersion) {
  // The profile is 10.0.19045, SP 0.0, workstation, suites 0x110.
  RunCases({
      {"equal by default", R"(<b.WindowsVersion MajorVersion="10" MinorVersion="0" />)", T},
      {"equal other major", R"(<b.WindowsVersion MajorVersion="6" />)", F},
      {"no attributes", "<b.WindowsVersion />", T},
      {">= 6.3 workstation",
       R"(<b.WindowsVersion Comparison="GreaterThanOrEqualTo" MajorVersion="6" MinorVersion="3" ProductType="1" />)",
       T},
      {">= 6.3 server",
       R"(<b.WindowsVersion Comparison="GreaterThanOrEqualTo" MajorVersion="6" MinorVersion="3" ProductType="3" />)",
       F},
      {"> 9.5: the major decides", R"(<b.WindowsVersion Comparison="GreaterThan" MajorVersion="9" MinorVersion="5" />)",
       T},
      {"> 10", R"(<b.WindowsVersion Comparison="GreaterThan" MajorVersion="10" />)", F},
      {"<= 10.1", R"(<b.WindowsVersion Comparison="LessThanOrEqualTo" MajorVersion="10" MinorVersion="1" />)", T},
      {"< 10.0", R"(<b.WindowsVersion Comparison="LessThan" MajorVersion="10" MinorVersion="0" />)", F},
      {">= 10.0.19041",
       R"(<b.WindowsVersion Comparison="GreaterThanOrEqualTo" MajorVersion="10" MinorVersion="0" BuildNumber="19041" />)",
       T},
      {">= 10.0.22000",
       R"(<b.WindowsVersion Comparison="GreaterThanOrEqualTo" MajorVersion="10" MinorVersion="0" BuildNumber="22000" />)",
       F},
      {"build alone", R"(<b.WindowsVersion Comparison="LessThan" BuildNumber="22000" />)", T},
      // VerifyVersionInfo tests the build apart from the major.minor hierarchy, so
      // "< 10.0 build 22000" fails on 10.0 although 10.0.19045 sorts below 10.0.22000.
      {"build is a separate test",
       R"(<b.WindowsVersion Comparison="LessThan" MajorVersion="10" MinorVersion="0" BuildNumber="22000" />)", F},
      {">= 10 SP1", R"(<b.WindowsVersion Comparison="GreaterThanOrEqualTo" MajorVersion="10" ServicePackMajor="1" />)",
       F},
      {"= SP 0.0", R"(<b.WindowsVersion ServicePackMajor="0" ServicePackMinor="0" />)", T},
      {"one suite of 0x10", R"(<b.WindowsVersion SuiteMask="16" />)", T},
      {"one suite of 0x1", R"(<b.WindowsVersion SuiteMask="1" />)", F},
      {"one suite of 0x11", R"(<b.WindowsVersion SuiteMask="17" AllSuitesMustBePresent="false" />)", T},
      {"all suites of 0x11", R"(<b.WindowsVersion SuiteMask="17" AllSuitesMustBePresent="true" />)", F},
      {"all suites of 0x110", R"(<b.WindowsVersion SuiteMask="272" AllSuitesMustBePresent="1" />)", T},
  });
}

TEST(ApplicabilityRuleTest, WindowsVersionServicePackHierarchy) {
  MachineProfile sp1;
  sp1.os_major = 6;
  sp1.os_minor = 1;
  sp1.sp_major = 1;
  sp1.os_build = 7601;
  EXPECT_EQ(
      Evaluate(
          R"(<b.WindowsVersion Comparison="GreaterThanOrEqualTo" MajorVersion="6" MinorVersion="1" ServicePackMajor="1" />)",
          sp1),
      T);
  EXPECT_EQ(
      Evaluate(
          R"(<b.WindowsVersion Comparison="GreaterThan" MajorVersion="6" MinorVersion="0" ServicePackMajor="2" />)",
          sp1),
      T);
  EXPECT_EQ(
      Evaluate(R"(<b.WindowsVersion Comparison="LessThan" MajorVersion="6" MinorVersion="1" ServicePackMajor="2" />)",
               sp1),
      T);
  EXPECT_EQ(
      Evaluate(R"(<b.WindowsVersion Comparison="LessThan" MajorVersion="6" MinorVersion="1" ServicePackMajor="1" />)",
               sp1),
      F);
}

TEST(ApplicabilityRuleTest, WindowsLanguage) {
  RunCases({
      {"same tag", R"(<b.WindowsLanguage Language="en-US" />)", T},
      {"other case", R"(<b.WindowsLanguage Language="EN-us" />)", T},
      {"neutral tag", R"(<b.WindowsLanguage Language="en" />)", T},
      {"other region", R"(<b.WindowsLanguage Language="en-GB" />)", F},
      {"other language", R"(<b.WindowsLanguage Language="de" />)", F},
      {"longer tag", R"(<b.WindowsLanguage Language="en-US-x-test" />)", F},
      {"prefix not at a subtag", R"(<b.WindowsLanguage Language="e" />)", F},
  });
  MachineProfile neutral;
  neutral.language = "pt";
  EXPECT_EQ(Evaluate(R"(<b.WindowsLanguage Language="pt-BR" />)", neutral), F);
  EXPECT_EQ(Evaluate(R"(<b.WindowsLanguage Language="pt" />)", neutral), T);
}

TEST(ApplicabilityRuleTest, Processor) {
  RunCases({
      {"x64", R"(<b.Processor Architecture="9" />)", T},
      {"arm64", R"(<b.Processor Architecture="12" />)", F},
      {"x86", R"(<b.Processor Architecture="0" />)", F},
      {"with Level: undecided", R"(<b.Processor Architecture="9" Level="6" />)", U},
  });
  MachineProfile arm;
  arm.architecture = 12;
  EXPECT_EQ(Evaluate(R"(<b.Processor Architecture="12" />)", arm), T);
}

TEST(ApplicabilityRuleTest, RegKeyExists) {
  RunCases({
      {"exact", Hklm("RegKeyExists", "SOFTWARE\\Contoso\\Widgets", ""), T},
      {"other case", Hklm("RegKeyExists", "software\\contoso\\WIDGETS", ""), T},
      {"a key without values", Hklm("RegKeyExists", "SOFTWARE\\Contoso\\Empty", ""), T},
      {"a parent", Hklm("RegKeyExists", "SOFTWARE\\Contoso", ""), T},
      {"trailing backslash", Hklm("RegKeyExists", "SOFTWARE\\Contoso\\Widgets\\", ""), T},
      {"missing", Hklm("RegKeyExists", "SOFTWARE\\Contoso\\Gadgets", ""), F},
      {"a prefix of a name", Hklm("RegKeyExists", "SOFTWARE\\Cont", ""), F},
      {"the hive", Hklm("RegKeyExists", "", ""), T},
      {"other hive", R"(<b.RegKeyExists Key="HKEY_CURRENT_USER" Subkey="SOFTWARE\Contoso" />)", F},
      {"hive in other case", R"(<b.RegKeyExists Key="hkey_local_machine" Subkey="SOFTWARE\Contoso" />)", T},
      {"RegType32 ignored", Hklm("RegKeyExists", "SOFTWARE\\Contoso", "RegType32=\"true\""), T},
  });
}

TEST(ApplicabilityRuleTest, RegValueExists) {
  const std::string widgets = "SOFTWARE\\Contoso\\Widgets";
  RunCases({
      {"string value", Hklm("RegValueExists", widgets, R"(Value="Version")"), T},
      {"other case", Hklm("RegValueExists", widgets, R"(Value="VERSION")"), T},
      {"missing value", Hklm("RegValueExists", widgets, R"(Value="Missing")"), F},
      {"missing key", Hklm("RegValueExists", "SOFTWARE\\Gadgets", R"(Value="Version")"), F},
      {"default value", Hklm("RegValueExists", widgets, ""), T},
      {"default value, Value empty", Hklm("RegValueExists", widgets, R"(Value="")"), T},
      {"no default value", Hklm("RegValueExists", "SOFTWARE\\Contoso\\Empty", ""), F},
      {"REG_SZ", Hklm("RegValueExists", widgets, R"(Value="Version" Type="REG_SZ")"), T},
      {"not REG_DWORD", Hklm("RegValueExists", widgets, R"(Value="Version" Type="REG_DWORD")"), F},
      {"REG_DWORD", Hklm("RegValueExists", widgets, R"(Value="Flags" Type="REG_DWORD")"), T},
      {"not REG_SZ", Hklm("RegValueExists", widgets, R"(Value="Flags" Type="REG_SZ")"), F},
      {"REG_BINARY never", Hklm("RegValueExists", widgets, R"(Value="Flags" Type="REG_BINARY")"), F},
  });
}

TEST(ApplicabilityRuleTest, RegDword) {
  const std::string widgets = "SOFTWARE\\Contoso\\Widgets";
  RunCases({
      {"= 3", Hklm("RegDword", widgets, R"(Value="Flags" Comparison="EqualTo" Data="3")"), T},
      {"= 4", Hklm("RegDword", widgets, R"(Value="Flags" Comparison="EqualTo" Data="4")"), F},
      {"> 2", Hklm("RegDword", widgets, R"(Value="Flags" Comparison="GreaterThan" Data="2")"), T},
      {"> 3", Hklm("RegDword", widgets, R"(Value="Flags" Comparison="GreaterThan" Data="3")"), F},
      {">= 3", Hklm("RegDword", widgets, R"(Value="Flags" Comparison="GreaterThanOrEqualTo" Data="3")"), T},
      {">= 4", Hklm("RegDword", widgets, R"(Value="Flags" Comparison="GreaterThanOrEqualTo" Data="4")"), F},
      {"< 3", Hklm("RegDword", widgets, R"(Value="Flags" Comparison="LessThan" Data="3")"), F},
      {"< 4294967295", Hklm("RegDword", widgets, R"(Value="Flags" Comparison="LessThan" Data="4294967295")"), T},
      {"<= 3", Hklm("RegDword", widgets, R"(Value="Flags" Comparison="LessThanOrEqualTo" Data="3")"), T},
      {"value name case", Hklm("RegDword", widgets, R"(Value="flags" Comparison="EqualTo" Data="3")"), T},
      {"a string value", Hklm("RegDword", widgets, R"(Value="Version" Comparison="GreaterThan" Data="0")"), F},
      {"missing value", Hklm("RegDword", widgets, R"(Value="Missing" Comparison="EqualTo" Data="0")"), F},
      {"missing key", Hklm("RegDword", "SOFTWARE\\Gadgets", R"(Value="Flags" Comparison="EqualTo" Data="3")"), F},
      {"not missing",
       "<Not>" + Hklm("RegDword", "SOFTWARE\\Gadgets", R"(Value="Flags" Comparison="EqualTo" Data="1")") + "</Not>", T},
  });
}

TEST(ApplicabilityRuleTest, RegSz) {
  const std::string widgets = "SOFTWARE\\Contoso\\Widgets";  // Edition = "Professional Plus"
  RunCases({
      {"equal, other case", Hklm("RegSz", widgets, R"(Value="Edition" Comparison="EqualTo" Data="professional PLUS")"),
       T},
      {"not equal", Hklm("RegSz", widgets, R"(Value="Edition" Comparison="EqualTo" Data="Professional")"), F},
      {"NotEqualTo", Hklm("RegSz", widgets, R"(Value="Edition" Comparison="NotEqualTo" Data="Professional")"), T},
      {"NotEqualTo equal",
       Hklm("RegSz", widgets, R"(Value="Edition" Comparison="NotEqualTo" Data="PROFESSIONAL plus")"), F},
      {"contains", Hklm("RegSz", widgets, R"(Value="Edition" Comparison="Contains" Data="SIONAL P")"), T},
      {"not contains", Hklm("RegSz", widgets, R"(Value="Edition" Comparison="Contains" Data="Home")"), F},
      {"begins", Hklm("RegSz", widgets, R"(Value="Edition" Comparison="BeginsWith" Data="prof")"), T},
      {"not begins", Hklm("RegSz", widgets, R"(Value="Edition" Comparison="BeginsWith" Data="Plus")"), F},
      {"ends", Hklm("RegSz", widgets, R"(Value="Edition" Comparison="EndsWith" Data="PLUS")"), T},
      {"not ends", Hklm("RegSz", widgets, R"(Value="Edition" Comparison="EndsWith" Data="Prof")"), F},
      {"longer data", Hklm("RegSz", widgets, R"(Value="Edition" Comparison="BeginsWith" Data="Professional Plus 2")"),
       F},
      {"default value", Hklm("RegSz", widgets, R"(Value="" Comparison="EqualTo" Data="default text")"), T},
      {"a DWORD value", Hklm("RegSz", widgets, R"(Value="Flags" Comparison="EqualTo" Data="3")"), F},
      {"missing value", Hklm("RegSz", widgets, R"(Value="Missing" Comparison="Contains" Data="")"), F},
  });
}

TEST(ApplicabilityRuleTest, RegSzToVersion) {
  const std::string widgets = "SOFTWARE\\Contoso\\Widgets";  // Version = 2.0.5.0, Short = 6.3
  RunCases({
      {">= same",
       Hklm("RegSzToVersion", widgets, R"(Value="Version" Comparison="GreaterThanOrEqualTo" Data="2.0.5.0")"), T},
      {"< same", Hklm("RegSzToVersion", widgets, R"(Value="Version" Comparison="LessThan" Data="2.0.5.0")"), F},
      {"> lower last part",
       Hklm("RegSzToVersion", widgets, R"(Value="Version" Comparison="GreaterThan" Data="2.0.4.99")"), T},
      {"numeric, not text, order",
       Hklm("RegSzToVersion", widgets, R"(Value="Version" Comparison="LessThan" Data="2.0.10.0")"), T},
      {"< next major", Hklm("RegSzToVersion", widgets, R"(Value="Version" Comparison="LessThan" Data="3.0.0.0")"), T},
      {"= fewer parts", Hklm("RegSzToVersion", widgets, R"(Value="Version" Comparison="EqualTo" Data="2.0.5")"), T},
      {"two-part registry string",
       Hklm("RegSzToVersion", widgets, R"(Value="Short" Comparison="GreaterThanOrEqualTo" Data="6.1.0.0")"), T},
      {"two-part registry string equal",
       Hklm("RegSzToVersion", widgets, R"(Value="Short" Comparison="EqualTo" Data="6.3.0.0")"), T},
      {"not a version", Hklm("RegSzToVersion", widgets, R"(Value="Junk" Comparison="LessThan" Data="9.0.0.0")"), F},
      {"a DWORD value", Hklm("RegSzToVersion", widgets, R"(Value="Flags" Comparison="GreaterThan" Data="0.0.0.0")"), F},
      {"missing value", Hklm("RegSzToVersion", widgets, R"(Value="Missing" Comparison="LessThan" Data="9.0.0.0")"), F},
  });
}

TEST(ApplicabilityRuleTest, FileExistsAndFileVersion) {
  RunCases({
      {"csidl file", R"(<b.FileExists Csidl="38" Path="Contoso\Widgets\widgets.exe" />)", T},
      {"other case", R"(<b.FileExists Csidl="38" Path="CONTOSO\widgets\Widgets.EXE" />)", T},
      {"leading backslash", R"(<b.FileExists Csidl="38" Path="\Contoso\Widgets\widgets.exe" />)", T},
      {"other csidl", R"(<b.FileExists Csidl="42" Path="Contoso\Widgets\widgets.exe" />)", F},
      {"missing", R"(<b.FileExists Csidl="38" Path="Contoso\Widgets\gadgets.exe" />)", F},
      {"without version", R"(<b.FileExists Csidl="38" Path="Contoso\Widgets\readme.txt" />)", T},
      {"absolute path", R"(<b.FileExists Path="C:\ProgramData\Defs\mpasdlta.vdm" />)", T},
      {"version equal", R"(<b.FileExists Csidl="38" Path="Contoso\Widgets\widgets.exe" Version="2.0.5.0" />)", T},
      {"version differs", R"(<b.FileExists Csidl="38" Path="Contoso\Widgets\widgets.exe" Version="2.0.5.1" />)", F},
      {"version of a file without one",
       R"(<b.FileExists Csidl="38" Path="Contoso\Widgets\readme.txt" Version="1.0.0.0" />)", F},
      {"with Size: undecided", R"(<b.FileExists Csidl="38" Path="Contoso\Widgets\widgets.exe" Size="100" />)", U},
      {">= 2.0",
       R"(<b.FileVersion Csidl="38" Path="Contoso\Widgets\widgets.exe" Comparison="GreaterThanOrEqualTo" Version="2.0.0.0" />)",
       T},
      {"< same",
       R"(<b.FileVersion Csidl="38" Path="Contoso\Widgets\widgets.exe" Comparison="LessThan" Version="2.0.5.0" />)", F},
      {"= fewer parts",
       R"(<b.FileVersion Csidl="38" Path="Contoso\Widgets\widgets.exe" Comparison="EqualTo" Version="2.0.5" />)", T},
      {"missing file",
       R"(<b.FileVersion Csidl="38" Path="Contoso\Widgets\gadgets.exe" Comparison="LessThan" Version="9.0.0.0" />)", F},
      {"file without version",
       R"(<b.FileVersion Csidl="38" Path="Contoso\Widgets\readme.txt" Comparison="LessThan" Version="9.0.0.0" />)", F},
      {"unparsable version", R"(<b.FileVersion Path="C:\Windows\odd.dll" Comparison="LessThan" Version="9.0.0.0" />)",
       F},
      {"with Language: undecided",
       R"(<b.FileVersion Csidl="38" Path="Contoso\Widgets\widgets.exe" Comparison="EqualTo" Version="2.0.5.0" Language="1033" />)",
       U},
  });
}

TEST(ApplicabilityRuleTest, PrependRegSz) {
  const std::string defender = "SOFTWARE\\Defender";  // SignatureLocation ends with a backslash
  RunCases({
      {"exists", Hklm("FileExistsPrependRegSz", defender, R"(Value="SignatureLocation" Path="mpasdlta.vdm")"), T},
      {"leading backslash",
       Hklm("FileExistsPrependRegSz", defender, R"(Value="SignatureLocation" Path="\mpasdlta.vdm")"), T},
      {"other case", Hklm("FileExistsPrependRegSz", defender, R"(Value="signaturelocation" Path="MPASDLTA.VDM")"), T},
      {"other file", Hklm("FileExistsPrependRegSz", defender, R"(Value="SignatureLocation" Path="mpavdlta.vdm")"), F},
      {"missing value", Hklm("FileExistsPrependRegSz", defender, R"(Value="Missing" Path="mpasdlta.vdm")"), F},
      {"empty value", Hklm("FileExistsPrependRegSz", defender, R"(Value="Blank" Path="mpasdlta.vdm")"), F},
      {"a DWORD value", Hklm("FileExistsPrependRegSz", defender, R"(Value="Number" Path="mpasdlta.vdm")"), F},
      {"missing key",
       Hklm("FileExistsPrependRegSz", "SOFTWARE\\Other", R"(Value="SignatureLocation" Path="mpasdlta.vdm")"), F},
      {"version >=",
       Hklm("FileVersionPrependRegSz", defender,
            R"(Value="InstallLocation" Path="MpClient.dll" Comparison="GreaterThanOrEqualTo" Version="4.13.0.0")"),
       T},
      {"version >",
       Hklm("FileVersionPrependRegSz", defender,
            R"(Value="InstallLocation" Path="mpclient.dll" Comparison="GreaterThan" Version="4.18.2.0")"),
       F},
      {"version of a missing file",
       Hklm("FileVersionPrependRegSz", defender,
            R"(Value="InstallLocation" Path="MpEngine.dll" Comparison="GreaterThan" Version="0.0.0.0")"),
       F},
  });
}

TEST(ApplicabilityRuleTest, UndecidedRulesUseProfileRules) {
  std::vector<std::string> unknown;
  EXPECT_EQ(Evaluate("<CbsPackageInstalled />", TestProfile(), &unknown), T);
  EXPECT_EQ(Evaluate(R"(<b.LicenseDword Value="X" Comparison="EqualTo" Data="1" />)", TestProfile(), &unknown), F);
  EXPECT_TRUE(unknown.empty());
  // The name must match as written: "LicenseDword" alone is another rule.
  EXPECT_EQ(Evaluate("<LicenseDword />", TestProfile(), &unknown), U);
  EXPECT_EQ(unknown, std::vector<std::string>{"LicenseDword"});
  // The profile's answer wins even for a rule this agent could half evaluate.
  MachineProfile p;
  p.rules["b.Processor"] = true;
  EXPECT_EQ(Evaluate(R"(<b.Processor Architecture="5" Level="3" />)", p), T);
}

TEST(ApplicabilityRuleTest, UnknownNamesOnlyTheRulesThatLeftTheResultOpen) {
  struct Case {
    const char* xml;
    Truth expected;
    std::vector<std::string> unknown;
  };
  const Case cases[] = {
      {"<DeviceAttribute />", U, {"DeviceAttribute"}},
      {R"(<b.WmiQuery WqlQuery="SELECT * FROM Win32_Bios" />)", U, {"b.WmiQuery"}},
      {"<Or><False /><DeviceAttribute /><DeviceAttribute /><CbsPackageInstallable /></Or>",
       U,
       {"DeviceAttribute", "CbsPackageInstallable"}},
      {"<And><DeviceAttribute /><False /></And>", F, {}},
      {"<Or><DeviceAttribute /><True /></Or>", T, {}},
      {"<Or><And><Mystery /><False /></And><Riddle /></Or>", U, {"Riddle"}},
      {"<And><Not><Mystery /></Not><Or><Riddle /><Mystery /></Or></And>", U, {"Mystery", "Riddle"}},
      {R"(<b.Processor Architecture="9" Level="6" />)", U, {"b.Processor"}},
      {R"(<b.FileExists Path="C:\x" Created="2020-01-01T00:00:00Z" />)", U, {"b.FileExists"}},
      {"<CbsPackageInstalled />", T, {}},  // decided by the profile
  };
  for (const Case& c : cases) {
    std::vector<std::string> unknown;
    EXPECT_EQ(TruthName(Evaluate(c.xml, TestProfile(), &unknown)), TruthName(c.expected)) << c.xml;
    EXPECT_EQ(unknown, c.unknown) << c.xml;
  }
}

TEST(ApplicabilityRuleTest, UnknownKeepsWhatWasThereAndAddsNoDuplicate) {
  auto rule = CompileExpression("<And><DeviceAttribute /><Mystery /></And>");
  ASSERT_TRUE(rule.ok());
  std::vector<std::string> unknown = {"Earlier", "Mystery"};
  EXPECT_EQ(rule->Evaluate(TestProfile(), &unknown), U);
  EXPECT_EQ(unknown, (std::vector<std::string>{"Earlier", "Mystery", "DeviceAttribute"}));
  EXPECT_EQ(rule->Evaluate(TestProfile()), U);  // no vector: fine too
}

TEST(ApplicabilityRuleTest, NamespacedFormsMatchByUri) {
  const std::string bar = std::string("xmlns:bar=\"") + kBaseNs + "\"";
  const std::string lar = std::string("xmlns:lar=\"") + kLogicalNs + "\"";
  RunCases({
      {"bar/lar prefixes",
       "<lar:And " + lar + " " + bar +
           R"(><bar:WindowsVersion Comparison="GreaterThanOrEqualTo" MajorVersion="10" />)"
           R"(<lar:Not><bar:RegKeyExists Key="HKEY_LOCAL_MACHINE" Subkey="SOFTWARE\Gadgets" /></lar:Not></lar:And>)",
       T},
      {"short prefixes",
       std::string("<l:Or xmlns:l=\"") + kLogicalNs + "\" xmlns:b=\"" + kBaseNs +
           R"("><l:False /><b:Processor Architecture="9" /></l:Or>)",
       T},
      {"redeclared on each element",
       "<lar:And " + lar + "><bar:Processor " + bar + R"( Architecture="9" /><lar:True )" + lar + " /></lar:And>", T},
      {"default namespace", std::string("<And xmlns=\"") + kLogicalNs + "\"><True /><Not><True /></Not></And>", F},
      {"base rule in the default namespace",
       std::string("<WindowsLanguage xmlns=\"") + kBaseNs + R"(" Language="en" />)", T},
      {"undecided base rule", "<bar:LicenseDword " + bar + R"( Value="X" Comparison="EqualTo" Data="1" />)", F},
      {"a logical name in the base namespace is not logical", "<bar:True " + bar + " />", U},
      {"a base name in another namespace is not base", R"(<x:Processor xmlns:x="urn:contoso" Architecture="9" />)", U},
      {"a bare base name is a handler rule", R"(<Processor Architecture="9" />)", U},
  });
}

TEST(ApplicabilityRuleTest, NamespacedUndecidedRulesTakeTheirFragmentName) {
  std::vector<std::string> unknown;
  EXPECT_EQ(
      Evaluate(std::string("<bar:WmiQuery xmlns:bar=\"") + kBaseNs + R"(" WqlQuery="x" />)", TestProfile(), &unknown),
      U);
  EXPECT_EQ(
      Evaluate(
          R"(<msiar:MsiProductInstalled xmlns:msiar="http://schemas.microsoft.com/msus/2002/12/MsiApplicabilityRules" ProductCode="{00000000-0000-0000-0000-000000000000}" />)",
          TestProfile(), &unknown),
      U);
  EXPECT_EQ(Evaluate("<m.MsiPatchInstalledForProduct />", TestProfile(), &unknown), U);
  EXPECT_EQ(unknown,
            (std::vector<std::string>{"b.WmiQuery", "m.MsiProductInstalled", "m.MsiPatchInstalledForProduct"}));
}

// Every rule kind bench/catalog/generate_catalog.py writes must be decided.
TEST(ApplicabilityRuleTest, BenchmarkCatalogRulesAllEvaluate) {
  const std::string b = std::string("xmlns:b=\"") + kBaseNs + "\"";
  const std::string l = std::string("xmlns:l=\"") + kLogicalNs + "\"";
  const std::string key = R"(Key="HKEY_LOCAL_MACHINE" Subkey="SOFTWARE\Fabrikam\Contoso Writer")";
  const std::string document =
      "<l:And " + l + " " + b + ">" + "<b:RegSzToVersion " + key +
      R"( Value="Version" Comparison="GreaterThanOrEqualTo" Data="3.1.0.0" />)" +
      R"(<b:FileVersion Csidl="38" Path="Fabrikam\writer\core.dll" Comparison="LessThan" Version="3.2.0.0" />)" +
      R"(<b:FileExists Csidl="38" Path="Fabrikam\writer\ui.exe" />)" + "<b:RegValueExists " + key +
      R"( Value="InstallPath" Type="REG_SZ" />)" +
      "<l:Not><b:RegDword Key=\"HKEY_LOCAL_MACHINE\" Subkey=\"SOFTWARE\\Policies\\Fabrikam\\writer\" "
      "Value=\"BlockUpgrade\" Comparison=\"EqualTo\" Data=\"1\" /></l:Not>" +
      "<b:RegKeyExists " + key + " />" + "<l:Or><b:RegSz " + key +
      R"( Value="Edition" Comparison="EqualTo" Data="Standard" />)" + "<b:RegSz " + key +
      R"( Value="Edition" Comparison="EqualTo" Data="Enterprise" /></l:Or>)" +
      R"(<l:Or><b:WindowsLanguage Language="fr" /><b:WindowsLanguage Language="en" /></l:Or>)" +
      R"(<b:WindowsVersion Comparison="GreaterThanOrEqualTo" MajorVersion="10" MinorVersion="0" BuildNumber="17763" />)" +
      R"(<b:Processor Architecture="9" /><l:True /></l:And>)";
  auto installed = MachineProfile::FromJson(R"({
    "registry": {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Fabrikam\\Contoso Writer":
                   {"Version": "3.1.4.0", "InstallPath": "C:\\Fabrikam", "Edition": "enterprise"}},
    "files": {"csidl:38\\Fabrikam\\writer\\core.dll": "3.1.4.0", "csidl:38\\Fabrikam\\writer\\ui.exe": "3.1.4.0"}})");
  ASSERT_TRUE(installed.ok()) << installed.status().ToString();
  std::vector<std::string> unknown;
  EXPECT_EQ(Evaluate(document, *installed, &unknown), T);
  EXPECT_EQ(Evaluate(document, MachineProfile(), &unknown), F);
  EXPECT_TRUE(unknown.empty());
}

TEST(ApplicabilityRuleTest, CompileErrorsNameTheRule) {
  struct Case {
    std::string xml;
    std::string message;
  };
  const std::string key = R"(Key="HKEY_LOCAL_MACHINE" Subkey="SOFTWARE\X")";
  const std::vector<Case> cases = {
      {"<b.RegDword " + key + R"( Value="V" Comparison="EqualTo" />)", "b.RegDword: missing attribute Data"},
      {"<b.RegDword " + key + R"( Value="V" Data="1" />)", "b.RegDword: missing attribute Comparison"},
      {"<b.RegDword " + key + R"( Comparison="EqualTo" Data="1" />)", "b.RegDword: missing attribute Value"},
      {"<b.RegDword " + key + R"( Value="V" Comparison="Equals" Data="1" />)",
       R"(b.RegDword: bad Comparison "Equals")"},
      {"<b.RegDword " + key + R"( Value="V" Comparison="Contains" Data="1" />)",
       R"(b.RegDword: bad Comparison "Contains")"},
      {"<b.RegDword " + key + R"( Value="V" Comparison="EqualTo" Data="0x10" />)",
       R"(b.RegDword: Data "0x10" is not a number from 0 to 4294967295)"},
      {"<b.RegDword " + key + R"( Value="V" Comparison="EqualTo" Data="4294967296" />)",
       R"(b.RegDword: Data "4294967296" is not a number from 0 to 4294967295)"},
      {"<b.RegDword " + key + R"( Value="V" Comparison="EqualTo" Data="-1" />)",
       R"(b.RegDword: Data "-1" is not a number from 0 to 4294967295)"},
      {"<b.RegSz " + key + R"( Value="V" Comparison="GreaterThan" Data="a" />)",
       R"(b.RegSz: bad Comparison "GreaterThan")"},
      {"<b.RegSz " + key + R"( Value="V" Comparison="EqualTo" />)", "b.RegSz: missing attribute Data"},
      {"<b.RegSzToVersion " + key + R"( Value="V" Comparison="EqualTo" Data="1.2.3.4.5" />)",
       R"(b.RegSzToVersion: Data "1.2.3.4.5" is not a version)"},
      {"<b.RegSzToVersion " + key + R"( Value="V" Comparison="EqualTo" Data="1..2" />)",
       R"(b.RegSzToVersion: Data "1..2" is not a version)"},
      {R"(<b.RegKeyExists Key="HKEY_LOCAL_MACHINE" />)", "b.RegKeyExists: missing attribute Subkey"},
      {R"(<b.RegKeyExists Subkey="SOFTWARE" />)", "b.RegKeyExists: missing attribute Key"},
      {R"(<b.RegKeyExists Key="HKLM" Subkey="SOFTWARE" />)", R"(b.RegKeyExists: bad Key "HKLM")"},
      {"<b.RegValueExists " + key + R"( Value="V" Type="REG_WHATEVER" />)",
       R"(b.RegValueExists: bad Type "REG_WHATEVER")"},
      {R"(<b.WindowsVersion MajorVersion="ten" />)",
       R"(b.WindowsVersion: MajorVersion "ten" is not a number from 0 to 4294967295)"},
      {R"(<b.WindowsVersion ServicePackMajor="70000" />)",
       R"(b.WindowsVersion: ServicePackMajor "70000" is not a number from 0 to 65535)"},
      {R"(<b.WindowsVersion Comparison="Newer" MajorVersion="10" />)", R"(b.WindowsVersion: bad Comparison "Newer")"},
      {R"(<b.WindowsVersion SuiteMask="1" AllSuitesMustBePresent="yes" />)",
       R"(b.WindowsVersion: AllSuitesMustBePresent "yes" is not a boolean)"},
      {"<b.WindowsLanguage />", "b.WindowsLanguage: missing attribute Language"},
      {R"(<b.WindowsLanguage Language=" " />)", "b.WindowsLanguage: Language is empty"},
      {"<b.Processor />", "b.Processor: missing attribute Architecture"},
      {R"(<b.FileExists Csidl="38" />)", "b.FileExists: missing attribute Path"},
      {R"(<b.FileExists Csidl="x" Path="a" />)", R"(b.FileExists: Csidl "x" is not a number from 0 to 65535)"},
      {R"(<b.FileExists Path="a" Version="new" />)", R"(b.FileExists: Version "new" is not a version)"},
      {R"(<b.FileVersion Path="a" Comparison="EqualTo" />)", "b.FileVersion: missing attribute Version"},
      {R"(<b.FileVersion Path="a" Comparison="EqualTo" Version="" />)",
       R"(b.FileVersion: Version "" is not a version)"},
      {R"(<b.FileVersion Path="a" Comparison="BeginsWith" Version="1.0.0.0" />)",
       R"(b.FileVersion: bad Comparison "BeginsWith")"},
      {"<b.FileExistsPrependRegSz " + key + R"( Path="a" />)", "b.FileExistsPrependRegSz: missing attribute Value"},
      {"<b.FileVersionPrependRegSz " + key + R"( Value="V" Path="a" Version="1.0.0.0" />)",
       "b.FileVersionPrependRegSz: missing attribute Comparison"},
      {"<And />", "And: holds no rule"},
      {"<Or>  </Or>", "Or: holds no rule"},
      {"<Not />", "Not: must hold exactly one rule"},
      {"<Not><True /><True /></Not>", "Not: must hold exactly one rule"},
      {"<And><True /><Or><b.Processor /></Or></And>", "b.Processor: missing attribute Architecture"},
      {std::string("<bar:RegDword xmlns:bar=\"") + kBaseNs + "\" " + key + R"( Value="V" Comparison="EqualTo" />)",
       "bar:RegDword: missing attribute Data"},
  };
  for (const Case& c : cases) {
    auto rule = CompileExpression(c.xml);
    ASSERT_FALSE(rule.ok()) << c.xml;
    EXPECT_EQ(rule.status().code(), StatusCode::kInvalidArgument) << c.xml;
    EXPECT_EQ(rule.status().message(), "IsInstalled: " + c.message) << c.xml;
  }
}

TEST(ApplicabilityRuleTest, UndecidedRulesAreNotChecked) {
  // Rules this agent does not evaluate may carry anything.
  EXPECT_TRUE(CompileExpression("<b.WmiQuery />").ok());
  EXPECT_TRUE(CompileExpression(R"(<b.RegKeyLoop Key="HKEY_LOOP_TARGET"><Junk /></b.RegKeyLoop>)").ok());
  EXPECT_TRUE(CompileExpression("<CbsPackageInstalled><b.RegDword /></CbsPackageInstalled>").ok());
}

TEST(ApplicabilityRuleTest, HolderErrors) {
  EXPECT_EQ(ApplicabilityRule::Compile(pugi::xml_node()).status().code(), StatusCode::kInvalidArgument);
  auto doc = ParseOrDie("<IsInstallable> <!-- nothing --> </IsInstallable>");
  ASSERT_NE(doc, nullptr);
  auto rule = ApplicabilityRule::Compile(doc->root());
  ASSERT_FALSE(rule.ok());
  EXPECT_EQ(rule.status().message(), "IsInstallable: holds no rule");
}

std::string Nested(size_t depth) {
  std::string xml;
  for (size_t i = 1; i < depth; ++i) xml += "<Not>";
  xml += "<True />";
  for (size_t i = 1; i < depth; ++i) xml += "</Not>";
  return xml;
}

TEST(ApplicabilityRuleTest, DepthIsBounded) {
  auto deepest = CompileExpression(Nested(ApplicabilityRule::kMaxDepth));
  ASSERT_TRUE(deepest.ok()) << deepest.status().ToString();
  EXPECT_EQ(deepest->Evaluate(MachineProfile()), ApplicabilityRule::kMaxDepth % 2 == 1 ? T : F);
  for (size_t depth : {ApplicabilityRule::kMaxDepth + 1, size_t{200}}) {
    auto too_deep = CompileExpression(Nested(depth));
    ASSERT_FALSE(too_deep.ok()) << depth;
    EXPECT_EQ(too_deep.status().code(), StatusCode::kResourceExhausted);
    EXPECT_EQ(too_deep.status().message(), "IsInstalled: rules nested deeper than 64");
  }
}

TEST(ApplicabilityRuleTest, SizeIsBounded) {
  std::string wide = "<And>";
  for (size_t i = 0; i < ApplicabilityRule::kMaxNodes; ++i) wide += "<True/>";
  wide += "</And>";
  auto rule = CompileExpression(wide);
  ASSERT_FALSE(rule.ok());
  EXPECT_EQ(rule.status().code(), StatusCode::kResourceExhausted);
}

TEST(ApplicabilityRuleTest, CompiledRuleOutlivesItsXmlAndCopies) {
  std::optional<ApplicabilityRule> rule;
  {
    auto doc = ParseOrDie(
        R"(<IsInstalled><And><b.RegKeyExists Key="HKEY_LOCAL_MACHINE" Subkey="SOFTWARE\Contoso" /><Not><False /></Not></And></IsInstalled>)");
    ASSERT_NE(doc, nullptr);
    auto compiled = ApplicabilityRule::Compile(doc->root());
    ASSERT_TRUE(compiled.ok());
    rule.emplace(std::move(*compiled));
  }
  EXPECT_EQ(rule->node_count(), 4u);
  EXPECT_EQ(rule->Evaluate(TestProfile()), T);
  EXPECT_EQ(rule->Evaluate(MachineProfile()), F);
  ApplicabilityRule copy = *rule;
  rule.reset();
  EXPECT_EQ(copy.Evaluate(TestProfile()), T);
}

TEST(ApplicabilityRuleTest, RepeatedStringsAreStoredOnce) {
  const std::string one = Hklm("RegDword", "SOFTWARE\\Microsoft\\Windows Defender\\Miscellaneous Configuration",
                               R"(Value="DeltaUpdateFailure" Comparison="GreaterThanOrEqualTo" Data="1")");
  auto single = CompileExpression(one);
  std::string many = "<Or>";
  for (int i = 0; i < 10; ++i) many += one;
  many += "</Or>";
  auto repeated = CompileExpression(many);
  ASSERT_TRUE(single.ok());
  ASSERT_TRUE(repeated.ok());
  EXPECT_EQ(repeated->node_count(), 11u);
  EXPECT_EQ(repeated->text_size(), single->text_size());
}

TEST(ApplicabilityRuleTest, ApplicabilityRulesFromFragment) {
  auto doc = ParseOrDie(
      "<ApplicabilityRules><IsInstalled><b.Processor Architecture=\"9\" /></IsInstalled>"
      "<IsInstallable><Not><CbsPackageInstalled /></Not></IsInstallable>"
      "<Metadata><Anything /></Metadata></ApplicabilityRules>");
  ASSERT_NE(doc, nullptr);
  auto rules = ApplicabilityRules::FromNode(doc->root());
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_TRUE(rules->is_installed.has_value());
  ASSERT_TRUE(rules->is_installable.has_value());
  EXPECT_FALSE(rules->is_superseded.has_value());
  EXPECT_EQ(rules->is_installed->Evaluate(TestProfile()), T);
  EXPECT_EQ(rules->is_installable->Evaluate(TestProfile()), F);
}

TEST(ApplicabilityRuleTest, ApplicabilityRulesFromUpdateDocument) {
  auto doc =
      ParseOrDie(std::string("<upd:ApplicabilityRules xmlns:upd=\"http://schemas.microsoft.com/msus/2002/12/Update\" "
                             "xmlns:lar=\"") +
                 kLogicalNs + "\" xmlns:bar=\"" + kBaseNs + "\">" +
                 "<upd:IsInstalled><lar:False /></upd:IsInstalled>"
                 "<upd:IsSuperseded><bar:WindowsLanguage Language=\"en\" /></upd:IsSuperseded>"
                 "<upd:IsInstallable /></upd:ApplicabilityRules>");
  ASSERT_NE(doc, nullptr);
  auto rules = ApplicabilityRules::FromNode(doc->root());
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_TRUE(rules->is_installed.has_value());
  EXPECT_FALSE(rules->is_installable.has_value());  // an empty holder
  ASSERT_TRUE(rules->is_superseded.has_value());
  EXPECT_EQ(rules->is_installed->Evaluate(TestProfile()), F);
  EXPECT_EQ(rules->is_superseded->Evaluate(TestProfile()), T);
}

TEST(ApplicabilityRuleTest, ApplicabilityRulesNullAndErrors) {
  auto none = ApplicabilityRules::FromNode(pugi::xml_node());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->is_installed || none->is_installable || none->is_superseded);

  auto doc = ParseOrDie(
      "<ApplicabilityRules><IsInstalled><True /></IsInstalled>"
      "<IsInstallable><And /></IsInstallable></ApplicabilityRules>");
  ASSERT_NE(doc, nullptr);
  auto bad = ApplicabilityRules::FromNode(doc->root());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "IsInstallable: And: holds no rule");

  auto twice = ParseOrDie(
      "<ApplicabilityRules><IsInstalled><True /></IsInstalled>"
      "<IsInstalled><False /></IsInstalled></ApplicabilityRules>");
  ASSERT_NE(twice, nullptr);
  auto duplicate = ApplicabilityRules::FromNode(twice->root());
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.status().message(), "two IsInstalled elements");
}

// --- Real Core fragments (../shared/fixtures) ---------------------------------

std::vector<std::filesystem::path> CoreFragments(const std::string& fixtures) {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  const std::pair<const char*, const char*> sources[] = {
      {"wsus-rs/wsus-m0-wsusss/wusp-reference", ".core.xml"},
      {"wsus-rs/wsus-m0-cbs", "core"},
  };
  for (const auto& [dir, marker] : sources) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::path(fixtures) / dir, ec)) {
      std::string name = entry.path().filename().string();
      if (name.ends_with(".xml") && name.find(marker) != std::string::npos) out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The ApplicabilityRules elements of a Core fragment (sibling roots, so wrapped).
std::vector<pugi::xml_node> RulesOf(const xml::SafeXml& doc) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node child : doc.root().children()) {
    if (xml::LocalName(child) == "ApplicabilityRules") out.push_back(child);
  }
  return out;
}

TEST(ApplicabilityRuleFixtureTest, CompilesEveryRealCoreFragment) {
  auto fixtures = testing::FixturesDir();
  if (!fixtures) GTEST_SKIP() << "no ../shared/fixtures (or $OPENWSUS_FIXTURES): real Core fragments not checked";
  std::vector<std::filesystem::path> files = CoreFragments(*fixtures);
  if (files.empty()) GTEST_SKIP() << "no wsus-rs Core fragments under " << *fixtures;

  size_t compiled = 0;
  bool saw_cbs = false;
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    auto doc = ParseOrDie("<r>" + testing::ReadFileOrDie(path.string()) + "</r>");
    ASSERT_NE(doc, nullptr);
    for (pugi::xml_node node : RulesOf(*doc)) {
      auto rules = ApplicabilityRules::FromNode(node);
      ASSERT_TRUE(rules.ok()) << rules.status().ToString();
      for (const auto* rule : {&rules->is_installed, &rules->is_installable, &rules->is_superseded}) {
        if (!rule->has_value()) continue;
        ++compiled;
        // On a default PC only handler and licensing rules stay open: every base
        // rule the real fragments use is evaluated.
        std::vector<std::string> unknown;
        (*rule)->Evaluate(MachineProfile(), &unknown);
        for (const std::string& name : unknown) {
          EXPECT_TRUE(name == "CbsPackageInstalled" || name == "CbsPackageInstallable" || name == "DeviceAttribute" ||
                      name == "ProductReleaseInstalled" || name == "b.LicenseDword")
              << name;
        }
      }
      if (path.filename().string().starts_with("cbs-")) {
        saw_cbs = true;
        ASSERT_TRUE(rules->is_installed.has_value());
        std::vector<std::string> unknown;
        EXPECT_EQ(rules->is_installed->Evaluate(MachineProfile(), &unknown), U);
        EXPECT_NE(std::find(unknown.begin(), unknown.end(), "CbsPackageInstalled"), unknown.end());
        MachineProfile answered;
        answered.rules["CbsPackageInstalled"] = false;
        EXPECT_EQ(rules->is_installed->Evaluate(answered), F);
      }
    }
  }
  EXPECT_GT(compiled, 0u);
  EXPECT_TRUE(saw_cbs) << "no cbs-*core* fragment found";
}

}  // namespace
}  // namespace openwsus::agent
