#include "wusp/wusp_service.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/cookie_data.h"
#include "common/log.h"
#include "common/strings.h"
#include "store/server_settings.h"
#include "wusp/extended_info.h"
#include "xml/soap_fault.h"
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
// How much of a parser's complaint goes back in a fault's Message.
constexpr size_t kMaxFaultMessage = 256;

std::string Shorten(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "...";
}

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

// Opens a client cookie's EncryptedData, mapping the sealer's verdict.
Result<ClientCookieData> OpenCookieParam(const CookieSealer& sealer, const pugi::xml_node& cookie, std::string_view ns,
                                         DateTime now, WuspError* error) {
  std::optional<std::string> encrypted = xml::ReadString(cookie, ns, "EncryptedData");
  if (!encrypted || Trim(*encrypted).empty()) {
    Status why = Status::Unauthenticated("cookie has no EncryptedData");
    *error = WuspError::Protocol(WuspErrorCode::kInvalidCookie, why, "parameters.cookie");
    return why;
  }
  OpenedCookie<ClientCookieData> opened = sealer.OpenClientCookie(Trim(*encrypted), now);
  switch (opened.fault()) {
    case CookieFault::kNone:
      return std::move(opened).value();
    case CookieFault::kExpired:
      *error = WuspError::Protocol(WuspErrorCode::kCookieExpired, opened.status(), "parameters.cookie");
      return opened.status();
    case CookieFault::kInvalid:
      break;
  }
  *error = WuspError::Protocol(WuspErrorCode::kInvalidCookie, opened.status(), "parameters.cookie");
  return opened.status();
}

}  // namespace

WuspService::WuspService(WuspDeps deps, WuspOptions options) : deps_(deps), options_(std::move(options)) {}

void WuspService::Register(http::Router* router) {
  const std::pair<std::string_view, std::string_view> services[] = {
      {xml::kClientServicePath, xml::kClientWebServiceNs},
      {xml::kSimpleAuthServicePath, xml::kSimpleAuthWebServiceNs},
      {xml::kReportingServicePath, xml::kReportingWebServiceNs},
      {xml::kReportingWsdlPath, xml::kReportingWebServiceNs},
  };
  for (const auto& [path, ns] : services) {
    router->Add("POST", path, [this, ns = ns](const http::HttpRequest& request) { return Handle(ns, request); });
  }
}

http::HttpResponse WuspService::Handle(std::string_view service_ns, const http::HttpRequest& request) {
  std::string_view action_header = request.headers.Get("SOAPAction").value_or("");
  std::string method = Shorten(Trim(action_header), kMaxFaultMessage);
  std::string operation = "?";

  std::optional<WuspReply> reply;
  auto soap = xml::SoapRequest::Parse(request.body, action_header, options_.limits);
  if (!soap.ok()) {
    reply = WuspError::FromStatus(soap.status(), Shorten(soap.status().message(), kMaxFaultMessage));
  } else {
    method = soap->QuotedAction();
    operation = soap->operation_name();
    // Handlers return Status; this is only the adapter for what a library
    // (or the allocator) might throw.
    try {
      reply = Dispatch(service_ns, Call{request, *soap, DateTime::Now()});
    } catch (const std::exception& e) {
      reply = WuspError::FromStatus(Status::Internal(std::string("exception: ") + e.what()));
    }
  }

  http::HttpResponse response;
  response.headers.Set("Content-Type", std::string(xml::kSoapContentType));
  response.headers.Set("Cache-Control", "private");
  if (reply->ok()) {
    response.status = 200;
    response.body = std::move(reply->body());
    return response;
  }
  const WuspError& error = reply->error();
  xml::SoapFault fault = FaultFor(error, method);
  std::initializer_list<log::Field> fields = {{"operation", operation},
                                              {"error_code", std::string(xml::ErrorCodeName(fault.error_code))},
                                              {"fault_id", fault.id.ToString()},
                                              {"remote", request.remote_address},
                                              {"reason", error.status.ToString()}};
  if (fault.error_code == WuspErrorCode::kInternalServerError) {
    log::Error("wusp request failed", fields);
  } else {
    log::Info("wusp fault", fields);
  }
  response.status = xml::SoapFault::kHttpStatus;
  response.body = fault.ToXml();
  return response;
}

