// AdminApi: /api/v1/groups and /api/v1/computers.
#include <algorithm>
#include <charconv>

#include "admin/admin_api.h"
#include "admin/update_view.h"
#include "common/strings.h"
#include "policy/targeting_mode.h"
#include "store/category_lookup.h"
#include "store/settings_keys.h"

namespace openwsus::admin {
namespace {

using nlohmann::json;

std::string BodyString(const ApiCall& call, const char* key) {
  if (!call.body.is_object() || !call.body.contains(key) || !call.body[key].is_string()) return "";
  return call.body[key].get<std::string>();
}

Result<std::optional<DateTime>> TimeParam(const ApiCall& call, const std::string& name) {
  std::string text = call.Param(name);
  if (text.empty()) return std::optional<DateTime>();
  auto t = DateTime::Parse(text);
  if (!t.ok()) return Status::InvalidArgument(name + ": " + t.status().message());
  return std::optional<DateTime>(*t);
}

}  // namespace

Result<policy::TargetGroup> AdminApi::ResolveGroup(const policy::GroupTree& tree, const std::string& name) {
  if (name.empty()) return Status::InvalidArgument("no group named");
  if (auto id = Guid::Parse(name); id.ok()) {
    const policy::TargetGroup* group = tree.Find(*id);
    if (group == nullptr) return Status::NotFound("no group " + name);
    return *group;
  }
  OW_ASSIGN_OR_RETURN(const policy::TargetGroup* group, tree.FindByName(name));
  return *group;
}

Result<std::vector<store::ComputerRecord>> AdminApi::TargetedComputers(const policy::GroupTree& tree) {
  OW_ASSIGN_OR_RETURN(auto computers, store_->ListComputers());
  OW_ASSIGN_OR_RETURN(auto mode, store_->GetSetting(store::kTargetingModeKey));
  OW_ASSIGN_OR_RETURN(auto targeting, policy::ParseTargetingMode(mode.value_or("server")));
  if (targeting == policy::TargetingMode::kClientSide) {
    for (auto& c : computers) c.group_ids = tree.RequestedGroups(c.requested_groups);
  }
  return computers;
}

Result<std::optional<store::ComputerRecord>> AdminApi::TargetedComputer(const policy::GroupTree& tree, const Guid& id) {
  OW_ASSIGN_OR_RETURN(auto computers, TargetedComputers(tree));
  for (auto& c : computers) {
    if (c.id == id) return std::optional<store::ComputerRecord>(std::move(c));
  }
  return std::optional<store::ComputerRecord>();
}

Result<std::vector<policy::StatusMatrix::Index>> AdminApi::GroupMembers(const policy::GroupTree& tree,
                                                                        const Guid& group_id) {
  OW_ASSIGN_OR_RETURN(auto computers, TargetedComputers(tree));
  std::vector<policy::StatusMatrix::Index> members;
  for (const auto& c : computers) {
    auto groups = tree.EffectiveGroups(c.group_ids);
    if (std::find(groups.begin(), groups.end(), group_id) == groups.end()) continue;
    if (auto index = status_ != nullptr ? status_->FindComputer(c.id) : std::nullopt) members.push_back(*index);
  }
  return members;
}

Result<json> AdminApi::ListGroups() {
  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  OW_ASSIGN_OR_RETURN(auto computers, TargetedComputers(tree));
  std::map<Guid, int> members;
  for (const auto& c : computers) {
    for (const Guid& g : tree.EffectiveGroups(c.group_ids)) ++members[g];
  }
  json out = json::array();
  for (const auto& g : tree.Groups()) {
    out.push_back({{"id", g.id.ToString()},
                   {"name", g.name},
                   {"parent_id", g.parent_id ? json(g.parent_id->ToString()) : json(nullptr)},
                   {"path", tree.Path(g.id)},
                   {"computer_count", members[g.id]}});
  }
  return json{{"groups", out}};
}

Result<json> AdminApi::AddGroup(const ApiCall& call) {
  std::string name = BodyString(call, "name");
  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  std::string parent_name = BodyString(call, "parent");
  policy::TargetGroup parent;
  if (parent_name.empty()) {
    parent = *tree.Find(policy::kAllComputersId);
  } else {
    OW_ASSIGN_OR_RETURN(parent, ResolveGroup(tree, parent_name));
  }
  OW_RETURN_IF_ERROR(tree.CheckAdd(name, parent.id));
  policy::TargetGroup group{Guid::Random(), name, parent.id};
  OW_RETURN_IF_ERROR(Audited(call, "group.add", group.id.ToString(), {{"name", name}, {"parent", tree.Path(parent.id)}},
                             [&] { return store_->AddGroup(group); }));
  OW_ASSIGN_OR_RETURN(auto updated, LoadGroupTree());
  return json{{"id", group.id.ToString()},
              {"name", name},
              {"parent_id", parent.id.ToString()},
              {"path", updated.Path(group.id)},
              {"computer_count", 0}};
}

Result<json> AdminApi::RemoveGroup(const ApiCall& call, const std::string& name) {
  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  OW_ASSIGN_OR_RETURN(auto group, ResolveGroup(tree, name));
  OW_RETURN_IF_ERROR(tree.CheckRemove(group.id));
  // Subgroups go with their parent, as in WSUS; their computers fall back to
  // their other groups or to Unassigned Computers.
  std::vector<Guid> doomed = tree.Descendants(group.id);
  doomed.push_back(group.id);
  OW_RETURN_IF_ERROR(
      Audited(call, "group.remove", group.id.ToString(), {{"path", tree.Path(group.id)}}, [&]() -> Status {
        for (const Guid& id : doomed) OW_RETURN_IF_ERROR(store_->RemoveGroup(id));
        return MarkDeploymentsReset();
      }));
  return json{{"removed", tree.Path(group.id)}};
}

Result<json> AdminApi::MoveGroup(const ApiCall& call, const std::string& name) {
  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  OW_ASSIGN_OR_RETURN(auto group, ResolveGroup(tree, name));
  OW_ASSIGN_OR_RETURN(auto parent, ResolveGroup(tree, BodyString(call, "parent")));
  OW_RETURN_IF_ERROR(tree.CheckMove(group.id, parent.id));
  OW_RETURN_IF_ERROR(Audited(call, "group.move", group.id.ToString(),
                             {{"from", tree.Path(group.id)}, {"parent", tree.Path(parent.id)}}, [&]() -> Status {
                               OW_RETURN_IF_ERROR(store_->SetGroupParent(group.id, parent.id));
                               return MarkDeploymentsReset();
                             }));
  OW_ASSIGN_OR_RETURN(auto updated, LoadGroupTree());
  return json{{"id", group.id.ToString()}, {"path", updated.Path(group.id)}};
}

namespace {

// The ComputerInfo fields of the registration, in the order the client sent them.
nlohmann::ordered_json InfoJson(const store::ComputerRecord& c) {
  nlohmann::ordered_json info = nlohmann::ordered_json::object();
  for (const auto& [key, value] : c.info) info[key] = value;
  return info;
}

json EventJson(const store::ClientEvent& e) {
  return {{"event_instance_id", e.event_instance_id.ToString()},
          {"namespace_id", e.namespace_id},
          {"event_id", e.event_id},
          {"source_id", e.source_id},
          {"time_at_target", e.time_at_target.ToString()},
          {"received", e.received.ToString()},
          {"update_id", e.update_id.IsNil() ? json(nullptr) : json(e.update_id.ToString())},
          {"revision_number", e.revision_number},
          {"win32_hresult", e.win32_hresult},
          {"app_name", e.app_name},
          {"replacement_strings", e.replacement_strings},
          {"misc_data", e.misc_data}};
}

json ComputerJson(const store::ComputerRecord& c, const policy::GroupTree& tree, const policy::StatusMatrix* status) {
  json groups = json::array();
  for (const Guid& g : tree.EffectiveGroups(c.group_ids)) {
    const policy::TargetGroup* group = tree.Find(g);
    if (group != nullptr) groups.push_back({{"id", g.ToString()}, {"name", group->name}, {"path", tree.Path(g)}});
  }
  auto time = [](const std::optional<DateTime>& t) { return t ? json(t->ToString()) : json(nullptr); };
  return {{"id", c.id.ToString()},
          {"name", c.name},
          {"ip_address", c.ip_address},
          {"os_description", c.os_description},
          {"last_sync", time(c.last_sync)},
          {"last_report", time(c.last_report)},
          {"groups", groups},
          {"requested_groups", c.requested_groups},
          {"info", InfoJson(c)},
          {"status", CountsToJson(status != nullptr ? status->CountsForComputer(c.id) : policy::StatusCounts{})}};
}

}  // namespace

Result<json> AdminApi::ListComputers(const ApiCall& call) {
  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  OW_ASSIGN_OR_RETURN(auto computers, TargetedComputers(tree));
  std::string name = AsciiLower(call.Param("name"));
  std::set<Guid> wanted_groups;
  if (std::string g = call.Param("group"); !g.empty()) {
    OW_ASSIGN_OR_RETURN(auto group, ResolveGroup(tree, g));
    wanted_groups.insert(group.id);
    if (call.Param("include_subgroups") == "true") {
      for (const Guid& d : tree.Descendants(group.id)) wanted_groups.insert(d);
    }
  }
  OW_ASSIGN_OR_RETURN(auto status_filter,
                      policy::ParseStatusFilter(call.Param("status").empty() ? "any" : call.Param("status")));
  OW_ASSIGN_OR_RETURN(auto synced_before, TimeParam(call, "synced_before"));
  OW_ASSIGN_OR_RETURN(auto synced_after, TimeParam(call, "synced_after"));
  OW_ASSIGN_OR_RETURN(auto reported_before, TimeParam(call, "reported_before"));
  OW_ASSIGN_OR_RETURN(auto reported_after, TimeParam(call, "reported_after"));
  auto in_range = [](const std::optional<DateTime>& t, const std::optional<DateTime>& before,
                     const std::optional<DateTime>& after) {
    if (before && (!t || *t >= *before)) return false;
    if (after && (!t || *t <= *after)) return false;
    return true;
  };
  json out = json::array();
  for (const auto& c : computers) {
    if (!name.empty() && AsciiLower(c.name).find(name) == std::string::npos) continue;
    if (!wanted_groups.empty()) {
      auto groups = tree.EffectiveGroups(c.group_ids);
      if (std::none_of(groups.begin(), groups.end(), [&](const Guid& g) { return wanted_groups.count(g) > 0; }))
        continue;
    }
    if (!in_range(c.last_sync, synced_before, synced_after)) continue;
    if (!in_range(c.last_report, reported_before, reported_after)) continue;
    policy::StatusCounts counts = status_ != nullptr ? status_->CountsForComputer(c.id) : policy::StatusCounts{};
    if (!policy::Matches(status_filter, counts)) continue;
    out.push_back(ComputerJson(c, tree, status_));
  }
  return json{{"computers", out}};
}

Result<json> AdminApi::GetComputer(const std::string& id_text) {
  OW_ASSIGN_OR_RETURN(Guid id, Guid::Parse(id_text));
  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  OW_ASSIGN_OR_RETURN(auto computer, TargetedComputer(tree, id));
  if (!computer) return Status::NotFound("no computer " + id.ToString());
  return ComputerJson(*computer, tree, status_);
}

Result<json> AdminApi::ListComputerEvents(const ApiCall& call, const std::string& id_text) {
  OW_ASSIGN_OR_RETURN(Guid id, Guid::Parse(id_text));
  OW_ASSIGN_OR_RETURN(auto computer, store_->FindComputer(id));
  if (!computer) return Status::NotFound("no computer " + id.ToString());
  size_t limit = 100;
  if (std::string text = call.Param("limit"); !text.empty()) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc() || end != text.data() + text.size() || limit == 0 || limit > 10'000) {
      return Status::InvalidArgument("limit must be a number from 1 to 10000");
    }
  }
  OW_ASSIGN_OR_RETURN(auto events, store_->ListEvents(id, limit));
  json out = json::array();
  for (const store::ClientEvent& e : events) out.push_back(EventJson(e));
  return json{{"events", out}};
}

