#include "wsusss/downstream_gate.h"

#include <algorithm>
#include <sstream>

#include "common/strings.h"
#include "store/settings_keys.h"
#include "xml/soap_request.h"

namespace openwsus::wsusss {
namespace {

using xml::SoapError;
using xml::WuspErrorCode;

// The one authorization plug-in of the DSS auth service.
constexpr std::string_view kDssTargeting = "DssTargeting";
constexpr size_t kMaxProtocolVersion = 16;

bool IsFqdn(std::string_view name) {
  return !name.empty() && name.size() <= kMaxCookieDnsName && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_';
  });
}

// "1.20" and the like: major 1, digits only.
bool IsCompatibleVersion(std::string_view version) {
  size_t dot = version.find('.');
  if (dot == std::string_view::npos || version.size() > kMaxProtocolVersion) return false;
  auto major = ParseNumber<int>(version.substr(0, dot));
  auto minor = ParseNumber<int>(version.substr(dot + 1));
  return major && minor && *major == 1 && *minor >= 0;
}

std::vector<Guid> ParseIds(std::string_view text) {
  std::vector<Guid> ids;
  std::istringstream in{std::string(text)};
  std::string word;
  while (in >> word) {
    if (auto id = Guid::Parse(word); id.ok()) ids.push_back(*id);
  }
  return ids;
}

}  // namespace

DownstreamGate::DownstreamGate(store::GuardedStore* store, const CookieSealer* sealer, const WsusssOptions* options)
    : store_(store), sealer_(sealer), options_(options) {}

std::optional<SoapError> DownstreamGate::CheckAllowed(const Guid& id, std::string_view name,
                                                      const http::SoapCall& call) {
  auto allowed = store_->With([](store::Store* s) { return s->GetSetting(store::kAllowedDownstreamsKey); });
  if (!allowed.ok()) return SoapError::FromStatus(allowed.status());
  if (!*allowed) return std::nullopt;
  std::vector<Guid> ids = ParseIds(**allowed);
  if (ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end()) return std::nullopt;
  store::AuditEntry entry{.time = call.now, .actor = "wsusss", .action = "downstream.refuse", .target = id.ToString()};
  entry.details =
      R"({"name":")" + std::string(name.substr(0, 64)) + R"(","address":")" + call.http.remote_address + R"("})";
  Status audited = store_->With([&](store::Store* s) { return s->AppendAudit(entry); });
  if (!audited.ok()) return SoapError::FromStatus(audited);
  return SoapError::BadParameter(
      "accountGuid", Status::PermissionDenied("downstream server " + id.ToString() + " is not on the allow-list"));
}

OrError<std::string> DownstreamGate::Authorize(const http::SoapCall& call) {
  std::string name(Trim(xml::ReadString(call.op(), call.ns(), "accountName").value_or("")));
  auto id = Guid::Parse(Trim(xml::ReadString(call.op(), call.ns(), "accountGuid").value_or("")));
  if (!IsFqdn(name)) return SoapError::BadParameter("accountName", Status::InvalidArgument("not an FQDN"));
  if (!id.ok()) return SoapError::BadParameter("accountGuid", id.status());
  if (auto refused = CheckAllowed(*id, name, call)) return *refused;
  store::DownstreamServer server{.server_id = *id, .name = name, .address = call.http.remote_address};
  server.first_seen = server.last_seen = call.now;
  Status registered = store_->With([&](store::Store* s) { return s->UpsertDownstreamServer(server); });
  if (!registered.ok()) return SoapError::FromStatus(registered);
  auto sealed = sealer_->SealAuthorizationCookie({.client_id = *id, .dns_name = name, .issued = call.now},
                                                 CookieAudience::kDownstreamServer);
  if (!sealed.ok()) return SoapError::FromStatus(sealed.status());
  return std::move(sealed).value();
}

OrError<DownstreamCookie> DownstreamGate::IssueCookie(const http::SoapCall& call, std::string* encrypted_data) {
  std::string version(Trim(xml::ReadString(call.op(), call.ns(), "protocolVersion").value_or("")));
  if (!IsCompatibleVersion(version)) {
    return SoapError::Protocol(WuspErrorCode::kIncompatibleProtocolVersion,
                               Status::InvalidArgument("protocol version '" + version.substr(0, 16) + "'"),
                               "protocolVersion");
  }
  std::optional<AuthorizationCookieData> auth;
  Status why = Status::Unauthenticated("no DssTargeting authorization cookie");
  for (const pugi::xml_node& item :
       xml::ArrayItems(xml::FindParam(call.op(), call.ns(), "authCookies"), call.ns(), "AuthorizationCookie")) {
    std::optional<std::string> plug_in = xml::ReadString(item, call.ns(), "PlugInId");
    std::optional<std::string> data = xml::ReadString(item, call.ns(), "CookieData");
    if ((plug_in && Trim(*plug_in) != kDssTargeting) || !data) continue;
    auto opened = sealer_->OpenAuthorizationCookie(Trim(*data), call.now, options_->authorization_cookie_max_age,
                                                   CookieAudience::kDownstreamServer);
    if (opened.ok()) {
      auth = std::move(opened).value();
      break;
    }
    why = opened.status();
  }
  if (!auth) return SoapError::Protocol(WuspErrorCode::kInvalidAuthorizationCookie, why, "authCookies");
  if (auto refused = CheckAllowed(auth->client_id, auth->dns_name, call)) return *refused;
  DownstreamCookie cookie{
      .client_id = auth->client_id,
      .expires = DateTime::FromUnixSeconds(call.now.unix_seconds() + options_->cookie_lifetime.count()),
      .protocol_version = version};
  auto sealed = sealer_->SealClientCookie(cookie, CookieAudience::kDownstreamServer);
  if (!sealed.ok()) return SoapError::FromStatus(sealed.status());
  *encrypted_data = std::move(sealed).value();
  return cookie;
}

OrError<DownstreamCookie> DownstreamGate::Open(const http::SoapCall& call) {
  pugi::xml_node cookie = xml::FindParam(call.op(), call.ns(), "cookie");
  std::optional<std::string> data = xml::ReadString(cookie, call.ns(), "EncryptedData");
  if (!cookie || !data) {
    return SoapError::Protocol(WuspErrorCode::kInvalidCookie, Status::Unauthenticated("no cookie"), "cookie");
  }
  auto opened = sealer_->OpenClientCookie(Trim(*data), call.now, CookieAudience::kDownstreamServer);
  if (opened.fault() == CookieFault::kExpired) {
    return SoapError::Protocol(WuspErrorCode::kCookieExpired, opened.status(), "cookie");
  }
  if (!opened.ok()) return SoapError::Protocol(WuspErrorCode::kInvalidCookie, opened.status(), "cookie");
  if (auto refused = CheckAllowed(opened->client_id, "", call)) return *refused;
  return std::move(opened).value();
}

Status DownstreamGate::Touch(const Guid& server, DateTime now, bool synced, bool replica) {
  return store_->With([&](store::Store* s) -> Status {
    OW_ASSIGN_OR_RETURN(std::vector<store::DownstreamServer> servers, s->ListDownstreamServers());
    for (store::DownstreamServer& d : servers) {
      if (d.server_id != server) continue;
      d.last_seen = now;
      if (synced) d.last_sync = now;
      if (replica) d.mode = store::DownstreamMode::kReplica;
      return s->UpsertDownstreamServer(d);
    }
    return Status::Ok();  // registered by an earlier database: nothing to record on
  });
}

}  // namespace openwsus::wsusss
