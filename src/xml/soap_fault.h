// SoapFault: the SOAP 1.1 fault a WSUS web service answers with, byte for byte
// in the shape of the real server's (../fixtures/wsus-rs/wsus-m0/000141):
//
//   HTTP/1.1 500, Content-Type: text/xml; charset=utf-8
//   <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
//   <s:Fault><faultcode>s:Client</faultcode><faultstring>Fault occurred</faultstring>
//   <detail><ErrorCode>InvalidParameters</ErrorCode>
//   <Message>parameters.InstalledNonLeafUpdateIDs</Message>
//   <ID>81418b4e-82c1-48d0-9504-da01db6148ae</ID>
//   <Method>"http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/SyncUpdates"</Method>
//   </detail></s:Fault></s:Body></s:Envelope>
//
// No faultactor (the server-sync services add one: `actor`), no XML
// declaration, detail children unqualified. WUA reacts
// to ErrorCode only (MS-WUSP 2.2.2.4); a fault without one just fails the scan.
// The real capture only shows s:Client; s:Server for InternalServerError and
// ServerBusy follows SOAP 1.1 (the fault is the server's, not the message's).
//
// SoapFault::Parse reads one back, for the clients of these services (the
// reference agent, the sync client).
//
// A SoapFault is a plain value; safe to copy and to hand between threads.
#ifndef OPENWSUS_XML_SOAP_FAULT_H_
#define OPENWSUS_XML_SOAP_FAULT_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/guid.h"
#include "common/result.h"

namespace openwsus::xml {

// The ErrorCode values of MS-WUSP 2.2.2.4 (and the MS-WSUSSS additions), spelled
// on the wire exactly as their names without the k.
enum class WuspErrorCode {
  kInvalidCookie,               // discard cookie: GetConfig..GetCookie, RefreshCache
  kConfigChanged,               // GetConfig, GetAuthorizationCookie, GetCookie
  kRegistrationRequired,        // RegisterComputer, then retry
  kServerChanged,               // like InvalidCookie
  kInternalServerError,         // retry later
  kCookieExpired,               // GetAuthorizationCookie, GetCookie
  kInvalidParameters,           // Message names the parameter
  kInvalidAuthorizationCookie,  // GetCookie got a bad authorization cookie
  kRegistrationNotRequired,     // RegisterComputer although GetConfig said not to
  kServerBusy,                  // retry later
  kFileLocationChanged,         // GetFileLocations
  // MS-WSUSSS (server-to-server) codes.
  kIncompatibleProtocolVersion,
  kFileDigestsMissing,
  kDeploymentSynchronizationNotAllowed,
  kRedirectorLocationChanged,
  kUnknown,  // a code we do not know, when parsing a fault; written as "Unknown"
};

// "InvalidCookie" etc.
std::string_view ErrorCodeName(WuspErrorCode code);
// The code for a wire name; kUnknown for any other text.
WuspErrorCode ParseErrorCode(std::string_view name);

struct SoapFault {
  static constexpr int kHttpStatus = 500;

  WuspErrorCode error_code = WuspErrorCode::kInternalServerError;
  std::string message;                          // detail/Message: real WSUS names the parameter
  std::string method;                           // detail/Method: the SOAPAction, quoted as received
  Guid id = Guid::Random();                     // detail/ID: fresh per fault, for log correlation
  std::string fault_string = "Fault occurred";  // what real WSUS sends
  // faultactor: the server-sync services of real WSUS name their URL there
  // (protocol-wsusss.md (h)); the client services send none. Empty: omitted.
  std::string actor;
  // Defaults to soap:Server for InternalServerError/ServerBusy, soap:Client otherwise.
  std::optional<bool> server_fault;

  bool IsServerFault() const;
  // The whole response body (UTF-8, no BOM).
  std::string ToXml() const;

  // The client side: a fault body as a WSUS server sends it (any envelope
  // prefix, SOAP 1.1 or 1.2, detail children qualified or not). error_code
  // is kUnknown when the detail names none we know, or none at all.
  // InvalidArgument when `body` is not XML holding a SOAP Fault.
  static Result<SoapFault> Parse(std::string_view body);
};

}  // namespace openwsus::xml

#endif  // OPENWSUS_XML_SOAP_FAULT_H_
