// AdminApi: the downstream servers that sync from us (WSUS's
// GetDownstreamServers) and the allow-list that can restrict them.
#include <algorithm>
#include <sstream>

#include "admin/admin_api.h"
#include "store/settings_keys.h"

namespace openwsus::admin {
namespace {

using nlohmann::json;

json OptionalTime(const std::optional<DateTime>& t) { return t ? json(t->ToString()) : json(nullptr); }

Result<std::vector<Guid>> LoadAllowList(store::Store* store) {
  OW_ASSIGN_OR_RETURN(auto text, store->GetSetting(store::kAllowedDownstreamsKey));
  std::vector<Guid> ids;
  std::istringstream in(text.value_or(""));
  std::string word;
  while (in >> word) {
    if (auto id = Guid::Parse(word); id.ok()) ids.push_back(*id);
  }
  return ids;
}

json AllowListJson(const std::vector<Guid>& ids) {
  json list = json::array();
  for (const Guid& id : ids) list.push_back(id.ToString());
  // Open, as WSUS is, until an administrator names the servers allowed.
  return json{{"allow_list", list}, {"open", ids.empty()}};
}

}  // namespace

Result<json> AdminApi::ListDownstreamServers() {
  OW_ASSIGN_OR_RETURN(auto servers, store_->ListDownstreamServers());
  OW_ASSIGN_OR_RETURN(auto allowed, LoadAllowList(store_));
  json rows = json::array();
  for (const store::DownstreamServer& s : servers) {
    rows.push_back(
        {{"id", s.server_id.ToString()},
         {"name", s.name},
         {"address", s.address},
         {"mode", s.mode == store::DownstreamMode::kReplica ? "replica" : "autonomous"},
         {"protocol_version", s.protocol_version},
         {"first_seen", s.first_seen.ToString()},
         {"last_seen", s.last_seen.ToString()},
         {"last_sync", OptionalTime(s.last_sync)},
         {"last_rollup", OptionalTime(s.last_rollup)},
         {"allowed", allowed.empty() || std::find(allowed.begin(), allowed.end(), s.server_id) != allowed.end()}});
  }
  json out = AllowListJson(allowed);
  out["servers"] = rows;
  return out;
}

Result<json> AdminApi::AllowDownstream(const ApiCall& call, const std::string& id_text, bool allow) {
  auto id = Guid::Parse(id_text);
  if (!id.ok()) return Status::InvalidArgument("'" + id_text.substr(0, 64) + "' is not a downstream server id");
  OW_ASSIGN_OR_RETURN(auto ids, LoadAllowList(store_));
  auto at = std::find(ids.begin(), ids.end(), *id);
  if (allow && at == ids.end()) ids.push_back(*id);
  if (!allow && at != ids.end()) ids.erase(at);
  std::string text;
  for (const Guid& g : ids) text += (text.empty() ? "" : " ") + g.ToString();
  OW_RETURN_IF_ERROR(Audited(call, allow ? "downstream.allow" : "downstream.disallow", id->ToString(), json::object(),
                             [&] { return store_->SetSetting(store::kAllowedDownstreamsKey, text); }));
  return AllowListJson(ids);
}

}  // namespace openwsus::admin