WuspReply WuspService::Dispatch(std::string_view service_ns, const Call& call) {
  const std::string& op = call.soap.operation_name();
  if (call.soap.operation_ns() != service_ns) {
    return WuspError::BadParameter(op, Status::InvalidArgument("operation {" + call.soap.operation_ns() + "}" + op +
                                                               " posted to the service of " + std::string(service_ns)));
  }
  using Handler = WuspReply (WuspService::*)(const Call&);
  static const std::pair<std::string_view, Handler> kClientOperations[] = {
      {"GetConfig", &WuspService::GetConfig},
      {"GetCookie", &WuspService::GetCookie},
      {"RegisterComputer", &WuspService::RegisterComputer},
      {"StartCategoryScan", &WuspService::StartCategoryScan},
      {"SyncUpdates", &WuspService::SyncUpdates},
      {"SyncPrinterCatalog", &WuspService::SyncPrinterCatalog},
      {"RefreshCache", &WuspService::RefreshCache},
      {"GetExtendedUpdateInfo", &WuspService::GetExtendedUpdateInfo},
      {"GetExtendedUpdateInfo2", &WuspService::GetExtendedUpdateInfo2},
      {"GetFileLocations", &WuspService::GetFileLocations},
  };
  if (service_ns == xml::kClientWebServiceNs) {
    for (const auto& [name, handler] : kClientOperations) {
      if (op == name) return (this->*handler)(call);
    }
  } else if (service_ns == xml::kSimpleAuthWebServiceNs) {
    if (op == "GetAuthorizationCookie") return GetAuthorizationCookie(call);
  } else if (service_ns == xml::kReportingWebServiceNs) {
    if (op == "ReportEventBatch") return ReportEventBatch(call);
  }
  return WuspError::BadParameter(op, Status::InvalidArgument("unknown operation " + op));
}

Result<DateTime> WuspService::ConfigLastChange() {
  std::lock_guard<std::mutex> lock(mu_);
  return store::LoadOrCreateConfigLastChange(deps_.store);
}

