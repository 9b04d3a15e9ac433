#include "agent/machine_profile.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace openwsus::agent {
namespace {

constexpr char kFullProfile[] = R"({
  "os": {"major": 6, "minor": 3, "build": 9600, "sp_major": 1, "sp_minor": 2,
         "product_type": 3, "suite_mask": 272, "sku": 7, "language": "de-DE"},
  "architecture": 12,
  "registry": {
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widgets": {"Version": "2.0.5.0", "Flags": 3, "": "default"},
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Empty": {}
  },
  "files": {"csidl:38\\Contoso\\widgets.exe": "2.0.5.0", "C:\\Windows\\notes.txt": ""},
  "installed": ["56309036-4C77-4DD9-951A-99EE9C246A94"],
  "rules": {"CbsPackageInstalled": true, "b.LicenseDword": false}
})";

MachineProfile ParseOrDie(const std::string& json) {
  auto profile = MachineProfile::FromJson(json);
  EXPECT_TRUE(profile.ok()) << profile.status().ToString();
  return profile.ok() ? *profile : MachineProfile();
}

TEST(MachineProfileTest, EmptyObjectIsAWindows11ProPc) {
  MachineProfile p = ParseOrDie("{}");
  EXPECT_EQ(p.os_major, 10);
  EXPECT_EQ(p.os_minor, 0);
  EXPECT_EQ(p.os_build, 26200);
  EXPECT_EQ(p.sp_major, 0);
  EXPECT_EQ(p.sp_minor, 0);
  EXPECT_EQ(p.product_type, 1);
  EXPECT_EQ(p.suite_mask, 256);
  EXPECT_EQ(p.sku, 48);
  EXPECT_EQ(p.language, "en-US");
  EXPECT_EQ(p.architecture, 9);
  EXPECT_TRUE(p.registry.empty());
  EXPECT_TRUE(p.files.empty());
  EXPECT_TRUE(p.installed.empty());
  EXPECT_TRUE(p.rules.empty());
  EXPECT_EQ(p, MachineProfile());
}

TEST(MachineProfileTest, ReadsEveryKey) {
  MachineProfile p = ParseOrDie(kFullProfile);
  EXPECT_EQ(p.os_major, 6);
  EXPECT_EQ(p.os_minor, 3);
  EXPECT_EQ(p.os_build, 9600);
  EXPECT_EQ(p.sp_major, 1);
  EXPECT_EQ(p.sp_minor, 2);
  EXPECT_EQ(p.product_type, 3);
  EXPECT_EQ(p.suite_mask, 272);
  EXPECT_EQ(p.sku, 7);
  EXPECT_EQ(p.language, "de-DE");
  EXPECT_EQ(p.architecture, 12);
  ASSERT_EQ(p.registry.size(), 2u);
  const MachineProfile::RegistryKey* widgets = p.FindKey("HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widgets");
  ASSERT_NE(widgets, nullptr);
  EXPECT_EQ(widgets->size(), 3u);
  EXPECT_EQ(std::get<std::string>(widgets->at("Version")), "2.0.5.0");
  EXPECT_EQ(std::get<uint32_t>(widgets->at("Flags")), 3u);
  EXPECT_EQ(std::get<std::string>(widgets->at("")), "default");
  EXPECT_EQ(p.files.size(), 2u);
  EXPECT_EQ(p.FindFile("C:\\Windows\\notes.txt"), std::optional<std::string_view>(""));
  ASSERT_EQ(p.installed.size(), 1u);
  EXPECT_EQ(p.installed.begin()->ToString(), "56309036-4c77-4dd9-951a-99ee9c246a94");
  EXPECT_EQ(p.rules.at("CbsPackageInstalled"), true);
  EXPECT_EQ(p.rules.at("b.LicenseDword"), false);
}

