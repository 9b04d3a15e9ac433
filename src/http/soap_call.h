// SoapCall: one SOAP request as the operations of every service (MS-WUSP and
// MS-WSUSSS) see it:
// the HTTP request (for Host and the remote address), its parsed SOAP
// envelope, and the time it is answered as of.
#ifndef OPENWSUS_HTTP_SOAP_CALL_H_
#define OPENWSUS_HTTP_SOAP_CALL_H_

#include <string>

#include "common/date_time.h"
#include "http/http_request.h"
#include "xml/soap_request.h"

namespace openwsus::http {

struct SoapCall {
  const HttpRequest& http;
  const xml::SoapRequest& soap;
  DateTime now;

  pugi::xml_node op() const { return soap.operation(); }
  const std::string& ns() const { return soap.operation_ns(); }
};

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_SOAP_CALL_H_
