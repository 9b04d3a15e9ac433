#include "xml/soap_request.h"

#include <charconv>
#include <cstring>

#include "common/base64.h"
#include "common/strings.h"

namespace openwsus::xml {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n";

std::string QName(std::string_view ns, std::string_view local) {
  return "{" + std::string(ns) + "}" + std::string(local);
}

std::string_view PrefixOf(std::string_view qname) {
  size_t colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
}

std::string_view LocalOf(std::string_view qname) {
  size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// The value of the attribute {ns}local on `node`, whatever its prefix.
pugi::xml_attribute QualifiedAttribute(const pugi::xml_node& node, std::string_view ns, std::string_view local) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view name = a.name();
    std::string_view prefix = PrefixOf(name);
    if (prefix.empty() || prefix == "xmlns") continue;  // unqualified attributes have no namespace
    if (LocalOf(name) == local && ResolvePrefix(node, prefix) == ns) return a;
  }
  return {};
}

bool IsSoapEncodedArray(const pugi::xml_node& node) {
  if (QualifiedAttribute(node, kSoapEncodingNs, "arrayType")) return true;
  pugi::xml_attribute type = QualifiedAttribute(node, kXsiNs, "type");
  if (!type) return false;
  std::string_view value = type.value();
  return LocalOf(value) == "Array" && ResolvePrefix(node, PrefixOf(value)) == kSoapEncodingNs;
}

// Matches an element in `ns` or in no namespace.
bool IsParam(const pugi::xml_node& node, std::string_view ns, std::string_view name) {
  if (node.type() != pugi::node_element || LocalName(node) != name) return false;
  std::string_view uri = NamespaceUri(node);
  return uri == ns || uri.empty();
}

Status BadValue(std::string_view name, std::string_view type, std::string_view text) {
  constexpr size_t kMaxQuoted = 64;  // never echo a whole hostile value into logs
  std::string shown(text.substr(0, kMaxQuoted));
  if (text.size() > kMaxQuoted) shown += "...";
  return Status::InvalidArgument("parameter " + std::string(name) + ": \"" + shown + "\" is not a valid " +
                                 std::string(type));
}

Result<int32_t> ParseInt(std::string_view name, std::string_view raw) {
  std::string_view text = Trim(raw);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  int32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return BadValue(name, "xsd:int", raw);
  }
  return value;
}

Result<Guid> ParseGuid(std::string_view name, std::string_view raw) {
  Result<Guid> guid = Guid::Parse(Trim(raw));
  if (!guid.ok()) return BadValue(name, "guid", raw);
  return guid;
}

// base64Binary allows whitespace anywhere (old clients wrap lines).
Result<std::string> ParseBase64(std::string_view name, std::string_view raw) {
  std::string compact;
  compact.reserve(raw.size());
  for (char c : raw) {
    if (kWhitespace.find(c) == std::string_view::npos) compact.push_back(c);
  }
  Result<std::string> bytes = Base64Decode(compact);
  if (!bytes.ok()) return BadValue(name, "base64Binary", raw);
  return bytes;
}

}  // namespace

