#include "agent/datastore.h"

#include <nlohmann/json.hpp>
#include <utility>

namespace openwsus::agent {
namespace {

using nlohmann::json;

Status Bad(const std::string& what) { return Status::InvalidArgument("datastore: " + what); }

json RevisionJson(const CachedRevision& e, const RevisionInfo& info) {
  std::optional<DateTime> deadline = e.Deadline();
  return {{"id", e.revision_id},
          {"deployment_id", e.deployment_id},
          {"action", DeploymentActionName(e.action)},
          {"deadline", deadline ? json(deadline->ToString()) : json(nullptr)},
          {"leaf", e.is_leaf},
          {"installed_non_leaf", e.installed_non_leaf},
          {"core", info.core}};
}

Result<CachedRevision> ReadRevision(const json& r, RevisionTable* revisions) {
  if (!r.is_object() || !r.contains("id") || !r["id"].is_number_integer() || !r.value("core", json()).is_string()) {
    return Bad("a revision needs an integer id and its core");
  }
  CachedRevision e;
  e.revision_id = r["id"].get<int32_t>();
  e.deployment_id = r.value("deployment_id", 0);
  e.action = ParseDeploymentAction(r.value("action", "Evaluate"));
  if (r.contains("deadline") && r["deadline"].is_string()) {
    auto deadline = DateTime::Parse(r["deadline"].get<std::string>());
    if (!deadline.ok()) return Bad("revision " + std::to_string(e.revision_id) + ": " + deadline.status().message());
    e.SetDeadline(*deadline);
  }
  e.is_leaf = r.value("leaf", true);
  e.installed_non_leaf = r.value("installed_non_leaf", false);
  auto info = revisions->Intern(e.revision_id, r["core"].get<std::string>());
  if (!info.ok()) return Bad(info.status().message());
  e.driver = (*info)->type == catalog::UpdateType::kDriver;
  return e;
}

}  // namespace

std::string Datastore::Save(const WuspClient& client, const std::string& server) {
  ClientSession session = client.session();
  json doc = {{"server", server},
              {"client_id", client.identity().client_id.ToString()},
              {"cookie", session.cookie},
              {"cookie_expiration", session.cookie_expiration},
              {"config_last_change", session.config_last_change},
              {"max_extended_per_request", session.max_extended_per_request}};
  json& list = doc["revisions"] = json::array();
  for (const CachedRevision& e : client.cache().entries()) {
    const RevisionInfo* info = client.revisions().Find(e.revision_id);
    if (info != nullptr && !info->core.empty()) list.push_back(RevisionJson(e, *info));
  }
  return doc.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

Status Datastore::Load(std::string_view text, const std::string& server, RevisionTable* revisions, WuspClient* client) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Bad("not a JSON object");
  // Wrong types make nlohmann throw; they are a bad file like any other.
  try {
    return Take(doc, server, revisions, client);
  } catch (const json::exception& e) {
    return Bad(std::string("a field of the wrong type (") + e.what() + ")");
  }
}

Status Datastore::Take(const nlohmann::json& doc, const std::string& server, RevisionTable* revisions,
                       WuspClient* client) {
  std::string saved_for = doc.value("server", "");
  if (saved_for != server) return Bad("kept for the server " + saved_for + ", not " + server);
  if (doc.value("client_id", "") != client->identity().client_id.ToString()) return Bad("kept for another computer");
  if (!doc.value("revisions", json()).is_array()) return Bad("revisions must be an array");
  ClientSession session;
  session.cookie = doc.value("cookie", "");
  session.cookie_expiration = doc.value("cookie_expiration", "");
  session.config_last_change = doc.value("config_last_change", "");
  session.max_extended_per_request = doc.value("max_extended_per_request", 50);
  UpdateCache cache;
  for (const json& r : doc["revisions"]) {
    auto entry = ReadRevision(r, revisions);
    if (!entry.ok()) return entry.status();
    cache.Put(*entry);
  }
  client->Restore(std::move(session), std::move(cache));
  return Status::Ok();
}

}  // namespace openwsus::agent
