// Datastore: what `openwsus agent` keeps of one computer's Windows Update
// datastore between runs, as WUA keeps DataStore.edb: the session (cookie,
// its expiry, the configuration's LastChange) and every cached revision with
// its deployment and its Core fragment. A run that loads it goes on with a
// delta scan instead of a first one, and without a handshake while the
// cookie is valid; a cookie the server no longer accepts makes the client
// start over (handshake, RefreshCache) as on Windows.
//
// JSON: {"server": "...", "client_id": "...", "cookie": "...", "cookie_expiration": "...",
//        "config_last_change": "...", "max_extended_per_request": 50,
//        "revisions": [{"id": 17, "deployment_id": 1073741825, "action": "Install",
//                       "deadline": "2030-01-01T03:00:00Z" or null, "leaf": true,
//                       "installed_non_leaf": false, "core": "<UpdateIdentity .../>..."}]}
#ifndef OPENWSUS_AGENT_DATASTORE_H_
#define OPENWSUS_AGENT_DATASTORE_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "agent/revision_table.h"
#include "agent/wusp_client.h"
#include "common/result.h"

namespace openwsus::agent {

class Datastore {
 public:
  // REQUIRES: the client's revision table keeps Core fragments
  // (RevisionTable(true)); a revision without one is left out.
  static std::string Save(const WuspClient& client, const std::string& server);
  // Puts a saved datastore into `client` (which has not scanned yet) and its
  // revisions into `revisions`. InvalidArgument naming what is wrong when the
  // text is not a datastore, or is another computer's (client id) or another
  // server's (its revision ids would name other updates); `client` is then
  // left as it was (`revisions` may hold some of the revisions: entries no
  // cache refers to are harmless).
  static Status Load(std::string_view text, const std::string& server, RevisionTable* revisions, WuspClient* client);

 private:
  static Status Take(const nlohmann::json& doc, const std::string& server, RevisionTable* revisions,
                     WuspClient* client);
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_DATASTORE_H_
