// WuspService: the client-facing MS-WUSP web services a Windows Update Agent
// talks to (ClientWebService, SimpleAuthWebService, ReportingWebService).
//
// Register() adds a POST route per service path. Each request is parsed as a
// SOAP 1.1 envelope (xml::SoapRequest, checked against its SOAPAction),
// dispatched on the operation name within the path's service namespace, and
// answered with the operation's response or a fault (FaultFor in wusp_error.h):
// unknown operations and bad parameters -> InvalidParameters naming the
// parameter ("parameters.cookie"), cookie problems -> their protocol codes,
// a store that cannot keep up -> ServerBusy, anything unexpected ->
// InternalServerError, logged.
//
// Operations: GetConfig, GetAuthorizationCookie, GetCookie, RegisterComputer,
// StartCategoryScan, SyncUpdates (software and driver passes),
// SyncPrinterCatalog, RefreshCache, GetExtendedUpdateInfo(2),
// GetFileLocations (sync_operations.cc), ReportEventBatch
// (report_operations.cc). The server-to-server operations of the Reporting
// WSDL (ReportEventBatch2, rollups) are answered InvalidParameters: they are
// not for clients.
//
// The scan path reads the snapshot of SnapshotManager and the cookie only;
// writes go to the ClientWriter. Cookies are sealed by `sealer`
// (AES-256-GCM); nothing from a client is trusted before it opens.
//
// Thread-safety: Handle() runs on many io threads at once. `store` (config
// LastChange, extended metadata) is used under mu_; give the service its own
// Store connection. Everything in WuspDeps must outlive the service.
#ifndef OPENWSUS_WUSP_WUSP_SERVICE_H_
#define OPENWSUS_WUSP_WUSP_SERVICE_H_

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "common/cookie_sealer.h"
#include "common/date_time.h"
#include "http/http_request.h"
#include "http/http_response.h"
#include "http/router.h"
#include "snapshot/snapshot_manager.h"
#include "store/store.h"
#include "wusp/client_writer.h"
#include "wusp/event_batch.h"
#include "wusp/extended_info.h"
#include "wusp/sync_parameters.h"
#include "wusp/wusp_error.h"
#include "xml/safe_xml.h"
#include "xml/service_names.h"
#include "xml/soap_request.h"

namespace openwsus::wusp {

struct WuspOptions {
  // The largest real request (SyncUpdates with 5,261 cached ids) is about
  // 200 KB; the HTTP server's body limit applies first.
  xml::Limits limits{/*max_bytes=*/4u << 20, /*max_depth=*/64};
  // Real WSUS 2025 issues client cookies valid one hour.
  std::chrono::seconds cookie_lifetime{3600};
  // An authorization cookie is exchanged for a cookie right away; an older one
  // is refused (InvalidAuthorizationCookie) and the client asks again.
  std::chrono::seconds authorization_cookie_max_age{24 * 3600};
  // UpdateInfos per SyncUpdates page (real WSUS: 30).
  size_t page_size = kDefaultSyncPageSize;
  SyncLimits sync_limits;
  EventLimits event_limits;
  // The cookie's high-water mark trails the snapshot by this much, so that a
  // deployment written while a snapshot was being read is sent (again) as
  // changed rather than missed.
  std::chrono::seconds high_water_margin{60};
  // Identities per RefreshCache and digests per GetFileLocations.
  size_t max_refresh_ids = 5'000;
  size_t max_file_digests = 5'000;
  // StartCategoryScan: WSUS requires fewer than 200 categories.
  size_t max_scan_categories = 199;
  // How long a handler waits for the writer before answering ServerBusy.
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
};

struct WuspDeps {
  store::Store* store = nullptr;
  const CookieSealer* sealer = nullptr;
  snapshot::SnapshotManager* snapshots = nullptr;
  ClientWriter* writer = nullptr;
};

class WuspService {
 public:
  explicit WuspService(WuspDeps deps, WuspOptions options = {});

  // Adds the POST routes of the three services.
  void Register(http::Router* router);

