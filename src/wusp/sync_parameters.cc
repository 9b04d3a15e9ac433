#include "wusp/sync_parameters.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "common/strings.h"
#include "xml/soap_request.h"

namespace openwsus::wusp {
namespace {

xml::SoapError TooMany(const std::string& parameter, size_t count, size_t max) {
  return xml::SoapError::BadParameter(
      parameter, Status::InvalidArgument(std::to_string(count) + " entries in " + parameter + ", more than " +
                                         std::to_string(max)));
}

// An int array parameter of `parameters`, at most `max` entries.
Parsed<std::vector<int32_t>> IdList(const pugi::xml_node& parameters, std::string_view ns, std::string_view name,
                                    size_t max) {
  std::string path = "parameters." + std::string(name);
  auto ids = xml::ReadIntArray(parameters, ns, name);
  if (!ids.ok()) return xml::SoapError::BadParameter(path, ids.status());
  if (ids->size() > max) return TooMany(path, ids->size(), max);
  return std::move(ids).value();
}

std::optional<InstalledDriverSpec> ParseInstalledDriver(const pugi::xml_node& node, std::string_view ns) {
  if (!node || xml::IsNil(node)) return std::nullopt;
  InstalledDriverSpec d;
  d.matching_id = AsciiLower(Trim(xml::ReadString(node, ns, "MatchingID").value_or("")));
  d.date = std::string(Trim(xml::ReadString(node, ns, "DriverVerDate").value_or(""))).substr(0, 10);
  std::string version(Trim(xml::ReadString(node, ns, "DriverVerVersion").value_or("")));
  auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), d.version);
  if (ec != std::errc() || end != version.data() + version.size()) d.version = catalog::PackDriverVersion(version);
  d.class_name = std::string(Trim(xml::ReadString(node, ns, "Class").value_or("")));
  d.manufacturer = std::string(Trim(xml::ReadString(node, ns, "Manufacturer").value_or("")));
  d.provider = std::string(Trim(xml::ReadString(node, ns, "Provider").value_or("")));
  return d;
}

Parsed<std::vector<DeviceSpec>> ParseSystemSpec(const pugi::xml_node& spec, std::string_view ns, size_t max) {
  std::vector<DeviceSpec> devices;
  for (const pugi::xml_node& device : xml::ArrayItems(spec, ns, "Device")) {
    if (devices.size() == max) return TooMany("parameters.SystemSpec", max + 1, max);
    DeviceSpec d;
    for (std::string_view list : {"HardwareIDs", "CompatibleIDs"}) {
      for (const std::string& id : xml::ReadStringArray(device, ns, list)) {
        std::string lower = AsciiLower(Trim(id));
        if (!lower.empty()) d.ids.push_back(std::move(lower));
      }
    }
    d.installed = ParseInstalledDriver(xml::FindParam(device, ns, "installedDriver"), ns);
    devices.push_back(std::move(d));
  }
  return devices;
}

}  // namespace

Parsed<SyncRequest> ParseSyncParameters(const pugi::xml_node& p, std::string_view ns, const SyncLimits& limits) {
  SyncRequest request;
  auto installed = IdList(p, ns, "InstalledNonLeafUpdateIDs", limits.max_installed_non_leaf);
  if (auto* e = std::get_if<xml::SoapError>(&installed)) return *e;
  request.installed_non_leaf = std::move(std::get<std::vector<int32_t>>(installed));
  auto other = IdList(p, ns, "OtherCachedUpdateIDs", limits.max_cached_ids);
  if (auto* e = std::get_if<xml::SoapError>(&other)) return *e;
  request.other_cached = std::move(std::get<std::vector<int32_t>>(other));
  auto drivers = IdList(p, ns, "CachedDriverIDs", limits.max_cached_ids);
  if (auto* e = std::get_if<xml::SoapError>(&drivers)) return *e;
  request.cached_drivers = std::move(std::get<std::vector<int32_t>>(drivers));

  auto skip = xml::ReadBool(p, ns, "SkipSoftwareSync");
  if (!skip.ok()) return xml::SoapError::BadParameter("parameters.SkipSoftwareSync", skip.status());
  request.skip_software = skip->value_or(false);
  pugi::xml_node spec = xml::FindParam(p, ns, "SystemSpec");
  if (spec && !xml::IsNil(spec)) {
    // MS-WUSP 3.1.5.7: a system spec belongs to the driver pass only.
    if (!request.skip_software) {
      return xml::SoapError::BadParameter("parameters.SystemSpec",
                                          Status::InvalidArgument("SystemSpec with SkipSoftwareSync false"));
    }
    auto devices = ParseSystemSpec(spec, ns, limits.max_devices);
    if (auto* e = std::get_if<xml::SoapError>(&devices)) return *e;
    request.devices = std::move(std::get<std::vector<DeviceSpec>>(devices));
  }

  for (const pugi::xml_node& item :
       xml::ArrayItems(xml::FindParam(p, ns, "FilterCategoryIds"), ns, "CategoryIdentifier")) {
    auto id = xml::ReadGuid(item, ns, "Id");
    if (!id.ok()) return xml::SoapError::BadParameter("parameters.FilterCategoryIds", id.status());
    if (!*id) continue;
    if (request.filter_categories.size() == limits.max_filter_categories) {
      return TooMany("parameters.FilterCategoryIds", limits.max_filter_categories + 1, limits.max_filter_categories);
    }
    request.filter_categories.push_back(**id);
  }
  auto two_groups = xml::ReadBool(p, ns, "NeedTwoGroupOutOfScopeUpdates");
  if (!two_groups.ok())
    return xml::SoapError::BadParameter("parameters.NeedTwoGroupOutOfScopeUpdates", two_groups.status());
  request.need_two_group_out_of_scope = two_groups->value_or(false);
  // ExpressQuery: clients send false and the server ignores it (MS-WUSP 2.2.2.2.4).
  return request;
}

Parsed<std::vector<catalog::UpdateIdentity>> ParseUpdateIdentities(const pugi::xml_node& array, std::string_view ns,
                                                                   std::string_view parameter, size_t max) {
  std::string path = "parameters." + std::string(parameter);
  std::vector<catalog::UpdateIdentity> out;
  for (const pugi::xml_node& item : xml::ArrayItems(array, ns, "UpdateIdentity")) {
    if (out.size() == max) return TooMany(path, max + 1, max);
    auto id = xml::ReadGuid(item, ns, "UpdateID");
    if (!id.ok()) return xml::SoapError::BadParameter(path, id.status());
    auto revision = xml::ReadInt(item, ns, "RevisionNumber");
    if (!revision.ok()) return xml::SoapError::BadParameter(path, revision.status());
    if (!*id || !*revision) {
      return xml::SoapError::BadParameter(path,
                                          Status::InvalidArgument("UpdateIdentity without UpdateID or RevisionNumber"));
    }
    out.push_back({**id, **revision});
  }
  return out;
}

}  // namespace openwsus::wusp
