// HandshakeService: how a client starts a scan (protocol-wusp.md (a) 1-4):
// GetConfig (the server's LastChange and properties), GetAuthorizationCookie
// (SimpleAuthWebService: the SimpleTargeting cookie naming the client and its
// requested groups), GetCookie (the client cookie, sealed, carrying the sync
// state of an old one over) and RegisterComputer (the computer, stored
// through the ClientWriter before the answer).
//
// Thread-safety: every operation may run on many handler threads at once.
#ifndef OPENWSUS_WUSP_HANDSHAKE_SERVICE_H_
#define OPENWSUS_WUSP_HANDSHAKE_SERVICE_H_

#include "common/cookie_sealer.h"
#include "http/soap_call.h"
#include "wusp/client_writer.h"
#include "wusp/cookie_gate.h"
#include "wusp/wusp_options.h"
#include "xml/soap_error.h"

namespace openwsus::wusp {

class HandshakeService {
 public:
  // Everything passed in must outlive the service.
  HandshakeService(CookieGate* gate, const CookieSealer* sealer, ClientWriter* writer, const WuspOptions* options);

  xml::SoapReply GetConfig(const http::SoapCall& call);
  xml::SoapReply GetAuthorizationCookie(const http::SoapCall& call);
  xml::SoapReply GetCookie(const http::SoapCall& call);
  xml::SoapReply RegisterComputer(const http::SoapCall& call);

 private:
  // The sync state an oldCookie carries over to the new cookie: its
  // high-water marks when it was the same client's. InvalidCookie when it is
  // not ours.
  struct CarriedOver {
    int64_t deployment_high_water = 0;
    int64_t driver_high_water = 0;
  };
  std::variant<CarriedOver, xml::SoapError> CarryOver(const http::SoapCall& call,
                                                      const AuthorizationCookieData& auth) const;

  CookieGate* gate_;
  const CookieSealer* sealer_;
  ClientWriter* writer_;
  const WuspOptions* options_;
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_HANDSHAKE_SERVICE_H_
