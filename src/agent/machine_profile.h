// MachineProfile: the simulated computer a reference agent evaluates
// applicability rules against (applicability_rule.h): its Windows version and
// edition, processor, language, a registry, files with versions, the updates
// it has installed, and the answers to rules the agent cannot evaluate.
//
// JSON form (FromJson / ToJson); every key is optional, and an unknown key is
// an error so that a misspelt one is not silently ignored:
//
//   {
//     "os": {"major": 10, "minor": 0, "build": 26200, "sp_major": 0, "sp_minor": 0,
//            "product_type": 1, "suite_mask": 256, "sku": 48, "language": "en-US"},
//     "architecture": 9,
//     "registry": {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso": {"Version": "2.0.5.0", "Flags": 3, "": "default"}},
//     "files": {"csidl:38\\Contoso\\widgets.exe": "2.0.5.0", "C:\\Windows\\notes.txt": ""},
//     "installed": ["<update id>", ...],
//     "rules": {"CbsPackageInstalled": true, "b.LicenseDword": false},
//     "devices": [{"hardware_ids": ["PCI\\VEN_8086&DEV_15F3&SUBSYS_00008086", "PCI\\VEN_8086&DEV_15F3"],
//                  "compatible_ids": ["PCI\\CC_020000"],
//                  "driver": {"matching_id": "PCI\\VEN_8086&DEV_15F3", "date": "2024-05-02",
//                             "version": "2.1.4.0", "class": "Net", "manufacturer": "Intel",
//                             "provider": "Intel"}}]
//   }
//
// The defaults describe a Windows 11 Pro x64 PC, build 26200, in en-US, with an
// empty registry and no files. Meanings:
//   product_type  OSVERSIONINFOEX wProductType: 1 workstation, 2 domain controller, 3 server
//   suite_mask    wSuiteMask (256 = VER_SUITE_SINGLEUSERTS, what a Pro edition reports)
//   sku           GetProductInfo (48 = PRODUCT_PROFESSIONAL)
//   architecture  PROCESSOR_ARCHITECTURE_*: 0 x86, 5 ARM, 6 IA64, 9 x64, 12 ARM64
//   registry      full key path -> value name ("" is the key's default value) -> a
//                 string (REG_SZ) or a number 0..4294967295 (REG_DWORD)
//   files         path -> file version ("" for a file without one); a file found
//                 through a CSIDL is named "csidl:<number>\<path under it>"
//   rules         rule element name, as a Core fragment spells it -> its answer
//   devices       what the driver pass of SyncUpdates describes (SystemSpec): each
//                 device's hardware ids and compatible ids, most specific first, and
//                 the driver installed for it, if any (InstalledDriverFromJson)
//
// Registry key paths, value names and file paths compare case-insensitively (ASCII),
// as on Windows; key paths are normalised (NormalizeKeyPath) when read. Rule names
// compare exactly.
//
// A plain copyable value with no caches: a fleet copies one per simulated computer.
// Lookups take string views and allocate nothing.
#ifndef OPENWSUS_AGENT_MACHINE_PROFILE_H_
#define OPENWSUS_AGENT_MACHINE_PROFILE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "catalog/update.h"
#include "common/guid.h"
#include "common/result.h"

namespace openwsus::agent {

// The path `dir` + "\" + `name`, with the backslashes where they meet collapsed
// to one, looked up without building the string (FileVersionPrependRegSz paths).
struct JoinedPath {
  std::string_view dir;
  std::string_view name;
};

// Orders strings by their ASCII lower-case form. Transparent: maps keyed by
// std::string take a std::string_view or a JoinedPath as the lookup key.
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
  bool operator()(const JoinedPath& a, std::string_view b) const;
  bool operator()(std::string_view a, const JoinedPath& b) const;
};

// A registry key path with runs of backslashes collapsed to one and no leading
// or trailing backslash: "HKEY_LOCAL_MACHINE\\SOFTWARE\\X\\" -> "HKEY_LOCAL_MACHINE\SOFTWARE\X".
std::string NormalizeKeyPath(std::string_view path);

// A device of the computer. Its driver's hardware_id holds the MatchingID,
// lower case as every id compares.
struct Device {
  std::vector<std::string> hardware_ids;  // as the device reports them; at least one
  std::vector<std::string> compatible_ids;
  std::optional<catalog::DriverMetadata> driver;

  // Hardware ids then compatible ids, lower case: what drivers rank against.
  std::vector<std::string> RankedIds() const;
  bool operator==(const Device&) const = default;
};

// The JSON form of an installed driver, shared by machine profiles and the
// computer's state: {"matching_id": "...", "date": "yyyy-mm-dd", "version":
// "1.2.3.4", "class": "...", "manufacturer": "...", "provider": "...",
// "model": "..."}; matching_id, date and version are required. Errors are
// InvalidArgument "<where>: <what is wrong>".
Result<catalog::DriverMetadata> InstalledDriverFromJson(std::string_view json_text, std::string_view where);
std::string InstalledDriverToJson(const catalog::DriverMetadata& driver);

struct MachineProfile {
  using RegistryValue = std::variant<std::string, uint32_t>;  // REG_SZ or REG_DWORD
  // Value name ("" = the default value) -> data.
  using RegistryKey = std::map<std::string, RegistryValue, CaseInsensitiveLess>;

  int os_major = 10;
  int os_minor = 0;
  int os_build = 26200;
  int sp_major = 0;
  int sp_minor = 0;
  int product_type = 1;
  int suite_mask = 256;
  int sku = 48;
  std::string language = "en-US";
  int architecture = 9;
  // Key path -> values. REQUIRES: paths normalised (NormalizeKeyPath), also when set in code.
  std::map<std::string, RegistryKey, CaseInsensitiveLess> registry;
  std::map<std::string, std::string, CaseInsensitiveLess> files;  // path -> version
  std::set<Guid> installed;
  std::map<std::string, bool, std::less<>> rules;
  std::vector<Device> devices;

  // InvalidArgument "machine profile: <key path>: <what is wrong>" on bad JSON, a
  // wrong type, a number out of range, an unknown key, or two keys, values or
  // files that differ only in case.
  static Result<MachineProfile> FromJson(std::string_view json_text);
  // The JSON form above with every key written; FromJson(ToJson()) == *this.
  std::string ToJson() const;

  // The values of a key, or null. REQUIRES: `key_path` normalised.
  const RegistryKey* FindKey(std::string_view key_path) const;
  // Whether the key exists: it holds values, or a key under it does (Windows
  // has every parent of an existing key). A hive alone always exists.
  bool KeyExists(std::string_view key_path) const;
  // A value of a key, or null. An empty `name` is the key's default value.
  const RegistryValue* FindValue(std::string_view key_path, std::string_view name) const;
  // The version of a file ("" when it has none), or nullopt when it is absent.
  std::optional<std::string_view> FindFile(std::string_view path) const;
  std::optional<std::string_view> FindFile(const JoinedPath& path) const;

  bool operator==(const MachineProfile&) const = default;
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_MACHINE_PROFILE_H_
