#include "wusp/wusp_service.h"

#include <string>
#include <utility>

#include "http/soap_endpoint.h"
#include "xml/service_names.h"

namespace openwsus::wusp {

const WuspService::Operation WuspService::kOperations[] = {
    {xml::kClientWebServiceNs, "GetConfig",
     [](WuspService* s, const http::SoapCall& c) { return s->handshake_.GetConfig(c); }},
    {xml::kClientWebServiceNs, "GetCookie",
     [](WuspService* s, const http::SoapCall& c) { return s->handshake_.GetCookie(c); }},
    {xml::kClientWebServiceNs, "RegisterComputer",
     [](WuspService* s, const http::SoapCall& c) { return s->handshake_.RegisterComputer(c); }},
    {xml::kSimpleAuthWebServiceNs, "GetAuthorizationCookie",
     [](WuspService* s, const http::SoapCall& c) { return s->handshake_.GetAuthorizationCookie(c); }},
    {xml::kClientWebServiceNs, "StartCategoryScan",
     [](WuspService* s, const http::SoapCall& c) { return s->scan_.StartCategoryScan(c); }},
    {xml::kClientWebServiceNs, "SyncUpdates",
     [](WuspService* s, const http::SoapCall& c) { return s->scan_.SyncUpdates(c); }},
    {xml::kClientWebServiceNs, "SyncPrinterCatalog",
     [](WuspService* s, const http::SoapCall& c) { return s->scan_.SyncPrinterCatalog(c); }},
    {xml::kClientWebServiceNs, "RefreshCache",
     [](WuspService* s, const http::SoapCall& c) { return s->scan_.RefreshCache(c); }},
    {xml::kClientWebServiceNs, "GetExtendedUpdateInfo",
     [](WuspService* s, const http::SoapCall& c) { return s->extended_info_.GetExtendedUpdateInfo(c); }},
    {xml::kClientWebServiceNs, "GetExtendedUpdateInfo2",
     [](WuspService* s, const http::SoapCall& c) { return s->extended_info_.GetExtendedUpdateInfo2(c); }},
    {xml::kClientWebServiceNs, "GetFileLocations",
     [](WuspService* s, const http::SoapCall& c) { return s->extended_info_.GetFileLocations(c); }},
    {xml::kReportingWebServiceNs, "ReportEventBatch",
     [](WuspService* s, const http::SoapCall& c) { return s->reporting_.ReportEventBatch(c); }},
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
  http::SoapEndpoint endpoint{.log_name = "wusp", .limits = options_.limits};
  return http::AnswerSoap(request, endpoint, [&](const http::SoapCall& call) { return Dispatch(service_ns, call); });
}

xml::SoapReply WuspService::Dispatch(std::string_view service_ns, const http::SoapCall& call) {
  const std::string& op = call.soap.operation_name();
  if (call.soap.operation_ns() == service_ns) {
    for (const Operation& operation : kOperations) {
      if (operation.service_ns == service_ns && operation.name == op) return operation.answer(this, call);
    }
  }
  return http::UnknownOperation(call, service_ns);
}

}  // namespace openwsus::wusp