Result<json> AdminApi::RemoveComputer(const ApiCall& call, const std::string& id_text) {
  OW_ASSIGN_OR_RETURN(json computer, GetComputer(id_text));
  Guid id = *Guid::Parse(id_text);
  OW_RETURN_IF_ERROR(Audited(call, "computer.remove", id.ToString(), {{"name", computer["name"]}},
                             [&] { return store_->RemoveComputer(id); }));
  return json{{"removed", id.ToString()}};
}

Result<json> AdminApi::AssignComputer(const ApiCall& call, const std::string& id_text, const std::string& group_name,
                                      bool add) {
  OW_ASSIGN_OR_RETURN(json computer, GetComputer(id_text));
  Guid id = *Guid::Parse(id_text);
  OW_ASSIGN_OR_RETURN(auto tree, LoadGroupTree());
  OW_ASSIGN_OR_RETURN(auto group, ResolveGroup(tree, group_name));
  if (group.id == policy::kAllComputersId || group.id == policy::kUnassignedComputersId) {
    return Status::InvalidArgument("computers are in " + group.name + " implicitly; assign them to a custom group");
  }
  OW_RETURN_IF_ERROR(Audited(
      call, add ? "computer.assign" : "computer.unassign", id.ToString(), {{"group", tree.Path(group.id)}},
      [&] { return add ? store_->AddComputerToGroup(id, group.id) : store_->RemoveComputerFromGroup(id, group.id); }));
  return GetComputer(id_text);
}

}  // namespace openwsus::admin
