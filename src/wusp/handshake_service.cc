#include "wusp/handshake_service.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/cookie_data.h"
#include "common/log.h"
#include "common/strings.h"
#include "xml/soap_response_writer.h"
#include "xml/xml_writer.h"

namespace openwsus::wusp {
namespace {

using xml::WuspErrorCode;

// The one authorization plug-in WSUS offers; its name is also the PlugInId of
// every AuthorizationCookie we issue or accept.
constexpr std::string_view kSimpleTargeting = "SimpleTargeting";

// Longest client-supplied texts we store from RegisterComputer (the SQL
// Server columns of WSUS are nvarchar(255)/(256)).
constexpr size_t kMaxComputerText = 256;

// WSUS splits the TargetGroup policy value on ';' (client-side targeting).
std::vector<std::string> SplitTargetGroups(std::string_view value) {
  std::vector<std::string> groups;
  while (!value.empty()) {
    size_t semicolon = value.find(';');
    std::string_view name = Trim(value.substr(0, semicolon));
    if (!name.empty() && std::find(groups.begin(), groups.end(), name) == groups.end()) {
      groups.emplace_back(name);
    }
    if (semicolon == std::string_view::npos) break;
    value.remove_prefix(semicolon + 1);
  }
  return groups;
}

// The host part of a Host header ("192.0.2.1:8530" -> "192.0.2.1",
// "[::1]:8530" -> "[::1]"), or "localhost" when absent or odd.
std::string HostName(const http::HttpRequest& request) {
  std::string_view host = Trim(request.headers.Get("Host").value_or(""));
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    host = close == std::string_view::npos ? std::string_view() : host.substr(0, close + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  bool plain = !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_' || c == ':' || c == '[' || c == ']';
  });
  return plain ? std::string(host) : "localhost";
}

void AppendProperty(std::string* out, std::string_view name, std::string_view value) {
  out->append("<ConfigurationProperty>");
  xml::AppendElement(out, "Name", name);
  xml::AppendElement(out, "Value", value);
  out->append("</ConfigurationProperty>");
}

// The ComputerInfo fields WSUS keeps (its WSDL's, DnsName and OSDescription
// aside, which are columns of their own), each as sent, trimmed and cut to
// kMaxComputerText. Unknown elements are not kept.
constexpr std::string_view kComputerInfoFields[] = {"OSMajorVersion",
                                                    "OSMinorVersion",
                                                    "OSBuildNumber",
                                                    "OSServicePackMajorNumber",
                                                    "OSServicePackMinorNumber",
                                                    "OSLocale",
                                                    "ComputerManufacturer",
                                                    "ComputerModel",
                                                    "BiosVersion",
                                                    "BiosName",
                                                    "BiosReleaseDate",
                                                    "ProcessorArchitecture",
                                                    "SuiteMask",
                                                    "OldProductType",
                                                    "NewProductType",
                                                    "SystemMetrics",
                                                    "ClientVersionMajorNumber",
                                                    "ClientVersionMinorNumber",
                                                    "ClientVersionBuildNumber",
                                                    "ClientVersionQfeNumber",
                                                    "OEM",
                                                    "DeviceType",
                                                    "FirmwareVersion",
                                                    "MobileOperator"};

std::vector<std::pair<std::string, std::string>> ReadComputerInfo(const pugi::xml_node& info, std::string_view ns) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (std::string_view name : kComputerInfoFields) {
    std::optional<std::string> value = xml::ReadString(info, ns, name);
    if (!value) continue;
    fields.emplace_back(std::string(name), std::string(Trim(*value).substr(0, kMaxComputerText)));
  }
  return fields;
}

// The first SimpleTargeting authorization cookie of GetCookie's authCookies
// that opens; InvalidAuthorizationCookie when none does.
std::variant<AuthorizationCookieData, xml::SoapError> OpenAuthorization(const http::SoapCall& call,
                                                                        const CookieSealer& sealer,
                                                                        std::chrono::seconds max_age) {
  Status why = Status::Unauthenticated("no SimpleTargeting authorization cookie");
  for (const pugi::xml_node& item :
       xml::ArrayItems(xml::FindParam(call.op(), call.ns(), "authCookies"), call.ns(), "AuthorizationCookie")) {
    std::optional<std::string> plug_in = xml::ReadString(item, call.ns(), "PlugInId");
    if (plug_in && Trim(*plug_in) != kSimpleTargeting) continue;
    std::optional<std::string> cookie_data = xml::ReadString(item, call.ns(), "CookieData");
    if (!cookie_data) continue;
    auto opened = sealer.OpenAuthorizationCookie(Trim(*cookie_data), call.now, max_age);
    if (opened.ok()) return std::move(opened).value();
    why = opened.status();
  }
  return xml::SoapError::Protocol(WuspErrorCode::kInvalidAuthorizationCookie, why, "parameters.authCookies");
}

}  // namespace

HandshakeService::HandshakeService(CookieGate* gate, const CookieSealer* sealer, ClientWriter* writer,
                                   const WuspOptions* options)
    : gate_(gate), sealer_(sealer), writer_(writer), options_(options) {}