TEST(MachineProfileTest, RegistryLookupsIgnoreCase) {
  MachineProfile p = ParseOrDie(kFullProfile);
  EXPECT_NE(p.FindKey("hkey_local_machine\\software\\contoso\\WIDGETS"), nullptr);
  EXPECT_EQ(p.FindKey("HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Gadgets"), nullptr);
  const MachineProfile::RegistryValue* v = p.FindValue("HKEY_LOCAL_MACHINE\\software\\contoso\\widgets", "VERSION");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(std::get<std::string>(*v), "2.0.5.0");
  EXPECT_NE(p.FindValue("HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widgets", ""), nullptr);
  EXPECT_EQ(p.FindValue("HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Empty", ""), nullptr);
  EXPECT_EQ(p.FindValue("HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widgets", "Missing"), nullptr);
  EXPECT_EQ(p.FindValue("HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Gadgets", "Version"), nullptr);
}

TEST(MachineProfileTest, KeyExistsForParentsAndHives) {
  MachineProfile p = ParseOrDie(kFullProfile);
  struct Case {
    const char* path;
    bool exists;
  };
  const Case cases[] = {
      {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widgets", true},
      {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Empty", true},  // a key without values
      {"hkey_local_machine\\software\\contoso", true},         // the parent of both
      {"HKEY_LOCAL_MACHINE\\SOFTWARE", true},
      {"HKEY_LOCAL_MACHINE", true},  // a hive
      {"HKEY_CURRENT_USER", true},
      {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Cont", false},  // a prefix of a name, not a parent
      {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widgets\\Sub", false},
      {"HKEY_CURRENT_USER\\SOFTWARE\\Contoso", false},
  };
  for (const Case& c : cases) EXPECT_EQ(p.KeyExists(c.path), c.exists) << c.path;
}

TEST(MachineProfileTest, KeyPathsAreNormalisedWhenRead) {
  MachineProfile p = ParseOrDie(R"({"registry": {"\\HKEY_LOCAL_MACHINE\\\\SOFTWARE\\Contoso\\": {"A": 1}}})");
  ASSERT_EQ(p.registry.size(), 1u);
  EXPECT_EQ(p.registry.begin()->first, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso");
}

TEST(MachineProfileTest, NormalizeKeyPath) {
  const std::pair<const char*, const char*> cases[] = {
      {"HKEY_LOCAL_MACHINE\\SOFTWARE\\X", "HKEY_LOCAL_MACHINE\\SOFTWARE\\X"},
      {"HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\\\X\\", "HKEY_LOCAL_MACHINE\\SOFTWARE\\X"},
      {"\\HKEY_USERS", "HKEY_USERS"},
      {"\\\\", ""},
      {"", ""},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(NormalizeKeyPath(in), out) << in;
}

TEST(MachineProfileTest, SpellingsOfOneKeyMerge) {
  MachineProfile p = ParseOrDie(R"({"registry": {"HKEY_LOCAL_MACHINE\\SOFTWARE\\X": {"A": 1},
                                                 "hkey_local_machine\\software\\x": {"B": "b"}}})");
  ASSERT_EQ(p.registry.size(), 1u);
  EXPECT_EQ(p.registry.begin()->second.size(), 2u);
}

TEST(MachineProfileTest, FileLookupsIgnoreCaseAndJoinWithOneBackslash) {
  MachineProfile p = ParseOrDie(R"({"files": {"C:\\ProgramData\\Defs\\mpasdlta.vdm": "1.459.547.0"}})");
  EXPECT_EQ(p.FindFile("c:\\programdata\\DEFS\\MPASDLTA.VDM"), std::optional<std::string_view>("1.459.547.0"));
  EXPECT_FALSE(p.FindFile("C:\\ProgramData\\Defs\\mpavdlta.vdm").has_value());
  const JoinedPath found[] = {{"C:\\ProgramData\\Defs", "mpasdlta.vdm"},
                              {"C:\\ProgramData\\Defs\\", "mpasdlta.vdm"},
                              {"C:\\ProgramData\\Defs\\\\", "\\\\mpasdlta.vdm"},
                              {"c:\\programdata\\defs", "MPASDLTA.vdm"}};
  for (const JoinedPath& path : found) {
    EXPECT_TRUE(p.FindFile(path).has_value()) << path.dir << " + " << path.name;
  }
  const JoinedPath missing[] = {{"C:\\ProgramData", "mpasdlta.vdm"},
                                {"C:\\ProgramData\\Defs", "mpasdlta.vd"},
                                {"C:\\ProgramData\\Def", "smpasdlta.vdm"},
                                {"", "mpasdlta.vdm"}};
  for (const JoinedPath& path : missing) {
    EXPECT_FALSE(p.FindFile(path).has_value()) << path.dir << " + " << path.name;
  }
}

TEST(MachineProfileTest, CaseInsensitiveLessOrdersJoinedPathsLikeTheirText) {
  CaseInsensitiveLess less;
  EXPECT_FALSE(less("abc", "ABC"));
  EXPECT_FALSE(less("ABC", "abc"));
  EXPECT_TRUE(less("abc", "abd"));
  EXPECT_TRUE(less("ab", "abc"));
  JoinedPath path{"a\\", "b"};  // "a\b"
  EXPECT_FALSE(less(path, "A\\B"));
  EXPECT_FALSE(less("A\\B", path));
  EXPECT_TRUE(less(path, "a\\c"));
  EXPECT_TRUE(less("a\\", path));
  EXPECT_FALSE(less(path, "a\\"));
  EXPECT_TRUE(less(path, "a\\b\\c"));
}

TEST(MachineProfileTest, WrongInputNamesTheKey) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {"{", "machine profile: not valid JSON"},
      {"[]", "machine profile: not a JSON object"},
      {R"({"os": 1})", "machine profile: os: must be an object"},
      {R"({"os": {"major": "10"}})", "machine profile: os.major: must be an integer from 0 to 2147483647"},
      {R"({"os": {"minor": -1}})", "machine profile: os.minor: must be an integer from 0 to 2147483647"},
      {R"({"os": {"build": 1.5}})", "machine profile: os.build: must be an integer from 0 to 2147483647"},
      {R"({"os": {"sp_major": 65536}})", "machine profile: os.sp_major: must be an integer from 0 to 65535"},
      {R"({"os": {"sp_minor": true}})", "machine profile: os.sp_minor: must be an integer from 0 to 65535"},
      {R"({"os": {"product_type": 256}})", "machine profile: os.product_type: must be an integer from 0 to 255"},
      {R"({"os": {"suite_mask": 70000}})", "machine profile: os.suite_mask: must be an integer from 0 to 65535"},
      {R"({"os": {"sku": 3000000000}})", "machine profile: os.sku: must be an integer from 0 to 2147483647"},
      {R"({"os": {"language": 9}})", "machine profile: os.language: must be a string"},
      {R"({"os": {"biuld": 1}})", "machine profile: os.biuld: unknown key"},
      {R"({"architecture": "x64"})", "machine profile: architecture: must be an integer from 0 to 65535"},
      {R"({"registry": []})", "machine profile: registry: must be an object of key path -> values"},
      {R"({"registry": {"HKEY_LOCAL_MACHINE\\X": 1}})",
       R"(machine profile: registry["HKEY_LOCAL_MACHINE\X"]: must be an object of value name -> data)"},
      {R"({"registry": {"HKEY_LOCAL_MACHINE\\X": {"V": true}}})",
       R"(machine profile: registry["HKEY_LOCAL_MACHINE\X"]["V"]: must be a string (REG_SZ) or an integer from 0 to 4294967295 (REG_DWORD))"},
      {R"({"registry": {"HKEY_LOCAL_MACHINE\\X": {"V": 4294967296}}})",
       R"(machine profile: registry["HKEY_LOCAL_MACHINE\X"]["V"]: must be a string (REG_SZ) or an integer from 0 to 4294967295 (REG_DWORD))"},
      {R"({"registry": {"HKEY_LOCAL_MACHINE\\X": {"V": -1}}})",
       R"(machine profile: registry["HKEY_LOCAL_MACHINE\X"]["V"]: must be a string (REG_SZ) or an integer from 0 to 4294967295 (REG_DWORD))"},
      {R"({"registry": {"HKEY_LOCAL_MACHINE\\X": {"V": 1, "v": 2}}})",
       R"(machine profile: registry["HKEY_LOCAL_MACHINE\X"]["v"]: given twice (value names compare case-insensitively))"},
      {R"({"registry": {"\\\\": {}}})", R"(machine profile: registry["\\"]: is not a key path)"},
      {R"({"files": "x"})", "machine profile: files: must be an object of path -> version"},
      {R"({"files": {"C:\\a.dll": 1}})",
       R"(machine profile: files["C:\a.dll"]: must be a version string ("" for none))"},
      {R"({"files": {"C:\\a.dll": "1", "c:\\A.DLL": "2"}})",
       R"(machine profile: files["c:\A.DLL"]: given twice (paths compare case-insensitively))"},
      {R"({"installed": {}})", "machine profile: installed: must be an array of update ids"},
      {R"({"installed": [1]})", "machine profile: installed[0]: must be an update id string"},
      {R"({"rules": []})", "machine profile: rules: must be an object of rule name -> true/false"},
      {R"({"rules": {"CbsPackageInstalled": 1}})",
       R"(machine profile: rules["CbsPackageInstalled"]: must be true or false)"},
      {R"({"languages": "en"})", "machine profile: languages: unknown key"},
  };
  for (const Case& c : cases) {
    auto profile = MachineProfile::FromJson(c.json);
    ASSERT_FALSE(profile.ok()) << c.json;
    EXPECT_EQ(profile.status().code(), StatusCode::kInvalidArgument) << c.json;
    EXPECT_EQ(profile.status().message(), c.message) << c.json;
  }
}

TEST(MachineProfileTest, BadUpdateIdNamesItsIndex) {
  auto profile = MachineProfile::FromJson(R"({"installed": ["56309036-4c77-4dd9-951a-99ee9c246a94", "nope"]})");
  ASSERT_FALSE(profile.ok());
  EXPECT_TRUE(profile.status().message().starts_with("machine profile: installed[1]: ")) << profile.status().message();
}

TEST(MachineProfileTest, ToJsonRoundTrips) {
  MachineProfile p = ParseOrDie(kFullProfile);
  auto again = MachineProfile::FromJson(p.ToJson());
  ASSERT_TRUE(again.ok()) << again.status().ToString() << "\n" << p.ToJson();
  EXPECT_EQ(*again, p);
  // Case is kept, not folded away.
  EXPECT_NE(p.ToJson().find("SOFTWARE\\\\Contoso\\\\Widgets"), std::string::npos) << p.ToJson();

  auto defaults = MachineProfile::FromJson(MachineProfile().ToJson());
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(*defaults, MachineProfile());
}

TEST(MachineProfileTest, ToJsonRoundTripsAProfileBuiltInCode) {
  MachineProfile p;
  p.os_build = 22631;
  p.registry["HKEY_LOCAL_MACHINE\\SOFTWARE\\X"]["Big"] = uint32_t{4294967295u};
  p.registry["HKEY_LOCAL_MACHINE\\SOFTWARE\\X"]["Text"] = std::string("a \"quoted\" \\ value");
  p.files["csidl:37\\drivers\\x.sys"] = "";
  p.installed.insert(*Guid::Parse("6964aab4-c5b5-43bd-a17d-ffb4346a8e1d"));
  p.rules["DeviceAttribute"] = true;
  auto again = MachineProfile::FromJson(p.ToJson());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, p);
}

TEST(MachineProfileTest, CopiesAreIndependent) {
  MachineProfile a = ParseOrDie(kFullProfile);
  MachineProfile b = a;
  b.registry.clear();
  b.language = "fr-FR";
  EXPECT_EQ(a.registry.size(), 2u);
  EXPECT_EQ(a.language, "de-DE");
  EXPECT_NE(a, b);
}

TEST(MachineProfileTest, ReadsDevicesWithTheirDrivers) {
  MachineProfile p = ParseOrDie(R"({"devices": [
      {"hardware_ids": ["PCI\\VEN_C0DE&DEV_0001&SUBSYS_1", "PCI\\VEN_C0DE&DEV_0001"],
       "compatible_ids": ["PCI\\CC_0200"],
       "driver": {"matching_id": "PCI\\VEN_C0DE&DEV_0001", "date": "2025-01-10", "version": "1.0.0.0",
                  "class": "Net", "manufacturer": "Contoso", "provider": "Contoso"}},
      {"hardware_ids": ["USB\\VID_0001"]}]})");
  ASSERT_EQ(p.devices.size(), 2u);
  EXPECT_EQ(p.devices[0].hardware_ids[0], "PCI\\VEN_C0DE&DEV_0001&SUBSYS_1") << "kept as the device reports it";
  EXPECT_EQ(p.devices[0].RankedIds(),
            (std::vector<std::string>{"pci\\ven_c0de&dev_0001&subsys_1", "pci\\ven_c0de&dev_0001", "pci\\cc_0200"}));
  ASSERT_TRUE(p.devices[0].driver.has_value());
  EXPECT_EQ(p.devices[0].driver->hardware_id, "pci\\ven_c0de&dev_0001");
  EXPECT_EQ(p.devices[0].driver->date, "2025-01-10");
  EXPECT_EQ(p.devices[0].driver->class_name, "Net");
  EXPECT_FALSE(p.devices[1].driver.has_value());
  auto again = MachineProfile::FromJson(p.ToJson());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, p);
}

