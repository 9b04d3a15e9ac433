// WuspClient: the client side of MS-WUSP as a Windows Update Agent speaks
// it, over one kept-alive http::HttpChannel: the handshake (GetConfig,
// GetAuthorizationCookie, GetCookie, RegisterComputer), the staged
// SyncUpdates loop, the driver pass, RefreshCache, GetExtendedUpdateInfo in
// batches of MaxExtendedUpdatesPerRequest, content requests and
// ReportEventBatch. Every operation is a coroutine, so one thread drives
// thousands of clients.
//
// Faults, as WUA reacts to them:
//  - InvalidCookie, ServerChanged: the server does not know us (another
//    server, a lost or rotated key): the whole handshake again, then
//    RefreshCache to map the cached revisions to this server's ids;
//  - ConfigChanged, CookieExpired: the handshake again (the cache stays);
//  - RegistrationRequired: RegisterComputer;
//  then the call once more. ServerBusy, HTTP 503 and connection failures
//  are retried after a back-off with jitter (RetryPolicy); other faults
//  come back as errors whose message starts with the ErrorCode.
//
// Not thread-safe: one client per simulated computer, on one executor.
#ifndef OPENWSUS_AGENT_WUSP_CLIENT_H_
#define OPENWSUS_AGENT_WUSP_CLIENT_H_

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "agent/machine_profile.h"
#include "agent/revision_table.h"
#include "agent/update_cache.h"
#include "catalog/update.h"
#include "common/guid.h"
#include "common/result.h"
#include "http/client/http_channel.h"
#include "xml/soap_fault.h"

namespace openwsus::agent {

struct AgentIdentity {
  Guid client_id;
  std::string dns_name = "agent.example.test";
  std::string target_groups;  // the TargetGroup policy value ("Lab;Servers"), empty for none
  std::string protocol_version = "2.90";
  const MachineProfile* profile = nullptr;  // what RegisterComputer reports; a default PC when null
};

// Back-off for ServerBusy, HTTP 503 and connection failures: `first`, then
// doubling up to `max`, each delay drawn between half and all of it.
struct RetryPolicy {
  int attempts = 8;  // sends of one call, the first included
  std::chrono::milliseconds first{std::chrono::seconds(2)};
  std::chrono::milliseconds max{std::chrono::seconds(60)};
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

// What GetExtendedUpdateInfo gave; the files and titles also go into the
// RevisionTable.
struct ExtendedInfo {
  std::vector<int32_t> revision_ids;  // the revisions it described
  std::vector<FileLocation> locations;
  std::vector<int32_t> out_of_scope;
};

// An event to report. The instance id is fixed when the event is made, so a
// batch sent again after a failure is recognised by the server, not doubled.
struct AgentEvent {
  Guid instance_id = Guid::Random();
  int32_t event_id = 0;
  catalog::UpdateIdentity update;  // zero id: none
  int32_t win32_hresult = 0;
  std::vector<std::string> replacement_strings;
  std::vector<std::string> misc_data;
  std::string time_at_target;  // xs:dateTime; the time it was made when empty
};

// One SOAP call as the client saw it, for the load generator's figures.
struct CallRecord {
  std::string_view operation;
  std::chrono::nanoseconds latency{0};  // the last send only
  int sends = 1;                        // 1 + retries
  std::string error_kind;               // "" when it succeeded; else the ErrorCode, "http-503", "io", ...
};

// What a client keeps of its handshake: enough to go on with the server
// without one, as WUA does after a restart while its cookie is valid.
struct ClientSession {
  std::string cookie;  // EncryptedData; "" before the handshake
  std::string cookie_expiration;
  std::string config_last_change;
  int max_extended_per_request = 50;
};

class WuspClient {
 public:
  // Reports go to `status_server` (WUA's WUStatusServer policy) when it is
  // given and differs from `server`, on a connection of their own.
  WuspClient(boost::asio::any_io_executor executor, http::ServerUrl server, AgentIdentity identity,
             RevisionTable* revisions, http::ChannelOptions channel = {},
             std::optional<http::ServerUrl> status_server = std::nullopt);

  boost::asio::awaitable<Status> Handshake();
  // The software pass to its end, then the driver pass (SetSystemSpecSource).
  boost::asio::awaitable<Result<ScanReport>> Scan();
  // One SyncUpdates call with the cache's lists; the cache takes in the answer.
  boost::asio::awaitable<Result<SyncPage>> SyncOnce(bool driver_pass = false);
  // Extended and LocalizedProperties of `revision_ids`, in batches.
  boost::asio::awaitable<Result<ExtendedInfo>> GetExtendedUpdateInfo(const std::vector<int32_t>& revision_ids);
  // GET of `url` (a FileLocation) with `range` ("bytes=0-1048575"), on this
  // client's connection; with a `sink`, the body goes there as it arrives.
  boost::asio::awaitable<Result<http::HttpReply>> Fetch(const std::string& url, const std::string& range,
                                                        const http::BodySink* sink = nullptr);
  // Sends `events` in one batch; ok once the server acknowledged it.
  boost::asio::awaitable<Status> ReportEvents(const std::vector<AgentEvent>& events);

