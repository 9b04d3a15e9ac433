// AnswerSoap: what every SOAP service of the server does around its
// operations, written once for MS-WUSP (wusp/) and MS-WSUSSS (wsusss/):
// parse the body as a SOAP envelope checked against its SOAPAction
// (xml::SoapRequest, within `limits`), hand it to the service's dispatch,
// and answer 200 with the reply's body or 500 with the fault FaultFor maps
// the failure to. What a library might throw becomes InternalServerError.
// A caller that offers Accept-Encoding: xpress gets its answer compressed
// (common/xpress.h), as from real WSUS; faults go plain.
// Faults are logged: InternalServerError as an error (it is ours), the rest
// as info (they are the caller's).
//
// Thread-safety: a pure function of its arguments; `dispatch` decides.
#ifndef OPENWSUS_HTTP_SOAP_ENDPOINT_H_
#define OPENWSUS_HTTP_SOAP_ENDPOINT_H_

#include <functional>
#include <string_view>

#include "http/http_request.h"
#include "http/http_response.h"
#include "http/soap_call.h"
#include "xml/safe_xml.h"
#include "xml/soap_error.h"

namespace openwsus::http {

struct SoapEndpoint {
  std::string_view log_name;  // "wusp", "wsusss": the log lines' first word
  xml::Limits limits;
  // Name the service's URL in each fault's faultactor, as the server-sync
  // services of real WSUS do; the client services send none.
  bool fault_actor = false;
};

using SoapDispatch = std::function<xml::SoapReply(const SoapCall&)>;

HttpResponse AnswerSoap(const HttpRequest& request, const SoapEndpoint& endpoint, const SoapDispatch& dispatch);

// The fault for an operation posted to the path of another service, or one
// the service does not have: InvalidParameters naming the operation.
xml::SoapError UnknownOperation(const SoapCall& call, std::string_view service_ns);

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_SOAP_ENDPOINT_H_
