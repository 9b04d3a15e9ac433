// WuspService: the client-facing MS-WUSP web services a Windows Update Agent
// talks to (ClientWebService, SimpleAuthWebService, ReportingWebService).
//
// Register() adds a POST route per service path. Each request is parsed as a
// SOAP 1.1 envelope (xml::SoapRequest, checked against its SOAPAction),
// dispatched on the operation name within the path's service namespace, and
// answered with the operation's response or a fault (FaultFor in wusp_error.h):
// unknown operations and bad parameters -> InvalidParameters naming the
// parameter ("parameters.cookie"), cookie problems -> their protocol codes,
// anything unexpected -> InternalServerError, logged.
//
// Implemented so far: the handshake (GetConfig, GetAuthorizationCookie,
// GetCookie, RegisterComputer) and GetExtendedUpdateInfo (extended_info.h).
// Every other WSDL operation (SyncUpdates, GetFileLocations, ReportEventBatch, ...) is answered with an
// InternalServerError fault and logged as "not implemented".
//
// Cookies are sealed by `sealer` (AES-256-GCM, cookie_sealer.h); nothing from a
// client is trusted before it opens. The config LastChange and the computers
// live in `store`.
//
// Thread-safety: Handle() runs on many io threads at once. The store is used
// under mu_ (a direct write per RegisterComputer for now; batched writes come
// later), so give the service its own Store connection. The sealer is
// thread-safe. `store` and `sealer` must outlive the service.
#ifndef OPENWSUS_WUSP_WUSP_SERVICE_H_
#define OPENWSUS_WUSP_WUSP_SERVICE_H_

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

#include "common/cookie_sealer.h"
#include "common/date_time.h"
#include "http/http_request.h"
#include "http/http_response.h"
#include "http/router.h"
#include "store/store.h"
#include "wusp/wusp_error.h"
#include "xml/safe_xml.h"
#include "xml/soap_request.h"

namespace openwsus::wusp {

inline constexpr std::string_view kClientServicePath = "/ClientWebService/client.asmx";
inline constexpr std::string_view kSimpleAuthServicePath = "/SimpleAuthWebService/SimpleAuth.asmx";
inline constexpr std::string_view kReportingServicePath = "/ReportingWebService/ReportingWebService.asmx";

struct WuspOptions {
  // The largest real request (SyncUpdates with 5,261 cached ids) is about
  // 200 KB; the HTTP server's body limit applies first.
  xml::Limits limits{/*max_bytes=*/4u << 20, /*max_depth=*/64};
  // Real WSUS 2025 issues client cookies valid one hour.
  std::chrono::seconds cookie_lifetime{3600};
  // An authorization cookie is exchanged for a cookie right away; an older one
  // is refused (InvalidAuthorizationCookie) and the client asks again.
  std::chrono::seconds authorization_cookie_max_age{24 * 3600};
};

class WuspService {
 public:
  WuspService(store::Store* store, const CookieSealer* sealer, WuspOptions options = {});

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

  WuspReply GetConfig(const Call& call);
  WuspReply GetAuthorizationCookie(const Call& call);
  WuspReply GetCookie(const Call& call);
  // The operation's client cookie, opened. On failure `error` is the fault
  // to send: InvalidParameters when it is missing, else what the sealer says.
  Result<ClientCookieData> RequireClientCookie(const Call& call, WuspError* error) const;
  WuspReply RegisterComputer(const Call& call);
  WuspReply GetExtendedUpdateInfo(const Call& call);

  // The config LastChange, created on first use. Takes mu_.
  Result<DateTime> ConfigLastChange();

  store::Store* store_;  // GUARDED_BY(mu_)
  const CookieSealer* sealer_;
  WuspOptions options_;
  std::mutex mu_;
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_WUSP_SERVICE_H_