std::string_view UnquoteSoapAction(std::string_view value) {
  value = Trim(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

Result<SoapRequest> SoapRequest::Parse(std::string_view body, std::string_view soap_action, const Limits& limits) {
  if (Trim(body).empty()) {
    return Status::InvalidArgument("empty request body: expected a SOAP 1.1 envelope");
  }
  Result<std::unique_ptr<SafeXml>> parsed = SafeXml::Parse(body, limits);
  if (!parsed.ok()) return parsed.status().WithContext("SOAP request");

  SoapRequest request;
  request.xml_ = std::move(parsed).value();
  pugi::xml_node envelope = request.xml_->root();
  std::string_view root_ns = NamespaceUri(envelope);
  if (LocalName(envelope) == "Envelope" && root_ns == kSoap12EnvelopeNs) {
    return Status::InvalidArgument(
        "SOAP 1.2 envelope refused: WSUS services speak SOAP 1.1 (envelope namespace "
        "http://schemas.xmlsoap.org/soap/envelope/, Content-Type text/xml)");
  }
  if (!IsElement(envelope, kSoap11EnvelopeNs, "Envelope")) {
    return Status::InvalidArgument("not a SOAP 1.1 request: the root element is " +
                                   QName(root_ns, LocalName(envelope)) + ", not soap:Envelope");
  }

  // A Header, if any, is ignored: MS-WUSP defines no headers, and none is
  // marked mustUnderstand by a real client.
  pugi::xml_node soap_body = FindChild(envelope, kSoap11EnvelopeNs, "Body");
  if (!soap_body) return Status::InvalidArgument("SOAP envelope has no Body");
  pugi::xml_node operation =
      soap_body.find_child([](const pugi::xml_node& n) { return n.type() == pugi::node_element; });
  if (!operation) {
    return Status::InvalidArgument("SOAP Body is empty: it holds no operation element");
  }
  if (IsElement(operation, kSoap11EnvelopeNs, "Fault")) {
    return Status::InvalidArgument("SOAP Body holds a Fault, not a request");
  }
  request.operation_ = operation;
  request.operation_ns_ = std::string(NamespaceUri(operation));
  request.operation_name_ = std::string(LocalName(operation));
  if (request.operation_ns_.empty()) {
    return Status::InvalidArgument("operation element " + request.operation_name_ + " has no namespace");
  }

  request.action_ = std::string(UnquoteSoapAction(soap_action));
  std::string expected = request.operation_ns_;
  if (expected.back() != '/') expected += '/';
  expected += request.operation_name_;
  if (request.action_.empty()) {
    return Status::InvalidArgument("missing SOAPAction header (expected \"" + expected + "\")");
  }
  // MS-WUSP's prose gives SyncPrinterCatalog the SOAPAction of SyncUpdates;
  // its WSDL gives it its own. Clients may follow either.
  bool printer_alias = request.operation_ns_ == kClientWebServiceNs &&
                       request.operation_name_ == "SyncPrinterCatalog" &&
                       request.action_ == std::string(kClientWebServiceNs) + "/SyncUpdates";
  if (request.action_ != expected && !printer_alias) {
    return Status::InvalidArgument("SOAPAction \"" + request.action_ + "\" does not match the operation element " +
                                   QName(request.operation_ns_, request.operation_name_) + " (expected \"" + expected +
                                   "\")");
  }
  return request;
}

bool IsNil(const pugi::xml_node& node) {
  pugi::xml_attribute nil = QualifiedAttribute(node, kXsiNs, "nil");
  if (!nil) return false;
  std::string_view value = Trim(nil.value());
  return value == "true" || value == "1";
}

pugi::xml_node FindParam(const pugi::xml_node& parent, std::string_view ns, std::string_view name) {
  for (pugi::xml_node child : parent.children()) {
    if (IsParam(child, ns, name)) return child;
  }
  return {};
}

std::vector<pugi::xml_node> ArrayItems(const pugi::xml_node& array, std::string_view ns, std::string_view item) {
  std::vector<pugi::xml_node> items;
  if (!array || IsNil(array)) return items;
  bool encoded = IsSoapEncodedArray(array);
  // Real id lists hold thousands of bare <int> items: an item without
  // attributes (so no xmlns, no xsi:nil) and without a prefix is in the
  // array's default namespace, resolved once here rather than per item.
  std::string_view inherited = ResolvePrefix(array, "");
  bool inherited_ok = inherited == ns || inherited.empty();
  for (pugi::xml_node child : array.children()) {
    if (child.type() != pugi::node_element) continue;
    bool plain = !child.first_attribute() && std::strchr(child.name(), ':') == nullptr;
    if (plain) {
      if (encoded || (inherited_ok && item == child.name())) items.push_back(child);
      continue;
    }
    if (IsNil(child)) continue;
    if (encoded || IsParam(child, ns, item)) items.push_back(child);
  }
  return items;
}

std::optional<std::string> ReadString(const pugi::xml_node& parent, std::string_view ns, std::string_view name) {
  pugi::xml_node node = FindParam(parent, ns, name);
  if (!node || IsNil(node)) return std::nullopt;
  return std::string(ChildText(node));
}

Result<std::optional<int32_t>> ReadInt(const pugi::xml_node& parent, std::string_view ns, std::string_view name) {
  pugi::xml_node node = FindParam(parent, ns, name);
  if (!node || IsNil(node)) return std::optional<int32_t>();
  OW_ASSIGN_OR_RETURN(int32_t value, ParseInt(name, ChildText(node)));
  return std::optional<int32_t>(value);
}

Result<std::optional<bool>> ReadBool(const pugi::xml_node& parent, std::string_view ns, std::string_view name) {
  pugi::xml_node node = FindParam(parent, ns, name);
  if (!node || IsNil(node)) return std::optional<bool>();
  std::string_view text = Trim(ChildText(node));
  if (text == "true" || text == "1") return std::optional<bool>(true);
  if (text == "false" || text == "0") return std::optional<bool>(false);
  return BadValue(name, "xsd:boolean", ChildText(node));
}

Result<std::optional<Guid>> ReadGuid(const pugi::xml_node& parent, std::string_view ns, std::string_view name) {
  pugi::xml_node node = FindParam(parent, ns, name);
  if (!node || IsNil(node)) return std::optional<Guid>();
  OW_ASSIGN_OR_RETURN(Guid value, ParseGuid(name, ChildText(node)));
  return std::optional<Guid>(value);
}

Result<std::optional<std::string>> ReadBase64(const pugi::xml_node& parent, std::string_view ns,
                                              std::string_view name) {
  pugi::xml_node node = FindParam(parent, ns, name);
  if (!node || IsNil(node)) return std::optional<std::string>();
  OW_ASSIGN_OR_RETURN(std::string value, ParseBase64(name, ChildText(node)));
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<int32_t>> ReadIntArray(const pugi::xml_node& parent, std::string_view ns, std::string_view name) {
  std::vector<int32_t> values;
  for (pugi::xml_node item : ArrayItems(FindParam(parent, ns, name), ns, "int")) {
    OW_ASSIGN_OR_RETURN(int32_t value, ParseInt(name, ChildText(item)));
    values.push_back(value);
  }
  return values;
}

std::vector<std::string> ReadStringArray(const pugi::xml_node& parent, std::string_view ns, std::string_view name) {
  std::vector<std::string> values;
  for (pugi::xml_node item : ArrayItems(FindParam(parent, ns, name), ns, "string")) {
    values.emplace_back(ChildText(item));
  }
  return values;
}

Result<std::vector<Guid>> ReadGuidArray(const pugi::xml_node& parent, std::string_view ns, std::string_view name) {
  std::vector<Guid> values;
  for (pugi::xml_node item : ArrayItems(FindParam(parent, ns, name), ns, "guid")) {
    OW_ASSIGN_OR_RETURN(Guid value, ParseGuid(name, ChildText(item)));
    values.push_back(value);
  }
  return values;
}

Result<std::vector<std::string>> ReadBase64Array(const pugi::xml_node& parent, std::string_view ns,
                                                 std::string_view name) {
  std::vector<std::string> values;
  for (pugi::xml_node item : ArrayItems(FindParam(parent, ns, name), ns, "base64Binary")) {
    OW_ASSIGN_OR_RETURN(std::string value, ParseBase64(name, ChildText(item)));
    values.push_back(std::move(value));
  }
  return values;
}

}  // namespace openwsus::xml
