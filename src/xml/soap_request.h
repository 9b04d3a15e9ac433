// SoapRequest: the SOAP 1.1 envelope of one request to a WSUS web service,
// parsed from an untrusted HTTP body, and helpers that read the operation's
// parameters.
//
// Parse() finds the Envelope and Body by namespace URI (any prefix), ignores a
// Header, and exposes the Body's first element: the operation, e.g.
// {http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService}GetConfig.
// It checks that the SOAPAction header names that same operation, which is
// "<operation namespace>/<operation local name>" for every MS-WUSP service
// (Reporting's ReportEventBatch is in http://www.microsoft.com/SoftwareDistribution,
// so the one rule covers it too).
//
// Parameters: WUA sends the operation's children default-namespaced to the
// operation namespace (elementFormDefault=qualified), nested types included
// (cookie/Expiration), while older clients send them unqualified, so the Find*
// and Read* helpers accept both. Old SOAP-encoded clients send arrays with
// soapenc:arrayType and arbitrary item names, and xsi:nil="true" for null
// values; those are accepted too. Unknown elements are ignored.
//
// A SoapRequest owns its parsed document; the pugi::xml_node values it hands
// out live as long as it does. It is movable, not copyable, and not safe to
// use from two threads at once without external locking (reads only is fine).
#ifndef OPENWSUS_XML_SOAP_REQUEST_H_
#define OPENWSUS_XML_SOAP_REQUEST_H_

#include <pugixml.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/guid.h"
#include "common/result.h"
#include "xml/safe_xml.h"
#include "xml/service_names.h"

namespace openwsus::xml {

// SOAP requests are small next to update documents: the largest real one seen
// (SyncUpdates with 5,261 cached ids) is about 200 KB, and no envelope nests
// deeper than a dozen levels.
inline constexpr Limits kSoapRequestLimits{/*max_bytes=*/16u << 20, /*max_depth=*/64};

class SoapRequest {
 public:
  // Parses `body` and checks it against `soap_action`, the SOAPAction header
  // value, quoted or not. Errors: InvalidArgument for anything malformed or
  // mismatched, ResourceExhausted when a limit is hit.
  static Result<SoapRequest> Parse(std::string_view body, std::string_view soap_action,
                                   const Limits& limits = kSoapRequestLimits);

  SoapRequest(SoapRequest&&) = default;
  SoapRequest& operator=(SoapRequest&&) = default;

  // The operation element (the Body's first child element).
  pugi::xml_node operation() const { return operation_; }
  const std::string& operation_ns() const { return operation_ns_; }
  const std::string& operation_name() const { return operation_name_; }
  // The SOAPAction without quotes, e.g. ".../ClientWebService/GetConfig".
  const std::string& action() const { return action_; }
  // The SOAPAction as the fault's Method element carries it: quoted.
  std::string QuotedAction() const { return "\"" + action_ + "\""; }

 private:
  SoapRequest() = default;

  std::unique_ptr<SafeXml> xml_;
  pugi::xml_node operation_;
  std::string operation_ns_;
  std::string operation_name_;
  std::string action_;
};

// Strips surrounding whitespace and one pair of double quotes from a SOAPAction.
std::string_view UnquoteSoapAction(std::string_view value);

// True for xsi:nil="true" (or "1"), whatever the xsi prefix.
bool IsNil(const pugi::xml_node& node);

// The first child element named `name` in namespace `ns` or unqualified; an
// empty node when there is none. A nil element is returned: check IsNil().
pugi::xml_node FindParam(const pugi::xml_node& parent, std::string_view ns, std::string_view name);

// The items of an array element: children named `item` in `ns` or unqualified;
// for a SOAP-encoded array (soapenc:arrayType, or xsi:type soapenc:Array) any
// child element, since encoded item names are arbitrary. Nil items are skipped.
// An empty or nil array yields no items.
std::vector<pugi::xml_node> ArrayItems(const pugi::xml_node& array, std::string_view ns, std::string_view item);

// Scalar parameters: nullopt when absent or nil; InvalidArgument, naming the
// parameter, when present but not of the type.
std::optional<std::string> ReadString(const pugi::xml_node& parent, std::string_view ns, std::string_view name);
Result<std::optional<int32_t>> ReadInt(const pugi::xml_node& parent, std::string_view ns, std::string_view name);
Result<std::optional<bool>> ReadBool(const pugi::xml_node& parent, std::string_view ns, std::string_view name);
Result<std::optional<Guid>> ReadGuid(const pugi::xml_node& parent, std::string_view ns, std::string_view name);
// Decoded bytes of an xsd:base64Binary parameter.
Result<std::optional<std::string>> ReadBase64(const pugi::xml_node& parent, std::string_view ns, std::string_view name);

// Array parameters (ArrayOfInt, ArrayOfString, ArrayOfGuid, ArrayOfBase64Binary):
// empty when absent, nil or empty; InvalidArgument when an item does not parse.
Result<std::vector<int32_t>> ReadIntArray(const pugi::xml_node& parent, std::string_view ns, std::string_view name);
std::vector<std::string> ReadStringArray(const pugi::xml_node& parent, std::string_view ns, std::string_view name);
Result<std::vector<Guid>> ReadGuidArray(const pugi::xml_node& parent, std::string_view ns, std::string_view name);
Result<std::vector<std::string>> ReadBase64Array(const pugi::xml_node& parent, std::string_view ns,
                                                 std::string_view name);

}  // namespace openwsus::xml

#endif  // OPENWSUS_XML_SOAP_REQUEST_H_
