#include "xml/soap_fault.h"

#include <array>
#include <utility>

#include "xml/safe_xml.h"
#include "xml/service_names.h"
#include "xml/xml_writer.h"

namespace openwsus::xml {
namespace {

constexpr std::array<std::pair<WuspErrorCode, std::string_view>, 16> kNames = {{
    {WuspErrorCode::kInvalidCookie, "InvalidCookie"},
    {WuspErrorCode::kConfigChanged, "ConfigChanged"},
    {WuspErrorCode::kRegistrationRequired, "RegistrationRequired"},
    {WuspErrorCode::kServerChanged, "ServerChanged"},
    {WuspErrorCode::kInternalServerError, "InternalServerError"},
    {WuspErrorCode::kCookieExpired, "CookieExpired"},
    {WuspErrorCode::kInvalidParameters, "InvalidParameters"},
    {WuspErrorCode::kInvalidAuthorizationCookie, "InvalidAuthorizationCookie"},
    {WuspErrorCode::kRegistrationNotRequired, "RegistrationNotRequired"},
    {WuspErrorCode::kServerBusy, "ServerBusy"},
    {WuspErrorCode::kFileLocationChanged, "FileLocationChanged"},
    {WuspErrorCode::kIncompatibleProtocolVersion, "IncompatibleProtocolVersion"},
    {WuspErrorCode::kFileDigestsMissing, "FileDigestsMissing"},
    {WuspErrorCode::kDeploymentSynchronizationNotAllowed, "DeploymentSynchronizationNotAllowed"},
    {WuspErrorCode::kRedirectorLocationChanged, "RedirectorLocationChanged"},
    {WuspErrorCode::kUnknown, "Unknown"},
}};

// The first element below `node` with that local name, at any depth.
pugi::xml_node FindDescendant(const pugi::xml_node& node, std::string_view local) {
  return node.find_node(
      [local](const pugi::xml_node& n) { return n.type() == pugi::node_element && LocalName(n) == local; });
}

pugi::xml_node FindFault(const pugi::xml_node& envelope) {
  for (std::string_view ns : {kSoap11EnvelopeNs, kSoap12EnvelopeNs}) {
    if (!IsElement(envelope, ns, "Envelope")) continue;
    return FindChild(FindChild(envelope, ns, "Body"), ns, "Fault");
  }
  return {};
}

}  // namespace

std::string_view ErrorCodeName(WuspErrorCode code) {
  for (const auto& [c, name] : kNames) {
    if (c == code) return name;
  }
  return "Unknown";
}

WuspErrorCode ParseErrorCode(std::string_view name) {
  for (const auto& [c, n] : kNames) {
    if (n == name) return c;
  }
  return WuspErrorCode::kUnknown;
}

bool SoapFault::IsServerFault() const {
  if (server_fault.has_value()) return *server_fault;
  return error_code == WuspErrorCode::kInternalServerError || error_code == WuspErrorCode::kServerBusy;
}

std::string SoapFault::ToXml() const {
  std::string out;
  out.reserve(512 + message.size() + method.size());
  out += R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>)";
  out += IsServerFault() ? "<faultcode>s:Server</faultcode>" : "<faultcode>s:Client</faultcode>";
  AppendElement(&out, "faultstring", fault_string);
  if (!actor.empty()) AppendElement(&out, "faultactor", actor);
  out += "<detail>";
  AppendElement(&out, "ErrorCode", ErrorCodeName(error_code));
  AppendElement(&out, "Message", message);
  AppendElement(&out, "ID", id.ToString());
  AppendElement(&out, "Method", method);
  out += "</detail></s:Fault></s:Body></s:Envelope>";
  return out;
}

Result<SoapFault> SoapFault::Parse(std::string_view body) {
  OW_ASSIGN_OR_RETURN(auto doc, SafeXml::Parse(body, Limits{/*max_bytes=*/1u << 20, /*max_depth=*/32}));
  pugi::xml_node fault = FindFault(doc->root());
  if (!fault) return Status::InvalidArgument("not a SOAP fault");
  SoapFault parsed;
  pugi::xml_node code = FindDescendant(fault, "ErrorCode");
  parsed.error_code = code ? ParseErrorCode(ChildText(code)) : WuspErrorCode::kUnknown;
  parsed.message = std::string(ChildText(FindDescendant(fault, "Message")));
  parsed.method = std::string(ChildText(FindDescendant(fault, "Method")));
  parsed.fault_string = std::string(ChildText(FindDescendant(fault, "faultstring")));
  parsed.actor = std::string(ChildText(FindDescendant(fault, "faultactor")));
  if (auto id = Guid::Parse(ChildText(FindDescendant(fault, "ID"))); id.ok()) parsed.id = *id;
  return parsed;
}

}  // namespace openwsus::xml