  // Answers one request to the service whose operation namespace is
  // `service_ns` (xml::kClientWebServiceNs etc.).
  http::HttpResponse Handle(std::string_view service_ns, const http::HttpRequest& request);

 private:
  struct Call {
    const http::HttpRequest& http;
    const xml::SoapRequest& soap;
    DateTime now;
  };

  WuspReply Dispatch(std::string_view service_ns, const Call& call);

  // The handshake (wusp_service.cc).
  WuspReply GetConfig(const Call& call);
  WuspReply GetAuthorizationCookie(const Call& call);
  WuspReply GetCookie(const Call& call);
  WuspReply RegisterComputer(const Call& call);

  // The scan (sync_operations.cc).
  WuspReply StartCategoryScan(const Call& call);
  WuspReply SyncUpdates(const Call& call);
  WuspReply SyncPrinterCatalog(const Call& call);
  WuspReply RefreshCache(const Call& call);
  WuspReply GetExtendedUpdateInfo(const Call& call);
  WuspReply GetExtendedUpdateInfo2(const Call& call);
  WuspReply GetFileLocations(const Call& call);
  // The result of GetExtendedUpdateInfo(2) for `request`, from the store.
  WuspReply AnswerExtendedInfo(std::string_view ns, std::string_view operation, const ExtendedInfoRequest& request);

  // Reporting (report_operations.cc).
  WuspReply ReportEventBatch(const Call& call);

  // The operation's client cookie, opened. On failure `error` is the fault
  // to send: InvalidParameters when it is missing, else what the sealer says.
  Result<ClientCookieData> RequireClientCookie(const Call& call, WuspError* error) const;
  // RequireClientCookie plus the check every scan operation makes: the
  // config the cookie was issued under is the snapshot's (else ConfigChanged).
  Result<ClientCookieData> RequireCurrentCookie(const Call& call, const snapshot::PolicyIndex& snapshot,
                                                WuspError* error);
  // What an operation that takes the client cookie starts from: the
  // snapshot, and the cookie once it opened and passed `check`.
  struct CookieCall {
    std::shared_ptr<const snapshot::PolicyIndex> snapshot;
    ClientCookieData cookie;
  };
  enum class CookieCheck {
    kOpens,       // ours, not expired
    kCurrent,     // and issued under the current config (else ConfigChanged)
    kRegistered,  // and the computer registered (else RegistrationRequired)
  };
  std::variant<CookieCall, WuspError> OpenCookieCall(const Call& call, CookieCheck check);
  // Whether the client registered (RegistrationRequired otherwise).
  bool IsRegistered(const Guid& client_id, const snapshot::PolicyIndex& snapshot);
  // The cookie to hand back after a sync: same client and expiry, the new
  // high-water mark of the pass that saw every change of its cache (a
  // filtered scan or the printer catalog saw part of it only).
  enum class SyncPass { kSoftware, kDrivers, kPartial, kPrinters };
  Result<std::string> ResealAfterSync(ClientCookieData cookie, const snapshot::PolicyIndex& snapshot,
                                      SyncPass pass) const;
  // The SyncInfo answer of `plan`, with the resealed cookie.
  WuspReply AnswerSync(std::string_view ns, std::string_view operation, const SyncPlan& plan,
                       const snapshot::PolicyIndex& snapshot, const ClientCookieData& cookie, SyncPass pass);
  // Waits for a write; ServerBusy when it takes too long.
  Status AwaitWrite(std::future<Status> write) const;

  // The config LastChange as the store has it, created on first use. Takes
  // mu_. The scan operations use the snapshot's copy instead.
  Result<DateTime> ConfigLastChange();

  WuspDeps deps_;
  WuspOptions options_;
  std::mutex mu_;  // guards deps_.store and registered_
  // When each computer registered since start: the snapshot knows those
  // registered before it was built.
  std::unordered_map<Guid, DateTime, GuidHash> registered_;  // GUARDED_BY(mu_)
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_WUSP_SERVICE_H_
