#include "wusp/event_batch.h"

#include <algorithm>
#include <string>
#include <utility>

#include "common/strings.h"
#include "xml/soap_request.h"

namespace openwsus::wusp {
namespace {

using policy::InstallationState;

constexpr int32_t kWindowsUpdateNamespace = 1;
constexpr size_t kMaxAppName = 256;

// The 156 list keys and what each means.
constexpr std::pair<char, InstallationState> kStatusLists[] = {
    {'U', InstallationState::kNotInstalled},
    {'V', InstallationState::kInstalled},
    {'W', InstallationState::kInstalledPendingReboot},
    {'g', InstallationState::kFailed},
    {'h', InstallationState::kDownloaded},
};

xml::SoapError Bad(std::string what) {
  return xml::SoapError::BadParameter("eventBatch", Status::InvalidArgument(std::move(what)));
}

// "U=ID;ID;..." -> the list's state and ids; false when `item` is no status list.
bool ParseStatusList(std::string_view item, std::vector<std::pair<Guid, InstallationState>>* states, size_t max_ids,
                     bool* too_long) {
  if (item.size() < 2 || item[1] != '=') return false;
  const auto* list =
      std::find_if(std::begin(kStatusLists), std::end(kStatusLists), [&](const auto& l) { return l.first == item[0]; });
  if (list == std::end(kStatusLists)) return false;
  std::string_view ids = item.substr(2);
  size_t count = 0;
  while (!ids.empty()) {
    size_t semicolon = ids.find(';');
    std::string_view id = Trim(ids.substr(0, semicolon));
    if (!id.empty()) {
      if (++count > max_ids) {
        *too_long = true;
        return true;
      }
      if (auto guid = Guid::Parse(id); guid.ok()) states->emplace_back(*guid, list->second);
    }
    if (semicolon == std::string_view::npos) break;
    ids.remove_prefix(semicolon + 1);
  }
  return true;
}

std::optional<StatusChange> StatusOf(const store::ClientEvent& e,
                                     std::vector<std::pair<Guid, InstallationState>> lists) {
  if (e.namespace_id != kWindowsUpdateNamespace) return std::nullopt;
  StatusChange change;
  change.computer_id = e.computer_id;
  change.time = e.time_at_target;
  if (e.event_id == 156) {
    change.snapshot = true;
    change.states = std::move(lists);
    return change;
  }
  std::optional<InstallationState> state;
  switch (e.event_id) {
    case 162:
      state = InstallationState::kDownloaded;
      change.unless_installed = true;
      break;
    case 182:
    case 221:
      state = InstallationState::kFailed;
      break;
    case 183:
      state = InstallationState::kInstalled;
      break;
    case 184:
    case 201:
      state = InstallationState::kInstalledPendingReboot;
      break;
    case 222:
    case 224:
      state = InstallationState::kNotInstalled;
      break;
    default:
      break;
  }
  if (!state || e.update_id.IsNil()) return std::nullopt;
  change.states.emplace_back(e.update_id, *state);
  return change;
}

Parsed<ReportedEvent> ParseEvent(const pugi::xml_node& node, std::string_view ns, const Guid& computer,
                                 DateTime received, const EventLimits& limits) {
  store::ClientEvent e;
  e.computer_id = computer;
  e.received = received;
  pugi::xml_node basic = xml::FindParam(node, ns, "BasicData");
  if (!basic) return Bad("ReportingEvent without BasicData");
  auto instance = xml::ReadGuid(basic, ns, "EventInstanceID");
  if (!instance.ok() || !*instance) return Bad("ReportingEvent without a valid EventInstanceID");
  e.event_instance_id = **instance;
  for (auto [name, field] : {std::pair{"NamespaceID", &e.namespace_id}, std::pair{"EventID", &e.event_id},
                             std::pair{"SourceID", &e.source_id}, std::pair{"Win32HResult", &e.win32_hresult}}) {
    auto value = xml::ReadInt(basic, ns, name);
    if (!value.ok()) return Bad(value.status().message());
    *field = value->value_or(0);
  }
  auto time = DateTime::Parse(Trim(xml::ReadString(basic, ns, "TimeAtTarget").value_or("")));
  e.time_at_target = time.ok() ? *time : received;
  if (pugi::xml_node update = xml::FindParam(basic, ns, "UpdateID")) {
    auto id = xml::ReadGuid(update, ns, "UpdateID");
    auto revision = xml::ReadInt(update, ns, "RevisionNumber");
    if (!id.ok() || !revision.ok()) return Bad("malformed UpdateID in a ReportingEvent");
    e.update_id = id->value_or(Guid());
    e.revision_number = revision->value_or(0);
  }
  e.app_name = std::string(Trim(xml::ReadString(basic, ns, "AppName").value_or(""))).substr(0, kMaxAppName);

  std::vector<std::pair<Guid, InstallationState>> lists;
  pugi::xml_node extended = xml::FindParam(node, ns, "ExtendedData");
  e.replacement_strings = xml::ReadStringArray(extended, ns, "ReplacementStrings");
  std::vector<std::string> misc = xml::ReadStringArray(extended, ns, "MiscData");
  if (e.replacement_strings.size() > limits.max_strings || misc.size() > limits.max_strings) {
    return Bad("too many strings in a ReportingEvent");
  }
  for (const std::string& s : e.replacement_strings) {
    if (s.size() > limits.max_text) return Bad("a replacement string is too long");
  }
  for (std::string& item : misc) {
    if (item.size() > limits.max_text) return Bad("a MiscData string is too long");
    bool too_long = false;
    if (e.event_id == 156 && ParseStatusList(item, &lists, limits.max_list_ids, &too_long)) {
      if (too_long) return Bad("a status list has too many ids");
      continue;  // kept as the status it means, not as text
    }
    e.misc_data.push_back(std::move(item));
  }
  std::optional<StatusChange> status = StatusOf(e, std::move(lists));
  return ReportedEvent{std::move(e), std::move(status)};
}

}  // namespace

Parsed<std::vector<ReportedEvent>> ParseEventBatch(const pugi::xml_node& batch, std::string_view ns,
                                                   const Guid& computer, DateTime received, const EventLimits& limits) {
  std::vector<ReportedEvent> events;
  for (const pugi::xml_node& node : xml::ArrayItems(batch, ns, "ReportingEvent")) {
    if (events.size() == limits.max_events) {
      return Bad("more than " + std::to_string(limits.max_events) + " events in one batch");
    }
    auto event = ParseEvent(node, ns, computer, received, limits);
    if (auto* error = std::get_if<xml::SoapError>(&event)) return *error;
    events.push_back(std::move(std::get<ReportedEvent>(event)));
  }
  return events;
}

}  // namespace openwsus::wusp
