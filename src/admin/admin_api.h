// AdminApi: the REST/JSON administration API under /api/v1 (docs/admin-api.md),
// which the `openwsus` CLI and the web console use.
//
// Every request is authenticated (Authenticator); reporter tokens may only
// GET. Every change runs in one store transaction together with its audit
// entry, after all validation, so a refused request changes nothing.
//
// Thread-safety: handlers run on the HTTP server's handler threads; one mutex
// serialises store access, which is fine for administrative traffic (the
// client scan path never comes here).
#ifndef OPENWSUS_ADMIN_ADMIN_API_H_
#define OPENWSUS_ADMIN_ADMIN_API_H_

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "admin/authenticator.h"
#include "common/key_ring.h"
#include "http/router.h"
#include "policy/group_tree.h"
#include "policy/status_matrix.h"
#include "policy/supersedence.h"
#include "policy/update_status.h"
#include "store/store.h"

namespace openwsus::admin {

// One parsed API request.
struct ApiCall {
  std::string method;
  std::vector<std::string> segments;  // path after /api/v1/, split at '/'
  std::map<std::string, std::string> query;
  nlohmann::json body;  // null when the request had none
  Principal principal;

  // A query parameter's value, empty when absent.
  std::string Param(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
};

class AdminApi {
 public:
  // `store` and `status` must outlive the API. `status` holds the latest
  // (computer, update) states; the API reads it for filters and reports.
  AdminApi(store::Store* store, policy::StatusMatrix* status);

  // Registers GET, POST, PUT and DELETE under /api/v1/.
  void Register(http::Router* router);
  http::HttpResponse Handle(const http::HttpRequest& request);

  // Called after every change the API commits, before it answers (the scan
  // snapshot refreshes on it, so a client's next scan sees the change).
  void SetChangeListener(std::function<void()> listener);

  // Status reported by clients (the client writer, after each commit): a
  // snapshot (event 156) makes every update the computer does not list not
  // applicable. New computers count, with no status, from now on.
  struct ReportedStatus {
    Guid computer_id;
    bool snapshot = false;
    bool unless_installed = false;
    std::vector<std::pair<Guid, policy::InstallationState>> states;
  };
  void ApplyStatus(const std::vector<ReportedStatus>& reports, const std::vector<Guid>& new_computers);
  // Updates that arrived (an import): they count, with no status, from now on.
  void AddUpdates(const std::vector<Guid>& updates);

  // The client cookie keys, for /api/v1/cookie-keys (rotate them to revoke
  // every client cookie at once). Not owned; null: the endpoints answer 503.
  void SetCookieKeys(KeyRing* keys);

 private:
  Result<nlohmann::json> Dispatch(const ApiCall& call, int* http_status);

  // Updates (update_handlers.cc).
  Result<nlohmann::json> ListUpdates(const ApiCall& call);
  Result<nlohmann::json> GetUpdate(const std::string& id);
  Result<nlohmann::json> Approve(const ApiCall& call, const std::string& id);
  Result<nlohmann::json> Decline(const ApiCall& call, const std::string& id, bool declined);
  Result<nlohmann::json> AcceptEula(const ApiCall& call, const std::string& id);

  // Groups and computers (group_handlers.cc).
  Result<nlohmann::json> ListGroups();
  Result<nlohmann::json> AddGroup(const ApiCall& call);
  Result<nlohmann::json> RemoveGroup(const ApiCall& call, const std::string& name);
  Result<nlohmann::json> MoveGroup(const ApiCall& call, const std::string& name);
  Result<nlohmann::json> ListComputers(const ApiCall& call);
  Result<nlohmann::json> GetComputer(const std::string& id);
  Result<nlohmann::json> ListComputerEvents(const ApiCall& call, const std::string& id);
  Result<nlohmann::json> RemoveComputer(const ApiCall& call, const std::string& id);
  Result<nlohmann::json> AssignComputer(const ApiCall& call, const std::string& id, const std::string& group, bool add);

  // Products, classifications, rules, settings, reports, audit (other_handlers.cc).
  Result<nlohmann::json> ListCategories(catalog::CategoryType type);
  Result<nlohmann::json> EnableCategory(const ApiCall& call, catalog::CategoryType type, const std::string& name,
                                        bool enabled);
  Result<nlohmann::json> ListRules();
  Result<nlohmann::json> AddRule(const ApiCall& call);
  Result<nlohmann::json> RemoveRule(const ApiCall& call, const std::string& id);
  Result<nlohmann::json> RunRule(const ApiCall& call, const std::string& id);
  Result<nlohmann::json> GetSettings();
  Result<nlohmann::json> PutSettings(const ApiCall& call);
  Result<nlohmann::json> Report(const std::string& kind);
  Result<nlohmann::json> ListAudit(const ApiCall& call);
  Result<nlohmann::json> CookieKeys();
  Result<nlohmann::json> RotateCookieKeys(const ApiCall& call, bool drop_only);

  // Downstream servers and their allow-list (downstream_handlers.cc).
  Result<nlohmann::json> ListDownstreamServers();
  Result<nlohmann::json> AllowDownstream(const ApiCall& call, const std::string& id, bool allow);

  // Helpers.
  Result<policy::GroupTree> LoadGroupTree();
  Result<policy::TargetGroup> ResolveGroup(const policy::GroupTree& tree, const std::string& name);
  Result<store::CategoryNode> ResolveCategory(catalog::CategoryType type, const std::string& name);
  // The status-matrix indexes of the computers in `group_id` (through any of their groups).
  Result<std::vector<policy::StatusMatrix::Index>> GroupMembers(const policy::GroupTree& tree, const Guid& group_id);
  // The computers with the groups they are in: under client-side targeting
  // the groups they ask for (the scan deploys by those), otherwise the
  // groups the administrator assigned.
  Result<std::vector<store::ComputerRecord>> TargetedComputers(const policy::GroupTree& tree);
  Result<std::optional<store::ComputerRecord>> TargetedComputer(const policy::GroupTree& tree, const Guid& id);
  // Runs `change` and writes the audit entry in one transaction.
  Status Audited(const ApiCall& call, const std::string& action, const std::string& target,
                 const nlohmann::json& details, const std::function<Status()>& change);

  // The deployments of every computer may have changed (a group removed or
  // moved, the targeting mode switched): clients get them all again.
  Status MarkDeploymentsReset();

  store::Store* store_;           // not owned
  policy::StatusMatrix* status_;  // not owned
  std::function<void()> on_change_;
  KeyRing* cookie_keys_ = nullptr;  // not owned
  std::mutex mu_;                   // guards store_, status_ and on_change_
};

}  // namespace openwsus::admin

#endif  // OPENWSUS_ADMIN_ADMIN_API_H_
