#include "agent/device_drivers.h"

#include "catalog/driver_score.h"
#include "xml/xml_writer.h"

namespace openwsus::agent {
namespace {

using catalog::DriverMetadata;
using catalog::DriverScore;

DriverScore ScoreOf(const std::vector<std::string>& ids, const DriverMetadata& d) {
  return DriverScore::Of(ids, d.hardware_id, d.date, catalog::PackDriverVersion(d.version));
}

bool SameDriver(const DriverMetadata& a, const DriverMetadata& b) {
  return a.hardware_id == b.hardware_id && a.date == b.date &&
         catalog::PackDriverVersion(a.version) == catalog::PackDriverVersion(b.version);
}

void AppendIds(std::string* out, const char* list, const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  *out += '<';
  *out += list;
  *out += '>';
  for (const std::string& id : ids) xml::AppendElement(out, "string", id);
  *out += "</";
  *out += list;
  *out += '>';
}

void AppendInstalled(std::string* out, const DriverMetadata& d) {
  *out += "<installedDriver>";
  xml::AppendElement(out, "MatchingID", d.hardware_id);
  xml::AppendElement(out, "DriverVerDate", d.date + "T00:00:00Z");
  xml::AppendElement(out, "DriverVerVersion", std::to_string(catalog::PackDriverVersion(d.version)));
  xml::AppendElement(out, "Class", d.class_name);
  xml::AppendElement(out, "Manufacturer", d.manufacturer);
  xml::AppendElement(out, "Provider", d.provider);
  *out += "</installedDriver>";
}

}  // namespace

DeviceDrivers::DeviceDrivers(const MachineProfile& profile, const ComputerState& state)
    : profile_(profile), state_(state) {
  ranked_ids_.reserve(profile.devices.size());
  for (const Device& device : profile.devices) ranked_ids_.push_back(device.RankedIds());
}

std::string DeviceDrivers::KeyOf(const Device& device) {
  std::vector<std::string> ids = device.RankedIds();
  return ids.empty() ? std::string() : ids.front();  // FromJson requires a hardware id; code may not
}

const DriverMetadata* DeviceDrivers::Current(size_t i) const {
  const Device& device = profile_.devices[i];
  auto it = ranked_ids_[i].empty() ? state_.drivers.end() : state_.drivers.find(ranked_ids_[i].front());
  if (it != state_.drivers.end()) return &it->second;
  return device.driver ? &*device.driver : nullptr;
}

const DriverMetadata* DeviceDrivers::BestFor(size_t i, const RevisionInfo& update) const {
  const std::vector<std::string>& ids = ranked_ids_[i];
  const DriverMetadata* current = Current(i);
  const DriverMetadata* best = nullptr;
  DriverScore best_score;
  for (const DriverMetadata& d : update.drivers) {
    DriverScore score = ScoreOf(ids, d);
    if (!score.matches()) continue;
    if (current && !DriverScore::MayReplace(current->class_name, current->provider, current->manufacturer, d)) continue;
    if (current && !score.Beats(ScoreOf(ids, *current))) continue;
    if (best == nullptr || score.Beats(best_score)) {
      best = &d;
      best_score = score;
    }
  }
  return best;
}

std::string DeviceDrivers::SystemSpecXml() const {
  if (profile_.devices.empty()) return "<SystemSpec/>";
  std::string out = "<SystemSpec>";
  for (size_t i = 0; i < profile_.devices.size(); ++i) {
    const Device& device = profile_.devices[i];
    out += "<Device>";
    AppendIds(&out, "HardwareIDs", device.hardware_ids);
    AppendIds(&out, "CompatibleIDs", device.compatible_ids);
    if (const DriverMetadata* current = Current(i)) AppendInstalled(&out, *current);
    out += "</Device>";
  }
  return out + "</SystemSpec>";
}

DriverFit DeviceDrivers::FitOf(const RevisionInfo& update) const {
  DriverFit fit = DriverFit::kNone;
  for (size_t i = 0; i < profile_.devices.size(); ++i) {
    if (const DriverMetadata* current = Current(i)) {
      for (const DriverMetadata& d : update.drivers) {
        if (SameDriver(*current, d)) return DriverFit::kInstalled;
      }
    }
    if (BestFor(i, update) != nullptr) fit = DriverFit::kBetter;
  }
  return fit;
}

void DeviceDrivers::Install(const MachineProfile& profile, const RevisionInfo& update, ComputerState* state) {
  std::vector<std::pair<std::string, DriverMetadata>> chosen;
  DeviceDrivers devices(profile, *state);
  for (size_t i = 0; i < profile.devices.size(); ++i) {
    if (const DriverMetadata* best = devices.BestFor(i, update)) chosen.emplace_back(KeyOf(profile.devices[i]), *best);
  }
  for (auto& [key, driver] : chosen) state->drivers[key] = std::move(driver);
}

}  // namespace openwsus::agent
