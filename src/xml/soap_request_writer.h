// The client side of a SOAP 1.1 call: the request envelope and its SOAPAction,
// as a Windows Update Agent (and a downstream server) writes them:
//
//   <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
//   <Op xmlns="<service ns>">params</Op></s:Body></s:Envelope>
//   SOAPAction: "<service ns>/<Op>"
//
// The parameters are inner XML the caller writes (xml_writer.h escapes), in
// the service namespace as the default one, which is how WUA qualifies them
// (elementFormDefault=qualified). The server side reads them with
// soap_request.h; a fault in the answer is read with SoapFault::Parse.
//
// Pure functions; thread-safe.
#ifndef OPENWSUS_XML_SOAP_REQUEST_WRITER_H_
#define OPENWSUS_XML_SOAP_REQUEST_WRITER_H_

#include <string>
#include <string_view>

namespace openwsus::xml {

std::string SoapRequestEnvelope(std::string_view service_ns, std::string_view operation, std::string_view params);

// The SOAPAction header value, quoted as WUA sends it.
std::string SoapActionHeader(std::string_view service_ns, std::string_view operation);

}  // namespace openwsus::xml

#endif  // OPENWSUS_XML_SOAP_REQUEST_WRITER_H_
