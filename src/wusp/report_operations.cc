// WuspService: the Reporting web service's ReportEventBatch.
#include <string>
#include <utility>
#include <vector>

#include "wusp/event_batch.h"
#include "wusp/wusp_service.h"
#include "xml/soap_response_writer.h"

namespace openwsus::wusp {

WuspReply WuspService::ReportEventBatch(const Call& call) {
  pugi::xml_node op = call.soap.operation();
  const std::string& ns = call.soap.operation_ns();
  auto opened = OpenCookieCall(call, CookieCheck::kCurrent);
  if (auto* refused = std::get_if<WuspError>(&opened)) return *refused;
  auto& [snapshot, cookie] = std::get<CookieCall>(opened);

  pugi::xml_node batch = xml::FindParam(op, ns, "eventBatch");
  if (!batch || xml::IsNil(batch)) {
    return WuspError::BadParameter("parameters.eventBatch", Status::InvalidArgument("eventBatch is missing"));
  }
  auto events = ParseEventBatch(batch, ns, cookie.client_id, call.now, options_.event_limits);
  if (auto* bad = std::get_if<WuspError>(&events)) return *bad;

  // True only once the events are committed: the client forgets what we
  // acknowledged, so an acknowledged event must survive a crash.
  Status stored = AwaitWrite(
      deps_.writer->Report(cookie.client_id, call.now, std::move(std::get<std::vector<ReportedEvent>>(events))));
  if (!stored.ok()) return WuspError::FromStatus(stored.WithContext("cannot store the events"));

  xml::SoapResponseWriter writer(ns, "ReportEventBatch");
  writer.BeginResult()->append("true");
  return std::move(writer).Finish();
}

}  // namespace openwsus::wusp
