#include "xml/soap_request_writer.h"

#include "xml/service_names.h"

namespace openwsus::xml {

std::string SoapRequestEnvelope(std::string_view service_ns, std::string_view operation, std::string_view params) {
  std::string out;
  out.reserve(160 + service_ns.size() + 2 * operation.size() + params.size());
  out.append("<s:Envelope xmlns:s=\"").append(kSoap11EnvelopeNs).append("\"><s:Body><");
  out.append(operation).append(" xmlns=\"").append(service_ns).append("\">").append(params);
  out.append("</").append(operation).append("></s:Body></s:Envelope>");
  return out;
}

std::string SoapActionHeader(std::string_view service_ns, std::string_view operation) {
  std::string out = "\"";
  out.append(service_ns).append("/").append(operation).append("\"");
  return out;
}

}  // namespace openwsus::xml
