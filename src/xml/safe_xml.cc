#include "xml/safe_xml.h"

#include <cstring>

namespace openwsus::xml {
namespace {

// Walks the tree without recursion (a hostile document may be very deep) and
// reports the deepest element.
size_t MaxDepth(const pugi::xml_node& root) {
  size_t depth = 0;
  size_t max_depth = 0;
  pugi::xml_node node = root;
  while (node) {
    if (node.type() == pugi::node_element) {
      ++depth;
      if (depth > max_depth) max_depth = depth;
      if (node.first_child()) {
        node = node.first_child();
        continue;
      }
      --depth;
    }
    while (node && !node.next_sibling() && node != root) {
      node = node.parent();
      if (node.type() == pugi::node_element) --depth;
    }
    if (!node || node == root) break;
    node = node.next_sibling();
  }
  return max_depth;
}

std::string_view Prefix(const char* name) {
  const char* colon = std::strchr(name, ':');
  return colon == nullptr ? std::string_view() : std::string_view(name, colon - name);
}

}  // namespace

Result<std::unique_ptr<SafeXml>> SafeXml::Parse(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::ResourceExhausted("XML document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                                     std::to_string(limits.max_bytes));
  }
  std::unique_ptr<SafeXml> xml(new SafeXml());
  // parse_doctype keeps a DOCTYPE as a node so that we can refuse it; without
  // the flag pugixml would silently skip it.
  unsigned options = pugi::parse_default | pugi::parse_doctype;
  pugi::xml_parse_result parsed = xml->doc_.load_buffer(text.data(), text.size(), options, pugi::encoding_auto);
  if (!parsed) {
    return Status::InvalidArgument(std::string("malformed XML at offset ") + std::to_string(parsed.offset) + ": " +
                                   parsed.description());
  }
  for (pugi::xml_node child : xml->doc_.children()) {
    if (child.type() == pugi::node_doctype) {
      return Status::InvalidArgument("XML with a DOCTYPE is refused (no DTDs, no entities)");
    }
  }
  if (!xml->root()) return Status::InvalidArgument("XML has no root element");
  if (MaxDepth(xml->root()) > limits.max_depth) {
    return Status::ResourceExhausted("XML nesting exceeds the depth limit of " + std::to_string(limits.max_depth));
  }
  return xml;
}

std::string_view LocalName(const pugi::xml_node& node) {
  const char* name = node.name();
  const char* colon = std::strchr(name, ':');
  return colon == nullptr ? std::string_view(name) : std::string_view(colon + 1);
}

std::string_view LocalName(const pugi::xml_attribute& attr) {
  const char* name = attr.name();
  const char* colon = std::strchr(name, ':');
  return colon == nullptr ? std::string_view(name) : std::string_view(colon + 1);
}

std::string_view ResolvePrefix(const pugi::xml_node& node, std::string_view prefix) {
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    for (pugi::xml_attribute a : n.attributes()) {
      const char* name = a.name();
      if (std::strncmp(name, "xmlns", 5) != 0) continue;
      std::string_view declared =
          name[5] == ':' ? std::string_view(name + 6) : (name[5] == '\0' ? std::string_view() : "\x01");
      if (declared == prefix) return a.value();
    }
  }
  if (prefix == "xml") return "http://www.w3.org/XML/1998/namespace";
  return {};
}

std::string_view NamespaceUri(const pugi::xml_node& node) { return ResolvePrefix(node, Prefix(node.name())); }

bool IsElement(const pugi::xml_node& node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && LocalName(node) == local && NamespaceUri(node) == ns;
}

pugi::xml_node FindChild(const pugi::xml_node& parent, std::string_view ns, std::string_view local) {
  for (pugi::xml_node child : parent.children()) {
    if (IsElement(child, ns, local)) return child;
  }
  return {};
}

std::vector<pugi::xml_node> FindChildren(const pugi::xml_node& parent, std::string_view ns, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node child : parent.children()) {
    if (IsElement(child, ns, local)) out.push_back(child);
  }
  return out;
}

std::string_view AttributeValue(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_attribute a : node.attributes()) {
    if (name == a.name()) return a.value();
  }
  return {};
}

bool HasAttribute(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_attribute a : node.attributes()) {
    if (name == a.name()) return true;
  }
  return false;
}

std::string_view ChildText(const pugi::xml_node& node) {
  pugi::xml_node text = node.first_child();
  if (text && (text.type() == pugi::node_pcdata || text.type() == pugi::node_cdata) && !text.next_sibling()) {
    return text.value();
  }
  return node.child_value();
}

}  // namespace openwsus::xml
