#include "wusp/reporting_service.h"

#include <utility>
#include <vector>

#include "wusp/event_batch.h"
#include "xml/soap_response_writer.h"

namespace openwsus::wusp {

ReportingService::ReportingService(CookieGate* gate, ClientWriter* writer, const WuspOptions* options)
    : gate_(gate), writer_(writer), options_(options) {}

xml::SoapReply ReportingService::ReportEventBatch(const http::SoapCall& call) {
  auto opened = gate_->Open(call, CookieGate::Check::kCurrent);
  if (auto* refused = std::get_if<xml::SoapError>(&opened)) return *refused;
  const ClientCookieData& cookie = std::get<CookieGate::Opened>(opened).cookie;

  pugi::xml_node batch = xml::FindParam(call.op(), call.ns(), "eventBatch");
  if (!batch || xml::IsNil(batch)) {
    return xml::SoapError::BadParameter("parameters.eventBatch", Status::InvalidArgument("eventBatch is missing"));
  }
  auto events = ParseEventBatch(batch, call.ns(), cookie.client_id, call.now, options_->event_limits);
  if (auto* bad = std::get_if<xml::SoapError>(&events)) return *bad;

  Status stored =
      AwaitWrite(writer_->Report(cookie.client_id, call.now, std::move(std::get<std::vector<ReportedEvent>>(events))),
                 options_->write_timeout);
  if (!stored.ok()) return xml::SoapError::FromStatus(stored.WithContext("cannot store the events"));

  xml::SoapResponseWriter writer(call.ns(), "ReportEventBatch");
  writer.BeginResult()->append("true");
  return std::move(writer).Finish();
}

}  // namespace openwsus::wusp