xml::SoapReply HandshakeService::GetConfig(const http::SoapCall& call) {
  // protocolVersion ("2.90" today) changes nothing in the answer.
  auto last_change = gate_->ConfigLastChange();
  if (!last_change.ok()) return xml::SoapError::FromStatus(last_change.status());

  // Element order is the real server's (and the WSDL's); AllowedEventIds is
  // omitted as it does.
  xml::SoapResponseWriter writer(call.ns(), "GetConfig");
  std::string* out = writer.BeginResult();
  xml::AppendElement(out, "LastChange", last_change->ToString());
  out->append("<IsRegistrationRequired>true</IsRegistrationRequired>");
  out->append("<AuthInfo><AuthPlugInInfo>");
  xml::AppendElement(out, "PlugInID", kSimpleTargeting);
  // Relative, without a leading slash: the client resolves it against WUServer.
  xml::AppendElement(out, "ServiceUrl", "SimpleAuthWebService/SimpleAuth.asmx");
  out->append("<Parameter/></AuthPlugInInfo></AuthInfo>");
  out->append("<Properties>");
  AppendProperty(out, "MaxExtendedUpdatesPerRequest", "50");
  // WUA ignores it; real WSUS names its package share, so we name ours alike.
  AppendProperty(out, "PackageServerShare", "\\\\" + HostName(call.http) + "\\UpdateServicesPackages");
  // 3.2, or WUA falls back to a slow full scan (no fast AppCatSan).
  AppendProperty(out, "ProtocolVersion", "3.2");
  AppendProperty(out, "IsInventoryRequired", "0");
  AppendProperty(out, "ClientReportingLevel", "2");
  out->append("</Properties>");
  return std::move(writer).Finish();
}

xml::SoapReply HandshakeService::GetAuthorizationCookie(const http::SoapCall& call) {
  auto client_id = xml::ReadGuid(call.op(), call.ns(), "clientId");
  if (!client_id.ok()) return xml::SoapError::BadParameter("parameters.clientId", client_id.status());
  if (!*client_id)
    return xml::SoapError::BadParameter("parameters.clientId", Status::InvalidArgument("clientId is missing"));

  AuthorizationCookieData data;
  data.client_id = **client_id;
  data.dns_name = std::string(Trim(xml::ReadString(call.op(), call.ns(), "dnsName").value_or("")));
  if (data.dns_name.size() > kMaxCookieDnsName) {
    return xml::SoapError::BadParameter("parameters.dnsName", Status::InvalidArgument("dnsName is too long"));
  }
  data.target_groups = SplitTargetGroups(xml::ReadString(call.op(), call.ns(), "targetGroupName").value_or(""));
  bool groups_fit = data.target_groups.size() <= kMaxCookieGroups &&
                    std::all_of(data.target_groups.begin(), data.target_groups.end(),
                                [](const std::string& g) { return g.size() <= kMaxCookieGroupName; });
  if (!groups_fit) {
    return xml::SoapError::BadParameter("parameters.targetGroupName",
                                        Status::InvalidArgument("too many or too long target group names"));
  }
  data.issued = call.now;

  auto sealed = sealer_->SealAuthorizationCookie(data);
  if (!sealed.ok()) return xml::SoapError::FromStatus(sealed.status());

  xml::SoapResponseWriter writer(call.ns(), "GetAuthorizationCookie");
  std::string* out = writer.BeginResult();
  xml::AppendElement(out, "PlugInId", kSimpleTargeting);
  xml::AppendElement(out, "CookieData", *sealed);
  return std::move(writer).Finish();
}

std::variant<HandshakeService::CarriedOver, xml::SoapError> HandshakeService::CarryOver(
    const http::SoapCall& call, const AuthorizationCookieData& auth) const {
  // WUA sends an oldCookie with only Expiration on its very first call: that is
  // no cookie. One that is not ours means the client must start over; an
  // expired one is what this call exists to replace, and its sync state
  // carries over (MS-WUSP 3.1.5.4) when it was the same client's.
  CarriedOver carried;
  pugi::xml_node old_cookie = xml::FindParam(call.op(), call.ns(), "oldCookie");
  if (!old_cookie || xml::IsNil(old_cookie)) return carried;
  std::optional<std::string> encrypted = xml::ReadString(old_cookie, call.ns(), "EncryptedData");
  if (!encrypted || Trim(*encrypted).empty()) return carried;
  // Opened as of the epoch so that an expired cookie opens too.
  auto opened = sealer_->OpenClientCookie(Trim(*encrypted), DateTime());
  if (!opened.ok())
    return xml::SoapError::Protocol(WuspErrorCode::kInvalidCookie, opened.status(), "parameters.oldCookie");
  if (opened->client_id == auth.client_id && opened->target_groups == auth.target_groups) {
    carried.deployment_high_water = opened->deployment_high_water;
    carried.driver_high_water = opened->driver_high_water;
  }
  return carried;
}

