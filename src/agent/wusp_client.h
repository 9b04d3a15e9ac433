// WuspClient: the client side of MS-WUSP, as a Windows Update Agent speaks
// it, over one kept-alive HTTP session: the handshake (GetConfig,
// GetAuthorizationCookie, GetCookie, RegisterComputer), the staged
// SyncUpdates loop with its cache of revisions, GetExtendedUpdateInfo in
// batches of MaxExtendedUpdatesPerRequest, and ReportEventBatch.
//
// It reacts to faults as WUA does: InvalidCookie, ServerChanged and
// ConfigChanged -> the whole handshake again; CookieExpired -> a new cookie;
// RegistrationRequired -> RegisterComputer; then the call once more. Other
// faults come back as errors whose message starts with the ErrorCode.
//
// This is the minimal agent the server's integration tests drive; it
// evaluates no applicability rules: the caller says which non-leaf updates
// count as installed (every one, by default).
//
// Not thread-safe: one client per thread (it owns a session and a cache).
#ifndef OPENWSUS_AGENT_WUSP_CLIENT_H_
#define OPENWSUS_AGENT_WUSP_CLIENT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/update.h"
#include "cli/http_client.h"
#include "common/date_time.h"
#include "common/guid.h"
#include "common/result.h"

namespace openwsus::agent {

struct AgentIdentity {
  Guid client_id;
  std::string dns_name = "agent.example.test";
  std::string target_groups;  // the TargetGroup policy value ("Lab;Servers"), empty for none
  std::string protocol_version = "2.90";
};

// One update as the client holds it after SyncUpdates.
struct CachedUpdate {
  int32_t revision_id = 0;
  catalog::UpdateIdentity identity;  // from the Core fragment
  catalog::UpdateType type = catalog::UpdateType::kSoftware;
  bool is_leaf = true;
  bool installed_non_leaf = false;  // reported in InstalledNonLeafUpdateIDs
  std::vector<Guid> category_parents;  // IsCategory prerequisites in the Core fragment
  std::string action;               // Deployment/Action
  int32_t deployment_id = 0;
  std::optional<std::string> deadline;
};

struct SyncPage {
  std::vector<int32_t> new_ids;
  std::vector<int32_t> changed_ids;
  std::vector<int32_t> out_of_scope;
  bool truncated = false;
  bool driver_sync_not_needed = false;
};

struct ScanReport {
  int calls = 0;  // SyncUpdates calls of the software pass
  std::vector<SyncPage> pages;
};

struct FileLocation {
  std::string sha1;  // raw
  std::string url;
};

// What GetExtendedUpdateInfo gave for one revision: the files its Extended
// fragment lists, with both digests.
struct ExtendedUpdate {
  int32_t revision_id = 0;
  std::vector<catalog::UpdateFile> files;
  bool has_localized = false;
};

struct ExtendedInfo {
  std::vector<ExtendedUpdate> updates;
  std::vector<FileLocation> locations;
  std::vector<int32_t> out_of_scope;
};

// An event to report; the client fills TargetID, ids and the rest.
struct AgentEvent {
  int32_t event_id = 0;
  catalog::UpdateIdentity update;  // zero id: none
  int32_t win32_hresult = 0;
  std::vector<std::string> misc_data;
  std::string time_at_target;  // xs:dateTime; now when empty
};

class WuspClient {
 public:
  WuspClient(cli::ServerUrl server, AgentIdentity identity);

  // The handshake. Called by the operations below when they need it.
  Status Handshake();
  // The software pass to its end, then the driver pass (no devices).
  Result<ScanReport> Scan();
  // One SyncUpdates call with the cache's lists; the cache takes in the answer.
  Result<SyncPage> SyncOnce(bool driver_pass = false);
  // Extended and LocalizedProperties of `revision_ids`, in batches.
  Result<ExtendedInfo> GetExtendedUpdateInfo(const std::vector<int32_t>& revision_ids);
  // GET of `url` (a FileLocation) with `range` ("bytes=0-1048575") on this
  // session; the whole reply, so callers see status and headers.
  Result<cli::HttpReply> Fetch(const std::string& url, const std::string& range);
  Status ReportEvents(const std::vector<AgentEvent>& events);

  // Which non-leaf updates the client evaluates as installed (categories,
  // detectoids); every one by default.
  void SetNonLeafEvaluator(std::function<bool(const CachedUpdate&)> installed) { non_leaf_installed_ = installed; }

  // The whole SOAP body of the next software-pass SyncUpdates (the load
  // generator replays it from another process).
  std::string SyncUpdatesBody() const;

  const std::map<int32_t, CachedUpdate>& cache() const { return cache_; }
  const AgentIdentity& identity() const { return identity_; }
  const std::string& cookie() const { return cookie_; }
  int handshakes() const { return handshakes_; }
  int connections_opened() const { return session_.connections_opened(); }
  // The ErrorCode of the last fault the server sent, "" if none.
  const std::string& last_fault() const { return last_fault_; }
  int max_extended_per_request() const { return max_extended_; }

 private:
  // One SOAP call; the body of a 200, or the fault as an error.
  Result<std::string> Post(const std::string& path, const std::string& ns, const std::string& operation,
                           const std::string& params);
  // Post() for an operation that takes the cookie, recovering from cookie faults once.
  Result<std::string> PostWithCookie(const std::string& path, const std::string& ns, const std::string& operation,
                                     const std::function<std::string()>& params);
  Status RegisterComputer();
  // After the server changed (InvalidCookie): our revision ids for what the
  // cache holds, in batches; what the server leaves out is dropped.
  Status RefreshCache();
  std::string CookieXml() const;
  Status TakeSyncAnswer(const std::string& body, SyncPage* page);
  std::string SyncParams(bool driver_pass) const;

  cli::HttpSession session_;
  AgentIdentity identity_;
  std::string config_last_change_;
  std::string cookie_;
  std::string cookie_expiration_;
  int max_extended_ = 50;
  int handshakes_ = 0;
  std::string last_fault_;
  std::map<int32_t, CachedUpdate> cache_;
  std::function<bool(const CachedUpdate&)> non_leaf_installed_;
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_WUSP_CLIENT_H_