  // Which non-leaf updates count as installed (categories, detectoids and
  // prerequisites): every one by default.
  void SetNonLeafEvaluator(std::function<bool(const RevisionInfo&)> installed) { non_leaf_installed_ = installed; }
  void SetRetryPolicy(RetryPolicy policy) { retry_ = policy; }
  // Where the driver pass gets the computer's devices from
  // (DeviceDrivers::SystemSpecXml), asked each time one is sent: some 20 KB
  // a PC, not worth keeping per client in a fleet. None by default.
  void SetSystemSpecSource(std::function<std::string()> source) { system_spec_source_ = std::move(source); }
  void SetCallObserver(std::function<void(const CallRecord&)> observer) { observer_ = std::move(observer); }
  // After the computer installed a non-leaf update (a prerequisite of
  // others): it goes into InstalledNonLeafUpdateIDs from the next call on.
  void MarkNonLeafInstalled(int32_t revision_id);
  // After it uninstalled one: out of InstalledNonLeafUpdateIDs from the next call on.
  void MarkNonLeafRemoved(int32_t revision_id);

  // The whole SOAP body of the next software-pass SyncUpdates (the load
  // generator replays it from another process).
  std::string SyncUpdatesBody() const;
  // The whole SOAP body of a GetExtendedUpdateInfo of `revision_ids` (at
  // most max_extended_per_request()), for the same replay.
  std::string ExtendedInfoBody(const std::vector<int32_t>& revision_ids) const;

  const UpdateCache& cache() const { return cache_; }
  const RevisionTable& revisions() const { return *revisions_; }
  const AgentIdentity& identity() const { return identity_; }
  const std::string& cookie() const { return cookie_; }
  int handshakes() const { return handshakes_; }
  int refreshes() const { return refreshes_; }
  int retries() const { return retries_; }
  int connections_opened() const { return channel_.connections_opened(); }
  // The ErrorCode of the last fault the server sent, if the last answer was one.
  std::optional<xml::WuspErrorCode> last_fault() const { return last_fault_; }
  int max_extended_per_request() const { return max_extended_; }
  // Drops the connection, as a computer does between detection cycles.
  void Disconnect();

  ClientSession session() const;
  // Goes on from a session and cache kept from an earlier run (Datastore)
  // instead of starting empty; cookie faults make it start over as usual.
  void Restore(ClientSession session, UpdateCache cache);

 private:
  // One SOAP call, retried on ServerBusy, 503 and connection failures: the
  // body of a 200, or the fault as an error.
  boost::asio::awaitable<Result<std::string>> Post(std::string_view path, std::string_view ns,
                                                   std::string_view operation, const std::string& params);
  boost::asio::awaitable<Result<std::string>> PostOnce(http::HttpChannel& channel, std::string_view path,
                                                       std::string_view ns, std::string_view operation,
                                                       const std::string& params, std::string* error_kind);
  // Post() for an operation that takes the cookie, recovering from cookie
  // faults once; `params` is built again with the new cookie.
  boost::asio::awaitable<Result<std::string>> PostWithCookie(std::string_view path, std::string_view ns,
                                                             std::string_view operation,
                                                             const std::function<std::string()>& params);
  boost::asio::awaitable<Status> RegisterComputer();
  // After the server changed: this server's revision ids for what the cache
  // holds, in batches; what it leaves out is dropped.
  boost::asio::awaitable<Status> RefreshCache();
  boost::asio::awaitable<void> Sleep(std::chrono::milliseconds delay);
  std::string CookieXml() const;
  Status TakeSyncAnswer(const std::string& body, SyncPage* page);
  Status TakeUpdateInfo(const pugi::xml_node& info, bool is_new, SyncPage* page);
  std::string SyncParams(bool driver_pass) const;
  std::string ExtendedInfoParams(const std::vector<int32_t>& revision_ids) const;
  std::string ComputerInfoXml() const;

  boost::asio::any_io_executor executor_;
  http::HttpChannel channel_;
  std::unique_ptr<http::HttpChannel> status_channel_;  // only when reports go elsewhere
  AgentIdentity identity_;
  RevisionTable* revisions_;
  std::string config_last_change_;
  std::string cookie_;
  std::string cookie_expiration_;
  int max_extended_ = 50;
  int handshakes_ = 0;
  int refreshes_ = 0;
  int retries_ = 0;
  std::optional<xml::WuspErrorCode> last_fault_;
  UpdateCache cache_;
  std::function<bool(const RevisionInfo&)> non_leaf_installed_;
  std::function<void(const CallRecord&)> observer_;
  RetryPolicy retry_;
  std::function<std::string()> system_spec_source_;
  std::minstd_rand jitter_;
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_WUSP_CLIENT_H_