TEST(MachineProfileTest, WrongDevicesNameTheKey) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"({"devices": {}})", "machine profile: devices: must be an array of devices"},
      {R"({"devices": [1]})", "machine profile: devices[0]: must be an object"},
      {R"({"devices": [{}]})", "machine profile: devices[0].hardware_ids: must list at least one id"},
      {R"({"devices": [{"hardware_ids": "X"}]})",
       "machine profile: devices[0].hardware_ids: must be an array of strings"},
      {R"({"devices": [{"hardware_ids": [""]}]})",
       "machine profile: devices[0].hardware_ids: must be an array of non-empty strings"},
      {R"({"devices": [{"hardware_ids": ["X"], "model": "Y"}]})", "machine profile: devices[0].model: unknown key"},
      {R"({"devices": [{"hardware_ids": ["X"], "driver": {"date": "2025-01-01", "version": "1.0.0.0"}}]})",
       "machine profile: devices[0].driver.matching_id: is required"},
      {R"({"devices": [{"hardware_ids": ["X"], "driver": {"matching_id": "X", "date": "1/1/2025", "version": "1.0.0.0"}}]})",
       "machine profile: devices[0].driver.date: must be a date yyyy-mm-dd"},
      {R"({"devices": [{"hardware_ids": ["X"], "driver": {"matching_id": "X", "date": "2025-01-01", "version": "1.0"}}]})",
       "machine profile: devices[0].driver.version: must be a version a.b.c.d, each part 0..65535"},
  };
  for (const Case& c : cases) {
    auto profile = MachineProfile::FromJson(c.json);
    ASSERT_FALSE(profile.ok()) << c.json;
    EXPECT_EQ(profile.status().message(), c.message) << c.json;
  }
}

TEST(MachineProfileTest, InstalledDriverJsonRoundTrips) {
  catalog::DriverMetadata d{"pci\\ven_c0de&dev_0001", "2026-03-04", "2.1.0.7", "Net", "Contoso", "Contoso", "NIC"};
  auto again = InstalledDriverFromJson(InstalledDriverToJson(d), "driver");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, d);
  EXPECT_EQ(InstalledDriverFromJson("{", "drivers[\"x\"]").status().message(), "drivers[\"x\"]: not valid JSON");
}

}  // namespace
}  // namespace openwsus::agent
