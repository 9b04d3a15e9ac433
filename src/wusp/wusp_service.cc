#include "wusp/wusp_service.h"

#include <exception>
#include <optional>
#include <string>
#include <utility>

#include "common/log.h"
#include "common/strings.h"
#include "xml/service_names.h"
#include "xml/soap_fault.h"
#include "xml/soap_response_writer.h"

namespace openwsus::wusp {
namespace {

// How much of a parser's complaint goes back in a fault's Message.
constexpr size_t kMaxFaultMessage = 256;

std::string Shorten(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "...";
}

}  // namespace

const WuspService::Operation WuspService::kOperations[] = {
    {xml::kClientWebServiceNs, "GetConfig",
     [](WuspService* s, const SoapCall& c) { return s->handshake_.GetConfig(c); }},
    {xml::kClientWebServiceNs, "GetCookie",
     [](WuspService* s, const SoapCall& c) { return s->handshake_.GetCookie(c); }},
    {xml::kClientWebServiceNs, "RegisterComputer",
     [](WuspService* s, const SoapCall& c) { return s->handshake_.RegisterComputer(c); }},
    {xml::kSimpleAuthWebServiceNs, "GetAuthorizationCookie",
     [](WuspService* s, const SoapCall& c) { return s->handshake_.GetAuthorizationCookie(c); }},
    {xml::kClientWebServiceNs, "StartCategoryScan",
     [](WuspService* s, const SoapCall& c) { return s->scan_.StartCategoryScan(c); }},
    {xml::kClientWebServiceNs, "SyncUpdates",
     [](WuspService* s, const SoapCall& c) { return s->scan_.SyncUpdates(c); }},
    {xml::kClientWebServiceNs, "SyncPrinterCatalog",
     [](WuspService* s, const SoapCall& c) { return s->scan_.SyncPrinterCatalog(c); }},
    {xml::kClientWebServiceNs, "RefreshCache",
     [](WuspService* s, const SoapCall& c) { return s->scan_.RefreshCache(c); }},
    {xml::kClientWebServiceNs, "GetExtendedUpdateInfo",
     [](WuspService* s, const SoapCall& c) { return s->extended_info_.GetExtendedUpdateInfo(c); }},
    {xml::kClientWebServiceNs, "GetExtendedUpdateInfo2",
     [](WuspService* s, const SoapCall& c) { return s->extended_info_.GetExtendedUpdateInfo2(c); }},
    {xml::kClientWebServiceNs, "GetFileLocations",
     [](WuspService* s, const SoapCall& c) { return s->extended_info_.GetFileLocations(c); }},
    {xml::kReportingWebServiceNs, "ReportEventBatch",
     [](WuspService* s, const SoapCall& c) { return s->reporting_.ReportEventBatch(c); }},
};

WuspService::WuspService(WuspDeps deps, WuspOptions options)
    : options_(std::move(options)),
      store_(deps.store),
      gate_(&store_, deps.sealer, deps.snapshots),
      handshake_(&gate_, deps.sealer, deps.writer, &options_),
      scan_(&gate_, deps.sealer, deps.snapshots, deps.writer, &options_),
      extended_info_(&gate_, deps.sealer, &store_, &options_),
      reporting_(&gate_, deps.writer, &options_) {}

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
      reply = Dispatch(service_ns, SoapCall{request, *soap, DateTime::Now()});
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
  if (fault.error_code == xml::WuspErrorCode::kInternalServerError) {
    log::Error("wusp request failed", fields);
  } else {
    log::Info("wusp fault", fields);
  }
  response.status = xml::SoapFault::kHttpStatus;
  response.body = fault.ToXml();
  return response;
}

WuspReply WuspService::Dispatch(std::string_view service_ns, const SoapCall& call) {
  const std::string& op = call.soap.operation_name();
  if (call.soap.operation_ns() != service_ns) {
    return WuspError::BadParameter(op, Status::InvalidArgument("operation {" + call.soap.operation_ns() + "}" + op +
                                                               " posted to the service of " + std::string(service_ns)));
  }
  for (const Operation& operation : kOperations) {
    if (operation.service_ns == service_ns && operation.name == op) return operation.answer(this, call);
  }
  return WuspError::BadParameter(op, Status::InvalidArgument("unknown operation " + op));
}

}  // namespace openwsus::wusp
