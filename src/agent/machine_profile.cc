#include "agent/machine_profile.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <utility>

#include <nlohmann/json.hpp>

#include "catalog/driver_score.h"
#include "common/strings.h"

namespace openwsus::agent {
namespace {

using nlohmann::json;

constexpr int kMaxInt = std::numeric_limits<int>::max();
constexpr uint64_t kMaxDword = std::numeric_limits<uint32_t>::max();

// CompareIgnoreCase of the joined path `a` against `b`, without joining it.
int CompareJoined(const JoinedPath& a, std::string_view b) {
  std::string_view dir = a.dir;
  while (!dir.empty() && dir.back() == '\\') dir.remove_suffix(1);
  std::string_view name = a.name;
  while (!name.empty() && name.front() == '\\') name.remove_prefix(1);
  size_t size = dir.size() + 1 + name.size();
  size_t n = std::min(size, b.size());
  for (size_t i = 0; i < n; ++i) {
    char c = i < dir.size() ? dir[i] : (i == dir.size() ? '\\' : name[i - dir.size() - 1]);
    auto x = static_cast<unsigned char>(AsciiLower(c));
    auto y = static_cast<unsigned char>(AsciiLower(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return size < b.size() ? -1 : (size > b.size() ? 1 : 0);
}

// "machine profile: <where>: <what>", naming the JSON key that is wrong.
Status Bad(std::string_view where, std::string_view what) {
  return Status::InvalidArgument("machine profile: " + std::string(where) + ": " + std::string(what));
}

std::string Member(std::string_view parent, std::string_view key) {
  return std::string(parent) + "[\"" + std::string(key) + "\"]";
}

Status CheckKeys(const json& object, std::string_view where, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : object.items()) {
    bool found = false;
    for (std::string_view k : known) found = found || k == key;
    if (!found) return Bad(where.empty() ? key : std::string(where) + "." + key, "unknown key");
  }
  return Status::Ok();
}

// A JSON integer that is not negative, or nullopt.
std::optional<uint64_t> AsUnsigned(const json& value) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer() && value.get<int64_t>() >= 0) return static_cast<uint64_t>(value.get<int64_t>());
  return std::nullopt;
}

Status ReadInt(const json& object, const char* key, std::string_view where, int max, int* out) {
  auto it = object.find(key);
  if (it == object.end()) return Status::Ok();
  std::optional<uint64_t> n = AsUnsigned(*it);
  if (!n || *n > static_cast<uint64_t>(max)) {
    return Bad(where, "must be an integer from 0 to " + std::to_string(max));
  }
  *out = static_cast<int>(*n);
  return Status::Ok();
}

Status ReadOs(const json& os, MachineProfile* p) {
  if (!os.is_object()) return Bad("os", "must be an object");
  OW_RETURN_IF_ERROR(CheckKeys(
      os, "os", {"major", "minor", "build", "sp_major", "sp_minor", "product_type", "suite_mask", "sku", "language"}));
  struct Field {
    const char* key;
    int max;
    int* out;
  };
  for (const Field& f : {Field{"major", kMaxInt, &p->os_major}, Field{"minor", kMaxInt, &p->os_minor},
                         Field{"build", kMaxInt, &p->os_build}, Field{"sp_major", 0xffff, &p->sp_major},
                         Field{"sp_minor", 0xffff, &p->sp_minor}, Field{"product_type", 0xff, &p->product_type},
                         Field{"suite_mask", 0xffff, &p->suite_mask}, Field{"sku", kMaxInt, &p->sku}}) {
    OW_RETURN_IF_ERROR(ReadInt(os, f.key, std::string("os.") + f.key, f.max, f.out));
  }
  if (auto it = os.find("language"); it != os.end()) {
    if (!it->is_string()) return Bad("os.language", "must be a string");
    p->language = it->get<std::string>();
  }
  return Status::Ok();
}

Status ReadRegistryKey(const json& values, const std::string& where, MachineProfile::RegistryKey* key) {
  if (!values.is_object()) return Bad(where, "must be an object of value name -> data");
  for (const auto& [name, data] : values.items()) {
    std::string at = Member(where, name);
    MachineProfile::RegistryValue value;
    if (data.is_string()) {
      value = data.get<std::string>();
    } else if (std::optional<uint64_t> n = AsUnsigned(data); n && *n <= kMaxDword) {
      value = static_cast<uint32_t>(*n);
    } else {
      return Bad(at, "must be a string (REG_SZ) or an integer from 0 to 4294967295 (REG_DWORD)");
    }
    if (!key->emplace(name, std::move(value)).second) {
      return Bad(at, "given twice (value names compare case-insensitively)");
    }
  }
  return Status::Ok();
}

Status ReadRegistry(const json& registry, MachineProfile* p) {
  if (!registry.is_object()) return Bad("registry", "must be an object of key path -> values");
  for (const auto& [path, values] : registry.items()) {
    std::string normal = NormalizeKeyPath(path);
    if (normal.empty()) return Bad(Member("registry", path), "is not a key path");
    // Two spellings of one key merge; a value given under both is an error.
    OW_RETURN_IF_ERROR(ReadRegistryKey(values, Member("registry", path), &p->registry[normal]));
  }
  return Status::Ok();
}

Status ReadFiles(const json& files, MachineProfile* p) {
  if (!files.is_object()) return Bad("files", "must be an object of path -> version");
  for (const auto& [path, version] : files.items()) {
    if (!version.is_string()) return Bad(Member("files", path), "must be a version string (\"\" for none)");
    if (!p->files.emplace(path, version.get<std::string>()).second) {
      return Bad(Member("files", path), "given twice (paths compare case-insensitively)");
    }
  }
  return Status::Ok();
}

Status ReadInstalled(const json& installed, MachineProfile* p) {
  if (!installed.is_array()) return Bad("installed", "must be an array of update ids");
  for (size_t i = 0; i < installed.size(); ++i) {
    std::string at = "installed[" + std::to_string(i) + "]";
    if (!installed[i].is_string()) return Bad(at, "must be an update id string");
    auto id = Guid::Parse(installed[i].get<std::string>());
    if (!id.ok()) return Bad(at, id.status().message());
    p->installed.insert(*id);
  }
  return Status::Ok();
}

Status ReadRules(const json& rules, MachineProfile* p) {
  if (!rules.is_object()) return Bad("rules", "must be an object of rule name -> true/false");
  for (const auto& [name, answer] : rules.items()) {
    if (!answer.is_boolean()) return Bad(Member("rules", name), "must be true or false");
    p->rules[name] = answer.get<bool>();
  }
  return Status::Ok();
}

Status ReadText(const json& object, const char* key, std::string_view where, bool required, std::string* out) {
  auto it = object.find(key);
  if (it == object.end()) return required ? Bad(std::string(where) + "." + key, "is required") : Status::Ok();
  if (!it->is_string()) return Bad(std::string(where) + "." + key, "must be a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

Result<catalog::DriverMetadata> ReadDriver(const json& doc, std::string_view where) {
  if (!doc.is_object()) return Bad(where, "must be an object");
  OW_RETURN_IF_ERROR(
      CheckKeys(doc, where, {"matching_id", "date", "version", "class", "manufacturer", "provider", "model"}));
  catalog::DriverMetadata d;
  OW_RETURN_IF_ERROR(ReadText(doc, "matching_id", where, true, &d.hardware_id));
  OW_RETURN_IF_ERROR(ReadText(doc, "date", where, true, &d.date));
  OW_RETURN_IF_ERROR(ReadText(doc, "version", where, true, &d.version));
  OW_RETURN_IF_ERROR(ReadText(doc, "class", where, false, &d.class_name));
  OW_RETURN_IF_ERROR(ReadText(doc, "manufacturer", where, false, &d.manufacturer));
  OW_RETURN_IF_ERROR(ReadText(doc, "provider", where, false, &d.provider));
  OW_RETURN_IF_ERROR(ReadText(doc, "model", where, false, &d.model));
  if (d.hardware_id.empty()) return Bad(std::string(where) + ".matching_id", "must not be empty");
  d.hardware_id = AsciiLower(d.hardware_id);
  if (!catalog::IsDriverDate(d.date)) return Bad(std::string(where) + ".date", "must be a date yyyy-mm-dd");
  if (!catalog::IsDriverVersion(d.version)) {
    return Bad(std::string(where) + ".version", "must be a version a.b.c.d, each part 0..65535");
  }
  return d;
}

json DriverJson(const catalog::DriverMetadata& d) {
  json out = {{"matching_id", d.hardware_id},   {"date", d.date},
              {"version", d.version},           {"class", d.class_name},
              {"manufacturer", d.manufacturer}, {"provider", d.provider}};
  if (!d.model.empty()) out["model"] = d.model;
  return out;
}

Status ReadIdList(const json& device, const char* key, const std::string& where, std::vector<std::string>* out) {
  auto it = device.find(key);
  if (it == device.end()) return Status::Ok();
  std::string at = where + "." + key;
  if (!it->is_array()) return Bad(at, "must be an array of strings");
  for (const json& id : *it) {
    if (!id.is_string() || id.get<std::string>().empty()) return Bad(at, "must be an array of non-empty strings");
    out->push_back(id.get<std::string>());
  }
  return Status::Ok();
}

Status ReadDevices(const json& devices, MachineProfile* p) {
  if (!devices.is_array()) return Bad("devices", "must be an array of devices");
  for (size_t i = 0; i < devices.size(); ++i) {
    std::string at = "devices[" + std::to_string(i) + "]";
    const json& d = devices[i];
    if (!d.is_object()) return Bad(at, "must be an object");
    OW_RETURN_IF_ERROR(CheckKeys(d, at, {"hardware_ids", "compatible_ids", "driver"}));
    Device device;
    OW_RETURN_IF_ERROR(ReadIdList(d, "hardware_ids", at, &device.hardware_ids));
    OW_RETURN_IF_ERROR(ReadIdList(d, "compatible_ids", at, &device.compatible_ids));
    if (device.hardware_ids.empty()) return Bad(at + ".hardware_ids", "must list at least one id");
    if (auto it = d.find("driver"); it != d.end()) {
      OW_ASSIGN_OR_RETURN(device.driver, ReadDriver(*it, at + ".driver"));
    }
    p->devices.push_back(std::move(device));
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> Device::RankedIds() const {
  std::vector<std::string> ids;
  ids.reserve(hardware_ids.size() + compatible_ids.size());
  for (const std::string& id : hardware_ids) ids.push_back(AsciiLower(id));
  for (const std::string& id : compatible_ids) ids.push_back(AsciiLower(id));
  return ids;
}

Result<catalog::DriverMetadata> InstalledDriverFromJson(std::string_view json_text, std::string_view where) {
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  auto driver =
      doc.is_discarded() ? Result<catalog::DriverMetadata>(Bad(where, "not valid JSON")) : ReadDriver(doc, where);
  if (driver.ok()) return driver;
  // "<where>: <what>" without the profile's prefix: the caller says whose file it is.
  std::string message = driver.status().message();
  constexpr std::string_view kPrefix = "machine profile: ";
  if (message.starts_with(kPrefix)) message.erase(0, kPrefix.size());
  return Status::InvalidArgument(message);
}

std::string InstalledDriverToJson(const catalog::DriverMetadata& driver) {
  return DriverJson(driver).dump(-1, ' ', false, json::error_handler_t::replace);
}

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return CompareIgnoreCase(a, b) < 0;
}

bool CaseInsensitiveLess::operator()(const JoinedPath& a, std::string_view b) const { return CompareJoined(a, b) < 0; }

bool CaseInsensitiveLess::operator()(std::string_view a, const JoinedPath& b) const { return CompareJoined(b, a) > 0; }

std::string NormalizeKeyPath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == '\\' && (out.empty() || out.back() == '\\')) continue;
    out += c;
  }
  if (!out.empty() && out.back() == '\\') out.pop_back();
  return out;
}

Result<MachineProfile> MachineProfile::FromJson(std::string_view json_text) {
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("machine profile: not valid JSON");
  if (!doc.is_object()) return Status::InvalidArgument("machine profile: not a JSON object");
  OW_RETURN_IF_ERROR(CheckKeys(doc, "", {"os", "architecture", "registry", "files", "installed", "rules", "devices"}));
  MachineProfile p;
  if (auto it = doc.find("os"); it != doc.end()) OW_RETURN_IF_ERROR(ReadOs(*it, &p));
  OW_RETURN_IF_ERROR(ReadInt(doc, "architecture", "architecture", 0xffff, &p.architecture));
  if (auto it = doc.find("registry"); it != doc.end()) OW_RETURN_IF_ERROR(ReadRegistry(*it, &p));
  if (auto it = doc.find("files"); it != doc.end()) OW_RETURN_IF_ERROR(ReadFiles(*it, &p));
  if (auto it = doc.find("installed"); it != doc.end()) OW_RETURN_IF_ERROR(ReadInstalled(*it, &p));
  if (auto it = doc.find("rules"); it != doc.end()) OW_RETURN_IF_ERROR(ReadRules(*it, &p));
  if (auto it = doc.find("devices"); it != doc.end()) OW_RETURN_IF_ERROR(ReadDevices(*it, &p));
  return p;
}

std::string MachineProfile::ToJson() const {
  json doc = json::object();
  doc["os"] = {{"major", os_major},        {"minor", os_minor},    {"build", os_build},
               {"sp_major", sp_major},     {"sp_minor", sp_minor}, {"product_type", product_type},
               {"suite_mask", suite_mask}, {"sku", sku},           {"language", language}};
  doc["architecture"] = architecture;
  json& reg = doc["registry"] = json::object();
  for (const auto& [path, values] : registry) {
    json& key = reg[path] = json::object();
    for (const auto& [name, value] : values) {
      if (const auto* text = std::get_if<std::string>(&value)) {
        key[name] = *text;
      } else {
        key[name] = std::get<uint32_t>(value);
      }
    }
  }
  json& file_list = doc["files"] = json::object();
  for (const auto& [path, version] : files) file_list[path] = version;
  json& ids = doc["installed"] = json::array();
  for (const Guid& id : installed) ids.push_back(id.ToString());
  json& answers = doc["rules"] = json::object();
  for (const auto& [name, answer] : rules) answers[name] = answer;
  json& device_list = doc["devices"] = json::array();
  for (const Device& d : devices) {
    json device = {{"hardware_ids", d.hardware_ids}, {"compatible_ids", d.compatible_ids}};
    if (d.driver) device["driver"] = DriverJson(*d.driver);
    device_list.push_back(std::move(device));
  }
  // Strings set in code may not be UTF-8; replace rather than throw.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

const MachineProfile::RegistryKey* MachineProfile::FindKey(std::string_view key_path) const {
  auto it = registry.find(key_path);
  return it == registry.end() ? nullptr : &it->second;
}

bool MachineProfile::KeyExists(std::string_view key_path) const {
  if (key_path.find('\\') == std::string_view::npos) return true;  // a hive
  if (registry.find(key_path) != registry.end()) return true;
  // Keys under key_path sort together, right after key_path + "\".
  auto it = registry.lower_bound(JoinedPath{key_path, ""});
  return it != registry.end() && it->first.size() > key_path.size() && it->first[key_path.size()] == '\\' &&
         CompareIgnoreCase(std::string_view(it->first).substr(0, key_path.size()), key_path) == 0;
}

const MachineProfile::RegistryValue* MachineProfile::FindValue(std::string_view key_path, std::string_view name) const {
  const RegistryKey* key = FindKey(key_path);
  if (key == nullptr) return nullptr;
  auto it = key->find(name);
  return it == key->end() ? nullptr : &it->second;
}

std::optional<std::string_view> MachineProfile::FindFile(std::string_view path) const {
  auto it = files.find(path);
  if (it == files.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string_view> MachineProfile::FindFile(const JoinedPath& path) const {
  auto it = files.find(path);
  if (it == files.end()) return std::nullopt;
  return std::string_view(it->second);
}

}  // namespace openwsus::agent
