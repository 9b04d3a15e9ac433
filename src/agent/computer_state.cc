#include "agent/computer_state.h"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

namespace openwsus::agent {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<InstallOutcome, const char*>, 3> kOutcomes{{
    {InstallOutcome::kSucceeds, "succeeds"},
    {InstallOutcome::kNeedsRestart, "needs-restart"},
    {InstallOutcome::kFails, "fails"},
}};

Status Bad(const std::string& what) { return Status::InvalidArgument("computer state: " + what); }

json IdList(const std::set<Guid>& ids) {
  json out = json::array();
  for (const Guid& id : ids) out.push_back(id.ToString());
  return out;
}

Status ReadIds(const json& doc, const char* key, std::set<Guid>* out) {
  if (!doc.contains(key)) return Status::Ok();
  if (!doc[key].is_array()) return Bad(std::string(key) + " must be an array of update ids");
  for (const json& item : doc[key]) {
    auto id = item.is_string() ? Guid::Parse(item.get<std::string>()) : Result<Guid>(Bad("not a string"));
    if (!id.ok()) return Bad(std::string(key) + ": " + id.status().message());
    out->insert(*id);
  }
  return Status::Ok();
}

std::vector<std::string> Strings(const json& value) {
  std::vector<std::string> out;
  if (!value.is_array()) return out;
  for (const json& s : value) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

Result<AgentEvent> ReadEvent(const json& e) {
  if (!e.is_object()) return Bad("an unsent event must be an object");
  AgentEvent event;
  OW_ASSIGN_OR_RETURN(event.instance_id, Guid::Parse(e.value("instance_id", "")));
  OW_ASSIGN_OR_RETURN(event.update.update_id,
                      Guid::Parse(e.value("update_id", "00000000-0000-0000-0000-000000000000")));
  event.event_id = e.value("event_id", 0);
  event.update.revision_number = e.value("revision_number", 0);
  event.win32_hresult = e.value("hresult", 0);
  event.replacement_strings = Strings(e.value("replacement_strings", json::array()));
  event.misc_data = Strings(e.value("misc_data", json::array()));
  event.time_at_target = e.value("time", "");
  return event;
}

}  // namespace

std::string ComputerState::ToJson() const {
  json doc = {{"client_id", client_id.ToString()},        {"installed", IdList(installed)},
              {"pending_reboot", IdList(pending_reboot)}, {"failed", IdList(failed)},
              {"downloaded", IdList(downloaded)},         {"uninstalled", IdList(uninstalled)}};
  json out = json::object();
  for (const auto& [id, outcome] : outcomes) {
    for (const auto& [o, name] : kOutcomes) {
      if (o == outcome) out[id.ToString()] = name;
    }
  }
  doc["outcomes"] = out;
  json events = json::array();
  for (const AgentEvent& e : unsent) {
    events.push_back({{"instance_id", e.instance_id.ToString()},
                      {"event_id", e.event_id},
                      {"update_id", e.update.update_id.ToString()},
                      {"revision_number", e.update.revision_number},
                      {"hresult", e.win32_hresult},
                      {"replacement_strings", e.replacement_strings},
                      {"misc_data", e.misc_data},
                      {"time", e.time_at_target}});
  }
  doc["unsent"] = events;
  json drivers_json = json::object();
  for (const auto& [device, driver] : drivers) drivers_json[device] = json::parse(InstalledDriverToJson(driver));
  doc["drivers"] = drivers_json;
  return doc.dump(2) + "\n";
}

Result<ComputerState> ComputerState::FromJson(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Bad("not a JSON object");
  ComputerState state;
  if (!doc.contains("client_id") || !doc["client_id"].is_string()) return Bad("client_id is missing");
  OW_ASSIGN_OR_RETURN(state.client_id, Guid::Parse(doc["client_id"].get<std::string>()));
  for (auto [key, set] : {std::pair{"installed", &state.installed}, std::pair{"pending_reboot", &state.pending_reboot},
                          std::pair{"failed", &state.failed}, std::pair{"downloaded", &state.downloaded},
                          std::pair{"uninstalled", &state.uninstalled}}) {
    OW_RETURN_IF_ERROR(ReadIds(doc, key, set));
  }
  if (doc.contains("outcomes")) {
    if (!doc["outcomes"].is_object()) return Bad("outcomes must be an object of update id -> outcome");
    for (const auto& [key, value] : doc["outcomes"].items()) {
      OW_ASSIGN_OR_RETURN(Guid id, Guid::Parse(key));
      bool known = false;
      for (const auto& [o, name] : kOutcomes) {
        if (value.is_string() && value.get<std::string>() == name) {
          state.outcomes[id] = o;
          known = true;
        }
      }
      if (!known) return Bad("outcome of " + key + " must be succeeds, needs-restart or fails");
    }
  }
  if (doc.contains("drivers")) {
    if (!doc["drivers"].is_object()) return Bad("drivers must be an object of device -> driver");
    for (const auto& [device, value] : doc["drivers"].items()) {
      auto driver = InstalledDriverFromJson(value.dump(), "drivers[\"" + device + "\"]");
      if (!driver.ok()) return Bad(driver.status().message());
      state.drivers[device] = std::move(*driver);
    }
  }
  if (doc.contains("unsent")) {
    if (!doc["unsent"].is_array()) return Bad("unsent must be an array of events");
    for (const json& e : doc["unsent"]) {
      OW_ASSIGN_OR_RETURN(AgentEvent event, ReadEvent(e));
      state.unsent.push_back(std::move(event));
    }
  }
  return state;
}

}  // namespace openwsus::agent