WuspReply WuspService::GetConfig(const Call& call) {
  // protocolVersion ("2.90" today) changes nothing in the answer.
  auto last_change = ConfigLastChange();
  if (!last_change.ok()) return WuspError::FromStatus(last_change.status());

  // Element order is the real server's (and the WSDL's); AllowedEventIds is
  // omitted as it does.
  xml::SoapResponseWriter writer(call.soap.operation_ns(), "GetConfig");
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

WuspReply WuspService::GetAuthorizationCookie(const Call& call) {
  pugi::xml_node op = call.soap.operation();
  const std::string& ns = call.soap.operation_ns();

  auto client_id = xml::ReadGuid(op, ns, "clientId");
  if (!client_id.ok()) return WuspError::BadParameter("parameters.clientId", client_id.status());
  if (!*client_id)
    return WuspError::BadParameter("parameters.clientId", Status::InvalidArgument("clientId is missing"));

  AuthorizationCookieData data;
  data.client_id = **client_id;
  data.dns_name = std::string(Trim(xml::ReadString(op, ns, "dnsName").value_or("")));
  if (data.dns_name.size() > kMaxCookieDnsName) {
    return WuspError::BadParameter("parameters.dnsName", Status::InvalidArgument("dnsName is too long"));
  }
  data.target_groups = SplitTargetGroups(xml::ReadString(op, ns, "targetGroupName").value_or(""));
  bool groups_fit = data.target_groups.size() <= kMaxCookieGroups &&
                    std::all_of(data.target_groups.begin(), data.target_groups.end(),
                                [](const std::string& g) { return g.size() <= kMaxCookieGroupName; });
  if (!groups_fit) {
    return WuspError::BadParameter("parameters.targetGroupName",
                                   Status::InvalidArgument("too many or too long target group names"));
  }
  data.issued = call.now;

  auto sealed = deps_.sealer->SealAuthorizationCookie(data);
  if (!sealed.ok()) return WuspError::FromStatus(sealed.status());

  xml::SoapResponseWriter writer(ns, "GetAuthorizationCookie");
  std::string* out = writer.BeginResult();
  xml::AppendElement(out, "PlugInId", kSimpleTargeting);
  xml::AppendElement(out, "CookieData", *sealed);
  return std::move(writer).Finish();
}

WuspReply WuspService::GetCookie(const Call& call) {
  pugi::xml_node op = call.soap.operation();
  const std::string& ns = call.soap.operation_ns();

  // The first SimpleTargeting authorization cookie that opens.
  std::optional<AuthorizationCookieData> auth;
  Status auth_why = Status::Unauthenticated("no SimpleTargeting authorization cookie");
  for (const pugi::xml_node& item : xml::ArrayItems(xml::FindParam(op, ns, "authCookies"), ns, "AuthorizationCookie")) {
    std::optional<std::string> plug_in = xml::ReadString(item, ns, "PlugInId");
    if (plug_in && Trim(*plug_in) != kSimpleTargeting) continue;
    std::optional<std::string> cookie_data = xml::ReadString(item, ns, "CookieData");
    if (!cookie_data) continue;
    auto opened =
        deps_.sealer->OpenAuthorizationCookie(Trim(*cookie_data), call.now, options_.authorization_cookie_max_age);
    if (opened.ok()) {
      auth = std::move(opened).value();
      break;
    }
    auth_why = opened.status();
  }
  if (!auth) {
    return WuspError::Protocol(WuspErrorCode::kInvalidAuthorizationCookie, auth_why, "parameters.authCookies");
  }

  // WUA sends an oldCookie with only Expiration on its very first call: that is
  // no cookie. One that is not ours means the client must start over; an
  // expired one is what this call exists to replace, and its sync state
  // carries over (MS-WUSP 3.1.5.4) when it was the same client's.
  int64_t high_water = 0;
  int64_t driver_high_water = 0;
  pugi::xml_node old_cookie = xml::FindParam(op, ns, "oldCookie");
  if (old_cookie && !xml::IsNil(old_cookie)) {
    std::optional<std::string> encrypted = xml::ReadString(old_cookie, ns, "EncryptedData");
    if (encrypted && !Trim(*encrypted).empty()) {
      // Opened as of the epoch so that an expired cookie opens too.
      auto opened = deps_.sealer->OpenClientCookie(Trim(*encrypted), DateTime());
      if (!opened.ok()) {
        return WuspError::Protocol(WuspErrorCode::kInvalidCookie, opened.status(), "parameters.oldCookie");
      }
      bool same = opened->client_id == auth->client_id && opened->target_groups == auth->target_groups;
      if (same) {
        high_water = opened->deployment_high_water;
        driver_high_water = opened->driver_high_water;
      }
    }
  }

  auto config_last_change = ConfigLastChange();
  if (!config_last_change.ok()) return WuspError::FromStatus(config_last_change.status());
  std::optional<std::string> last_change_text = xml::ReadString(op, ns, "lastChange");
  if (!last_change_text) {
    return WuspError::Protocol(WuspErrorCode::kConfigChanged, Status::FailedPrecondition("no lastChange"),
                               "parameters.lastChange");
  }
  auto last_change = DateTime::Parse(Trim(*last_change_text));
  if (!last_change.ok()) return WuspError::BadParameter("parameters.lastChange", last_change.status());
  if (*last_change != *config_last_change) {
    return WuspError::Protocol(WuspErrorCode::kConfigChanged,
                               Status::FailedPrecondition("client has config " + last_change->ToString() +
                                                          ", current is " + config_last_change->ToString()),
                               "parameters.lastChange");
  }

  std::string protocol_version(Trim(xml::ReadString(op, ns, "protocolVersion").value_or("")));
  if (protocol_version.size() > kMaxCookieProtocolVersion) {
    return WuspError::BadParameter("parameters.protocolVersion",
                                   Status::InvalidArgument("protocolVersion is too long"));
  }

  ClientCookieData data;
  data.client_id = auth->client_id;
  data.target_groups = auth->target_groups;
  data.expires = DateTime::FromUnixSeconds(call.now.unix_seconds() + options_.cookie_lifetime.count());
  data.protocol_version = std::move(protocol_version);
  data.config_last_change = *config_last_change;
  data.deployment_high_water = high_water;
  data.driver_high_water = driver_high_water;
  auto sealed = deps_.sealer->SealClientCookie(data);
  if (!sealed.ok()) return WuspError::FromStatus(sealed.status());

  xml::SoapResponseWriter writer(ns, "GetCookie");
  std::string* out = writer.BeginResult();
  xml::AppendElement(out, "Expiration", data.expires.ToString());
  xml::AppendElement(out, "EncryptedData", *sealed);
  return std::move(writer).Finish();
}

Result<ClientCookieData> WuspService::RequireClientCookie(const Call& call, WuspError* error) const {
  pugi::xml_node cookie_node = xml::FindParam(call.soap.operation(), call.soap.operation_ns(), "cookie");
  if (!cookie_node || xml::IsNil(cookie_node)) {
    *error = WuspError::BadParameter("parameters.cookie", Status::InvalidArgument("cookie is missing"));
    return error->status;
  }
  return OpenCookieParam(*deps_.sealer, cookie_node, call.soap.operation_ns(), call.now, error);
}

Result<ClientCookieData> WuspService::RequireCurrentCookie(const Call& call, const snapshot::PolicyIndex& snapshot,
                                                           WuspError* error) {
  OW_ASSIGN_OR_RETURN(ClientCookieData cookie, RequireClientCookie(call, error));
  std::optional<DateTime> current = snapshot.config_last_change();
  if (!current) {
    auto stored = ConfigLastChange();
    if (!stored.ok()) {
      *error = WuspError::FromStatus(stored.status());
      return stored.status();
    }
    current = *stored;
  }
  if (cookie.config_last_change != *current) {
    Status why = Status::FailedPrecondition("cookie has config " + cookie.config_last_change.ToString() +
                                            ", current is " + current->ToString());
    *error = WuspError::Protocol(WuspErrorCode::kConfigChanged, why, "parameters.cookie");
    return why;
  }
  return cookie;
}

std::variant<WuspService::CookieCall, WuspError> WuspService::OpenCookieCall(const Call& call, CookieCheck check) {
  CookieCall opened{deps_.snapshots->Current(), {}};
  WuspError error;
  auto cookie = check == CookieCheck::kOpens ? RequireClientCookie(call, &error)
                                             : RequireCurrentCookie(call, *opened.snapshot, &error);
  if (!cookie.ok()) return error;
  opened.cookie = std::move(cookie).value();
  if (check == CookieCheck::kRegistered && !IsRegistered(opened.cookie.client_id, *opened.snapshot)) {
    return WuspError::Protocol(
        WuspErrorCode::kRegistrationRequired,
        Status::FailedPrecondition("computer " + opened.cookie.client_id.ToString() + " is not registered"),
        "parameters.cookie");
  }
  return opened;
}

bool WuspService::IsRegistered(const Guid& client_id, const snapshot::PolicyIndex& snapshot) {
  if (snapshot.HasComputer(client_id)) return true;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = registered_.find(client_id);
  // Registered before the snapshot yet missing from it: removed since.
  return it != registered_.end() && !(it->second < snapshot.as_of());
}

Result<std::string> WuspService::ResealAfterSync(ClientCookieData cookie, const snapshot::PolicyIndex& snapshot,
                                                 SyncPass pass) const {
  int64_t margin = std::chrono::duration_cast<std::chrono::seconds>(options_.high_water_margin).count() * 10'000'000;
  int64_t mark = snapshot.as_of().ticks_since_epoch() - margin;
  if (pass == SyncPass::kSoftware) cookie.deployment_high_water = std::max(cookie.deployment_high_water, mark);
  if (pass == SyncPass::kDrivers) cookie.driver_high_water = std::max(cookie.driver_high_water, mark);
  // A category-filtered scan saw the changes of part of the cache only, so
  // it moves the mark no further than "synced once" (1 tick): later scans
  // then get every deployment that ever changed, but not all the others
  // again, as a cookie that never synced would (real WSUS sends those once).
  if (pass == SyncPass::kPartial) cookie.deployment_high_water = std::max<int64_t>(cookie.deployment_high_water, 1);
  if (pass == SyncPass::kPrinters) cookie.driver_high_water = std::max<int64_t>(cookie.driver_high_water, 1);
  return deps_.sealer->SealClientCookie(std::move(cookie));
}

Status WuspService::AwaitWrite(std::future<Status> write) const {
  if (write.wait_for(options_.write_timeout) != std::future_status::ready) {
    return Status::Unavailable("the client writer is behind");
  }
  return write.get();
}

WuspReply WuspService::RegisterComputer(const Call& call) {
  pugi::xml_node op = call.soap.operation();
  const std::string& ns = call.soap.operation_ns();

  WuspError cookie_error;
  auto cookie = RequireClientCookie(call, &cookie_error);
  if (!cookie.ok()) return cookie_error;

  auto config_last_change = ConfigLastChange();
  if (!config_last_change.ok()) return WuspError::FromStatus(config_last_change.status());
  if (cookie->config_last_change != *config_last_change) {
    return WuspError::Protocol(WuspErrorCode::kConfigChanged,
                               Status::FailedPrecondition("cookie has config " + cookie->config_last_change.ToString() +
                                                          ", current is " + config_last_change->ToString()),
                               "parameters.cookie");
  }

  pugi::xml_node info = xml::FindParam(op, ns, "computerInfo");
  if (!info || xml::IsNil(info)) {
    return WuspError::BadParameter("parameters.computerInfo", Status::InvalidArgument("computerInfo is missing"));
  }
  std::string dns_name(Trim(xml::ReadString(info, ns, "DnsName").value_or("")));
  std::string os_description(Trim(xml::ReadString(info, ns, "OSDescription").value_or("")));
  if (dns_name.size() > kMaxComputerText) {
    return WuspError::BadParameter("parameters.computerInfo.DnsName", Status::InvalidArgument("DnsName is too long"));
  }
  if (os_description.size() > kMaxComputerText) {
    return WuspError::BadParameter("parameters.computerInfo.OSDescription",
                                   Status::InvalidArgument("OSDescription is too long"));
  }

  Registration registration;
  registration.computer_id = cookie->client_id;
  registration.name = std::move(dns_name);
  registration.os_description = std::move(os_description);
  registration.ip_address = call.http.remote_address;
  registration.requested_groups = cookie->target_groups;
  registration.info = ReadComputerInfo(info, ns);
  registration.time = call.now;
  Status stored = AwaitWrite(deps_.writer->RegisterComputer(std::move(registration)));
  if (!stored.ok())
    return WuspError::FromStatus(stored.WithContext("cannot store computer " + cookie->client_id.ToString()));
  {
    std::lock_guard<std::mutex> lock(mu_);
    registered_[cookie->client_id] = DateTime::Now();
  }
  log::Info("computer registered",
            {{"computer_id", cookie->client_id.ToString()}, {"remote", call.http.remote_address}});
  return xml::SoapResponseWriter(ns, "RegisterComputer").Finish();
}

}  // namespace openwsus::wusp
