// DownstreamGate: who a downstream server is, for every server-sync call.
//
// GetAuthorizationCookie (DssAuthWebService) checks the accountName (an FQDN)
// and accountGuid it presents, refuses a server the allow-list does not name
// (store::kAllowedDownstreamsKey; an audit entry says who and from where),
// registers it (store::DownstreamServer) and seals an authorization cookie of
// the downstream audience. GetCookie opens that and seals the sync cookie;
// every later call opens the sync cookie again and checks the allow-list, so
// that removing a server from it stops it at its next call, not at its
// cookie's expiry. Cookies are sealed as the client ones are (AES-256-GCM,
// cookie_sealer.h), under their own audience, so neither kind opens as the
// other; nothing in them is trusted before the tag verifies.
//
// Faults: no cookie or one that does not open -> InvalidCookie, an expired
// one -> CookieExpired, a bad authorization cookie -> InvalidAuthorization-
// Cookie, a bad name or id, or a refused server -> InvalidParameters naming
// the parameter.
//
// Thread-safety: safe to call from many threads; the store is used under
// its GuardedStore's lock.
#ifndef OPENWSUS_WSUSSS_DOWNSTREAM_GATE_H_
#define OPENWSUS_WSUSSS_DOWNSTREAM_GATE_H_

#include <string>
#include <variant>

#include "common/cookie_sealer.h"
#include "http/soap_call.h"
#include "store/guarded_store.h"
#include "wsusss/wsusss_options.h"
#include "xml/soap_error.h"

namespace openwsus::wsusss {

// The sync cookie's payload: which downstream, until when, at which version.
using DownstreamCookie = ClientCookieData;

template <typename T>
using OrError = std::variant<T, xml::SoapError>;

class DownstreamGate {
 public:
  DownstreamGate(store::GuardedStore* store, const CookieSealer* sealer, const WsusssOptions* options);

  // The CookieData of a new authorization cookie.
  OrError<std::string> Authorize(const http::SoapCall& call);
  // The Cookie of GetCookie: its expiration and EncryptedData.
  OrError<DownstreamCookie> IssueCookie(const http::SoapCall& call, std::string* encrypted_data);
  // The downstream a later call's <cookie> names.
  OrError<DownstreamCookie> Open(const http::SoapCall& call);
  // Records that `server` synced (last_sync) or asked for deployments (replica).
  Status Touch(const Guid& server, DateTime now, bool synced, bool replica);

 private:
  // OK, or InvalidParameters (audited) when an allow-list exists without `id`.
  std::optional<xml::SoapError> CheckAllowed(const Guid& id, std::string_view name, const http::SoapCall& call);

  store::GuardedStore* store_;
  const CookieSealer* sealer_;
  const WsusssOptions* options_;
};

}  // namespace openwsus::wsusss

#endif  // OPENWSUS_WSUSSS_DOWNSTREAM_GATE_H_
