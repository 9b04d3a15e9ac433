// SafeXml: parses untrusted XML into a pugixml document, refusing what could
// hurt us, and finds elements and attributes by namespace URI.
//
// Refused: a DOCTYPE (and so any entity declaration: pugixml never expands
// anything but the five predefined entities and character references), input
// over the size limit, and nesting deeper than the depth limit. Real update
// documents and SOAP messages never carry a DOCTYPE.
//
// Namespace handling: pugixml does not resolve prefixes, and real documents use
// different prefixes for the same namespace (and redeclare them on nested
// elements), so every lookup here resolves a node's prefix against the xmlns
// declarations in scope and compares URIs.
#ifndef OPENWSUS_XML_SAFE_XML_H_
#define OPENWSUS_XML_SAFE_XML_H_

#include <pugixml.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace openwsus::xml {

struct Limits {
  size_t max_bytes = 64u << 20;  // real CBS documents reach tens of MB
  size_t max_depth = 256;        // real documents stay well under 64
};

class SafeXml {
 public:
  // Parses `text`; the document keeps its own copy of the bytes.
  static Result<std::unique_ptr<SafeXml>> Parse(std::string_view text, const Limits& limits = {});

  pugi::xml_node root() const { return doc_.document_element(); }

 private:
  SafeXml() = default;
  pugi::xml_document doc_;
};

// The part of an element or attribute name after its prefix.
std::string_view LocalName(const pugi::xml_node& node);
std::string_view LocalName(const pugi::xml_attribute& attr);

// The namespace URI of an element: its prefix (or the default namespace)
// resolved against the declarations in scope. Empty if none.
std::string_view NamespaceUri(const pugi::xml_node& node);
// The namespace URI bound to `prefix` at `node` (empty prefix: the default).
std::string_view ResolvePrefix(const pugi::xml_node& node, std::string_view prefix);

bool IsElement(const pugi::xml_node& node, std::string_view ns, std::string_view local);

// The first child element with that namespace and local name, or an empty node.
pugi::xml_node FindChild(const pugi::xml_node& parent, std::string_view ns, std::string_view local);
std::vector<pugi::xml_node> FindChildren(const pugi::xml_node& parent, std::string_view ns, std::string_view local);

// An unqualified attribute's value (attributes of these protocols are unqualified).
std::string_view AttributeValue(const pugi::xml_node& node, std::string_view name);
bool HasAttribute(const pugi::xml_node& node, std::string_view name);

// The concatenated text of an element's text and CDATA children.
std::string_view ChildText(const pugi::xml_node& node);

}  // namespace openwsus::xml

#endif  // OPENWSUS_XML_SAFE_XML_H_
