#include "catalog/fragment_builder.h"

#include <array>
#include <cstring>

#include "catalog/namespaces.h"
#include "xml/safe_xml.h"
#include "xml/xml_writer.h"

namespace openwsus::catalog {
namespace {

using pugi::xml_node;

// Properties attributes that Core keeps, in the order the real server writes
// them. It writes the boolean ones only when true.
constexpr std::array<const char*, 5> kCoreProperties = {"UpdateType", "ExplicitlyDeployable", "AutoSelectOnWebSites",
                                                        "OSUpgrade", "EulaID"};

// Properties attributes that Extended leaves out: Core's, and the server-side
// bookkeeping that clients never see.
constexpr std::array<const char*, 12> kNotExtended = {"UpdateType",
                                                      "ExplicitlyDeployable",
                                                      "AutoSelectOnWebSites",
                                                      "EulaID",
                                                      "PublicationState",
                                                      "PublisherID",
                                                      "CreationDate",
                                                      "IsPublic",
                                                      "LegacyName",
                                                      "DetectoidType",
                                                      "OSUpgrade",
                                                      "PerUser"};

bool IsMsusNamespace(std::string_view uri) { return uri.starts_with("http://schemas.microsoft.com/msus/"); }

std::string_view FragmentPrefix(std::string_view uri) {
  if (uri == ns::kBaseApplicabilityRules) return "b.";
  if (uri == ns::kMsiApplicabilityRules) return "m.";
  if (uri == ns::kWindowsDriver) return "d.";
  return {};
}

bool IsBooleanAttribute(std::string_view name) {
  return name == "ExplicitlyDeployable" || name == "AutoSelectOnWebSites" || name == "OSUpgrade";
}

void WriteAttributes(const xml_node& node, std::string* out) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view name = a.name();
    if (name == "xmlns") {
      // A default namespace outside the update schemas (the CBS manifest) stays.
      if (!IsMsusNamespace(a.value())) xml::AppendAttribute(out, name, a.value());
      continue;
    }
    if (name.starts_with("xmlns:")) continue;
    size_t colon = name.find(':');
    if (colon != std::string_view::npos) name = name.substr(colon + 1);  // xsi:type -> type
    xml::AppendAttribute(out, name, a.value());
  }
}

// Writes an element and its subtree in fragment form. Recursion depth is
// bounded by SafeXml's depth limit.
void WriteElement(const xml_node& node, std::string* out) {
  std::string name(FragmentPrefix(xml::NamespaceUri(node)));
  name += xml::LocalName(node);
  *out += '<';
  *out += name;
  WriteAttributes(node, out);
  if (!node.first_child()) {
    *out += " />";
    return;
  }
  *out += '>';
  for (xml_node child : node.children()) {
    switch (child.type()) {
      case pugi::node_element:
        WriteElement(child, out);
        break;
      case pugi::node_pcdata:
      case pugi::node_cdata:
        xml::AppendEscapedText(out, child.value());
        break;
      default:
        break;  // comments and processing instructions are not sent
    }
  }
  *out += "</";
  *out += name;
  *out += '>';
}

void WriteCoreProperties(const xml_node& props, std::string* out) {
  *out += "<Properties";
  for (const char* name : kCoreProperties) {
    pugi::xml_attribute a = props.attribute(name);
    std::string_view value = a ? a.value() : "";
    if (std::strcmp(name, "UpdateType") == 0 && value.empty()) value = "Software";
    if (value.empty() || (IsBooleanAttribute(name) && value != "true")) continue;
    xml::AppendAttribute(out, name, value);
  }
  *out += " />";
}

bool IsExtendedAttribute(std::string_view name) {
  if (name == "xmlns" || name.starts_with("xmlns:")) return false;
  for (const char* excluded : kNotExtended) {
    if (name == excluded) return false;
  }
  return true;
}

void WriteExtendedProperties(const xml_node& props, std::string* out) {
  *out += "<ExtendedProperties";
  for (pugi::xml_attribute a : props.attributes()) {
    if (IsExtendedAttribute(a.name())) xml::AppendAttribute(out, a.name(), a.value());
  }
  if (!props.first_child()) {
    *out += " />";
    return;
  }
  *out += '>';
  for (xml_node child : props.children()) {
    if (child.type() == pugi::node_element) WriteElement(child, out);
  }
  *out += "</ExtendedProperties>";
}

}  // namespace

FragmentBuilder::FragmentBuilder(std::unique_ptr<xml::SafeXml> doc) : doc_(std::move(doc)) {}
FragmentBuilder::FragmentBuilder(FragmentBuilder&&) noexcept = default;
FragmentBuilder& FragmentBuilder::operator=(FragmentBuilder&&) noexcept = default;
FragmentBuilder::~FragmentBuilder() = default;

Result<FragmentBuilder> FragmentBuilder::FromDocument(std::string_view document_xml) {
  OW_ASSIGN_OR_RETURN(auto doc, xml::SafeXml::Parse(document_xml));
  if (!xml::IsElement(doc->root(), ns::kUpdate, "Update")) {
    return Status::InvalidArgument("root element is not upd:Update");
  }
  return FragmentBuilder(std::move(doc));
}

std::string FragmentBuilder::Core() const {
  xml_node root = doc_->root();
  std::string out;
  if (xml_node identity = xml::FindChild(root, ns::kUpdate, "UpdateIdentity")) WriteElement(identity, &out);
  xml_node props = xml::FindChild(root, ns::kUpdate, "Properties");
  WriteCoreProperties(props, &out);
  for (const char* part : {"Relationships", "ApplicabilityRules"}) {
    if (xml_node node = xml::FindChild(root, ns::kUpdate, part)) WriteElement(node, &out);
  }
  return out;
}

std::string FragmentBuilder::Extended() const {
  xml_node root = doc_->root();
  std::string out;
  WriteExtendedProperties(xml::FindChild(root, ns::kUpdate, "Properties"), &out);
  for (const char* part : {"Files", "HandlerSpecificData"}) {
    if (xml_node node = xml::FindChild(root, ns::kUpdate, part)) WriteElement(node, &out);
  }
  return out;
}

Result<std::string> FragmentBuilder::Localized(std::string_view language) const {
  xml_node collection = xml::FindChild(doc_->root(), ns::kUpdate, "LocalizedPropertiesCollection");
  for (xml_node lp : xml::FindChildren(collection, ns::kUpdate, "LocalizedProperties")) {
    if (xml::ChildText(xml::FindChild(lp, ns::kUpdate, "Language")) != language) continue;
    std::string out;
    WriteElement(lp, &out);
    return out;
  }
  return Status::NotFound("no LocalizedProperties in language '" + std::string(language) + "'");
}

}  // namespace openwsus::catalog