xml::SoapReply HandshakeService::GetCookie(const http::SoapCall& call) {
  auto auth = OpenAuthorization(call, *sealer_, options_->authorization_cookie_max_age);
  if (auto* refused = std::get_if<xml::SoapError>(&auth)) return *refused;
  const AuthorizationCookieData& authorization = std::get<AuthorizationCookieData>(auth);
  auto carried = CarryOver(call, authorization);
  if (auto* refused = std::get_if<xml::SoapError>(&carried)) return *refused;

  auto config_last_change = gate_->ConfigLastChange();
  if (!config_last_change.ok()) return xml::SoapError::FromStatus(config_last_change.status());
  std::optional<std::string> last_change_text = xml::ReadString(call.op(), call.ns(), "lastChange");
  if (!last_change_text) {
    return xml::SoapError::Protocol(WuspErrorCode::kConfigChanged, Status::FailedPrecondition("no lastChange"),
                                    "parameters.lastChange");
  }
  auto last_change = DateTime::Parse(Trim(*last_change_text));
  if (!last_change.ok()) return xml::SoapError::BadParameter("parameters.lastChange", last_change.status());
  if (auto changed = CookieGate::RefuseChanged(*last_change, *config_last_change, "parameters.lastChange")) {
    return *changed;
  }

  std::string protocol_version(Trim(xml::ReadString(call.op(), call.ns(), "protocolVersion").value_or("")));
  if (protocol_version.size() > kMaxCookieProtocolVersion) {
    return xml::SoapError::BadParameter("parameters.protocolVersion",
                                        Status::InvalidArgument("protocolVersion is too long"));
  }

  ClientCookieData data;
  data.client_id = authorization.client_id;
  data.target_groups = authorization.target_groups;
  data.expires = DateTime::FromUnixSeconds(call.now.unix_seconds() + options_->cookie_lifetime.count());
  data.protocol_version = std::move(protocol_version);
  data.config_last_change = *config_last_change;
  data.deployment_high_water = std::get<CarriedOver>(carried).deployment_high_water;
  data.driver_high_water = std::get<CarriedOver>(carried).driver_high_water;
  auto sealed = sealer_->SealClientCookie(data);
  if (!sealed.ok()) return xml::SoapError::FromStatus(sealed.status());

  xml::SoapResponseWriter writer(call.ns(), "GetCookie");
  std::string* out = writer.BeginResult();
  xml::AppendElement(out, "Expiration", data.expires.ToString());
  xml::AppendElement(out, "EncryptedData", *sealed);
  return std::move(writer).Finish();
}

xml::SoapReply HandshakeService::RegisterComputer(const http::SoapCall& call) {
  auto opened = gate_->Open(call, CookieGate::Check::kOpens);
  if (auto* refused = std::get_if<xml::SoapError>(&opened)) return *refused;
  const ClientCookieData& cookie = std::get<CookieGate::Opened>(opened).cookie;
  // Checked against the store's LastChange, as GetCookie just did: the
  // snapshot may not have caught up with a change yet.
  auto config_last_change = gate_->ConfigLastChange();
  if (!config_last_change.ok()) return xml::SoapError::FromStatus(config_last_change.status());
  if (auto changed = CookieGate::RefuseChanged(cookie.config_last_change, *config_last_change, "parameters.cookie")) {
    return *changed;
  }

  pugi::xml_node info = xml::FindParam(call.op(), call.ns(), "computerInfo");
  if (!info || xml::IsNil(info)) {
    return xml::SoapError::BadParameter("parameters.computerInfo", Status::InvalidArgument("computerInfo is missing"));
  }
  std::string dns_name(Trim(xml::ReadString(info, call.ns(), "DnsName").value_or("")));
  std::string os_description(Trim(xml::ReadString(info, call.ns(), "OSDescription").value_or("")));
  if (dns_name.size() > kMaxComputerText) {
    return xml::SoapError::BadParameter("parameters.computerInfo.DnsName",
                                        Status::InvalidArgument("DnsName is too long"));
  }
  if (os_description.size() > kMaxComputerText) {
    return xml::SoapError::BadParameter("parameters.computerInfo.OSDescription",
                                        Status::InvalidArgument("OSDescription is too long"));
  }

  Registration registration;
  registration.computer_id = cookie.client_id;
  registration.name = std::move(dns_name);
  registration.os_description = std::move(os_description);
  registration.ip_address = call.http.remote_address;
  registration.requested_groups = cookie.target_groups;
  registration.info = ReadComputerInfo(info, call.ns());
  registration.time = call.now;
  Status stored = AwaitWrite(writer_->RegisterComputer(std::move(registration)), options_->write_timeout);
  if (!stored.ok()) {
    return xml::SoapError::FromStatus(stored.WithContext("cannot store computer " + cookie.client_id.ToString()));
  }
  gate_->MarkRegistered(cookie.client_id, DateTime::Now());
  log::Info("computer registered",
            {{"computer_id", cookie.client_id.ToString()}, {"remote", call.http.remote_address}});
  return xml::SoapResponseWriter(call.ns(), "RegisterComputer").Finish();
}

}  // namespace openwsus::wusp
