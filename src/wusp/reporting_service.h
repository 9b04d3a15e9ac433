// ReportingService: the Reporting web service's ReportEventBatch. The events
// are acknowledged (true) only once the ClientWriter committed them: the
// client forgets what we acknowledged, so an acknowledged event must survive
// a crash. The server-to-server operations of the Reporting WSDL
// (ReportEventBatch2, rollups) are not for clients and are not here.
//
// Thread-safety: ReportEventBatch may run on many handler threads at once.
#ifndef OPENWSUS_WUSP_REPORTING_SERVICE_H_
#define OPENWSUS_WUSP_REPORTING_SERVICE_H_

#include "http/soap_call.h"
#include "wusp/client_writer.h"
#include "wusp/cookie_gate.h"
#include "wusp/wusp_options.h"
#include "xml/soap_error.h"

namespace openwsus::wusp {

class ReportingService {
 public:
  // Everything passed in must outlive the service.
  ReportingService(CookieGate* gate, ClientWriter* writer, const WuspOptions* options);

  xml::SoapReply ReportEventBatch(const http::SoapCall& call);

 private:
  CookieGate* gate_;
  ClientWriter* writer_;
  const WuspOptions* options_;
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_REPORTING_SERVICE_H_
