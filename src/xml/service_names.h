// The names the SOAP services of WSUS are known by on the wire, declared
// once for both sides: the server's services (wusp/) and the clients that
// call them (the reference agent, the sync client). Namespaces are matched
// by URI, never by prefix (architecture.md, principle 1); paths are matched
// case-insensitively by the server, as IIS does.
#ifndef OPENWSUS_XML_SERVICE_NAMES_H_
#define OPENWSUS_XML_SERVICE_NAMES_H_

#include <string_view>

namespace openwsus::xml {

inline constexpr std::string_view kSoap11EnvelopeNs = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kSoap12EnvelopeNs = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr std::string_view kSoapEncodingNs = "http://schemas.xmlsoap.org/soap/encoding/";
inline constexpr std::string_view kXsiNs = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr std::string_view kXsdNs = "http://www.w3.org/2001/XMLSchema";

// The MS-WUSP service namespaces (the operation element's namespace).
inline constexpr std::string_view kClientWebServiceNs =
    "http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService";
inline constexpr std::string_view kSimpleAuthWebServiceNs =
    "http://www.microsoft.com/SoftwareDistribution/Server/SimpleAuthWebService";
inline constexpr std::string_view kReportingWebServiceNs = "http://www.microsoft.com/SoftwareDistribution";

// Where WUA posts them, relative to WUServer (WUStatusServer for reporting).
inline constexpr std::string_view kClientServicePath = "/ClientWebService/client.asmx";
inline constexpr std::string_view kSimpleAuthServicePath = "/SimpleAuthWebService/SimpleAuth.asmx";
inline constexpr std::string_view kReportingServicePath = "/ReportingWebService/ReportingWebService.asmx";
// The WSDL's spelling of the reporting path; WUA uses the one above.
inline constexpr std::string_view kReportingWsdlPath = "/ReportingWebService/WebService.asmx";

// The MS-WSUSSS (server-to-server) services a downstream server calls.
inline constexpr std::string_view kServerSyncWebServiceNs = "http://www.microsoft.com/SoftwareDistribution";
inline constexpr std::string_view kDssAuthWebServiceNs =
    "http://www.microsoft.com/SoftwareDistribution/Server/DssAuthWebService";
inline constexpr std::string_view kServerSyncServicePath = "/ServerSyncWebService/ServerSyncWebService.asmx";
inline constexpr std::string_view kDssAuthServicePath = "/DssAuthWebService/DssAuthWebService.asmx";
// A real downstream WSUS joins its upstream's URL and the relative
// ServiceUrl with an extra '/' (upsync maps it too).
inline constexpr std::string_view kDssAuthServiceDoubleSlashPath = "//DssAuthWebService/DssAuthWebService.asmx";

}  // namespace openwsus::xml

#endif  // OPENWSUS_XML_SERVICE_NAMES_H_
