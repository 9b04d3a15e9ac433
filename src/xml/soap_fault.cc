#include "xml/soap_fault.h"

#include <array>
#include <utility>

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

void AppendElement(std::string* out, std::string_view name, std::string_view text) {
  *out += '<';
  *out += name;
  *out += '>';
  AppendEscapedText(out, text);
  *out += "</";
  *out += name;
  *out += '>';
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
  out += "<detail>";
  AppendElement(&out, "ErrorCode", ErrorCodeName(error_code));
  AppendElement(&out, "Message", message);
  AppendElement(&out, "ID", id.ToString());
  AppendElement(&out, "Method", method);
  out += "</detail></s:Fault></s:Body></s:Envelope>";
  return out;
}

}  // namespace openwsus::xml
