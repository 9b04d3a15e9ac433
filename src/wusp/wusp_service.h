// WuspService: the client-facing MS-WUSP web services a Windows Update Agent
// talks to (ClientWebService, SimpleAuthWebService, ReportingWebService).
//
// Register() adds a POST route per service path. Each request is parsed as a
// SOAP 1.1 envelope (xml::SoapRequest, checked against its SOAPAction),
// dispatched on the operation name within the path's service namespace, and
// answered with the operation's response or a fault (xml::FaultFor, soap_error.h, through http::AnswerSoap):
// unknown operations and bad parameters -> InvalidParameters naming the
// parameter ("parameters.cookie"), cookie problems -> their protocol codes,
// a store that cannot keep up -> ServerBusy, anything unexpected ->
// InternalServerError, logged.
//
// Each service is a class of its own, all sharing one CookieGate:
// HandshakeService (GetConfig, GetAuthorizationCookie, GetCookie,
// RegisterComputer), ScanService (StartCategoryScan, SyncUpdates,
// SyncPrinterCatalog, RefreshCache), ExtendedInfoService
// (GetExtendedUpdateInfo(2), GetFileLocations) and ReportingService
// (ReportEventBatch). The server-to-server operations of the Reporting WSDL
// (ReportEventBatch2, rollups) are answered InvalidParameters: they are not
// for clients.
//
// The scan path reads the snapshot of SnapshotManager and the cookie only;
// writes go to the ClientWriter. Cookies are sealed by `sealer`
// (AES-256-GCM); nothing from a client is trusted before it opens.
//
// Thread-safety: Handle() runs on many of the HTTP server's handler threads
// at once. `store` (the config LastChange, documents behind a fragment cache
// miss) is used under one lock (store::GuardedStore); give the service its own
// Store connection. Everything in WuspDeps must outlive the service.
#ifndef OPENWSUS_WUSP_WUSP_SERVICE_H_
#define OPENWSUS_WUSP_WUSP_SERVICE_H_

#include <string_view>

#include "common/cookie_sealer.h"
#include "http/http_request.h"
#include "http/http_response.h"
#include "http/router.h"
#include "http/soap_call.h"
#include "snapshot/snapshot_manager.h"
#include "store/guarded_store.h"
#include "store/store.h"
#include "wusp/client_writer.h"
#include "wusp/cookie_gate.h"
#include "wusp/extended_info_service.h"
#include "wusp/handshake_service.h"
#include "wusp/reporting_service.h"
#include "wusp/scan_service.h"
#include "wusp/wusp_options.h"
#include "xml/soap_error.h"

namespace openwsus::wusp {

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
  struct Operation {
    std::string_view service_ns;
    std::string_view name;
    xml::SoapReply (*answer)(WuspService* self, const http::SoapCall& call);
  };
  static const Operation kOperations[];

  xml::SoapReply Dispatch(std::string_view service_ns, const http::SoapCall& call);

  WuspOptions options_;
  store::GuardedStore store_;
  CookieGate gate_;
  HandshakeService handshake_;
  ScanService scan_;
  ExtendedInfoService extended_info_;
  ReportingService reporting_;
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_WUSP_SERVICE_H_
