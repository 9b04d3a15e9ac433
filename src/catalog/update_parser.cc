#include "catalog/update_parser.h"

#include <charconv>

#include "catalog/namespaces.h"
#include "common/base64.h"
#include "common/strings.h"
#include "xml/safe_xml.h"

namespace openwsus::catalog {
namespace {

using pugi::xml_node;
using xml::AttributeValue;
using xml::ChildText;
using xml::FindChild;
using xml::FindChildren;

Result<int64_t> ParseInt(std::string_view text, std::string_view what) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument(std::string(what) + " is not a number: '" + std::string(text) + "'");
  }
  return value;
}

bool ParseBool(std::string_view text) { return text == "true" || text == "1"; }

Result<Guid> ParseUpdateId(const xml_node& identity) {
  std::string_view id = AttributeValue(identity, "UpdateID");
  if (id.empty()) return Status::InvalidArgument("UpdateIdentity without UpdateID");
  return Guid::Parse(id);
}

Result<UpdateIdentity> ParseIdentity(const xml_node& node) {
  UpdateIdentity identity;
  OW_ASSIGN_OR_RETURN(identity.update_id, ParseUpdateId(node));
  std::string_view rev = AttributeValue(node, "RevisionNumber");
  if (!rev.empty()) {
    OW_ASSIGN_OR_RETURN(int64_t n, ParseInt(rev, "RevisionNumber"));
    if (n < 0 || n > INT32_MAX) return Status::InvalidArgument("RevisionNumber out of range");
    identity.revision_number = static_cast<int32_t>(n);
  }
  return identity;
}

Behavior ParseBehavior(const xml_node& node) {
  Behavior b;
  b.reboot_behavior = AttributeValue(node, "RebootBehavior");
  b.impact = AttributeValue(node, "Impact");
  b.can_request_user_input = ParseBool(AttributeValue(node, "CanRequestUserInput"));
  b.requires_network_connectivity = ParseBool(AttributeValue(node, "RequiresNetworkConnectivity"));
  return b;
}

Status ParseProperties(const xml_node& props, Update* u) {
  std::string_view type = AttributeValue(props, "UpdateType");
  if (!type.empty()) {
    auto parsed = ParseUpdateType(type);
    if (!parsed) return Status::InvalidArgument("unknown UpdateType '" + std::string(type) + "'");
    u->type = *parsed;
  }
  u->default_language = AttributeValue(props, "DefaultPropertiesLanguage");
  u->handler = AttributeValue(props, "Handler");
  u->publication_state = AttributeValue(props, "PublicationState");
  u->creation_date = AttributeValue(props, "CreationDate");
  u->publisher_id = AttributeValue(props, "PublisherID");
  u->eula_id = AttributeValue(props, "EulaID");
  u->has_eula = !u->eula_id.empty();
  u->explicitly_deployable = ParseBool(AttributeValue(props, "ExplicitlyDeployable"));
  u->auto_select_on_web_sites = ParseBool(AttributeValue(props, "AutoSelectOnWebSites"));
  u->is_public = ParseBool(AttributeValue(props, "IsPublic"));
  u->per_user = ParseBool(AttributeValue(props, "PerUser"));
  u->msrc_severity = AttributeValue(props, "MsrcSeverity");
  for (const char* name : {"MaxDownloadSize", "MinDownloadSize"}) {
    std::string_view v = AttributeValue(props, name);
    if (v.empty()) continue;
    OW_ASSIGN_OR_RETURN(int64_t n, ParseInt(v, name));
    (name[1] == 'a' ? u->max_download_size : u->min_download_size) = n;
  }
  for (xml_node child : props.children()) {
    if (xml::NamespaceUri(child) != ns::kUpdate) continue;
    std::string_view name = xml::LocalName(child);
    if (name == "KBArticleID")
      u->kb_article_id = ChildText(child);
    else if (name == "SecurityBulletinID")
      u->security_bulletin_id = ChildText(child);
    else if (name == "CveID")
      u->cve_ids.emplace_back(ChildText(child));
    else if (name == "MsrcSeverity")
      u->msrc_severity = ChildText(child);
    else if (name == "Language")
      u->languages.emplace_back(ChildText(child));
    else if (name == "InstallationBehavior")
      u->install_behavior = ParseBehavior(child);
    else if (name == "UninstallationBehavior")
      u->uninstall_behavior = ParseBehavior(child);
  }
  return Status::Ok();
}

void ParseLocalized(const xml_node& collection, Update* u) {
  for (xml_node lp : FindChildren(collection, ns::kUpdate, "LocalizedProperties")) {
    LocalizedProperties l;
    for (xml_node child : lp.children()) {
      std::string_view name = xml::LocalName(child);
      std::string value(ChildText(child));
      if (name == "Language")
        l.language = value;
      else if (name == "Title")
        l.title = value;
      else if (name == "Description")
        l.description = value;
      else if (name == "UninstallNotes")
        l.uninstall_notes = value;
      else if (name == "MoreInfoUrl")
        l.more_info_url = value;
      else if (name == "SupportUrl")
        l.support_url = value;
    }
    u->localized.push_back(std::move(l));
  }
}

Status ParsePrerequisites(const xml_node& node, Update* u) {
  for (xml_node child : node.children()) {
    if (xml::IsElement(child, ns::kUpdate, "UpdateIdentity")) {
      OW_ASSIGN_OR_RETURN(Guid id, ParseUpdateId(child));
      u->prerequisites.push_back({false, {id}});
    } else if (xml::IsElement(child, ns::kUpdate, "AtLeastOne")) {
      PrerequisiteClause clause;
      clause.is_category = ParseBool(AttributeValue(child, "IsCategory"));
      for (xml_node id_node : FindChildren(child, ns::kUpdate, "UpdateIdentity")) {
        OW_ASSIGN_OR_RETURN(Guid id, ParseUpdateId(id_node));
        clause.update_ids.push_back(id);
      }
      if (clause.update_ids.empty()) return Status::InvalidArgument("empty AtLeastOne prerequisite");
      u->prerequisites.push_back(std::move(clause));
    }
  }
  return Status::Ok();
}

Status ParseBundled(const xml_node& node, Update* u) {
  for (xml_node child : node.children()) {
    BundleClause clause;
    if (xml::IsElement(child, ns::kUpdate, "UpdateIdentity")) {
      OW_ASSIGN_OR_RETURN(UpdateIdentity id, ParseIdentity(child));
      clause.members.push_back(id);
    } else if (xml::IsElement(child, ns::kUpdate, "AtLeastOne")) {
      for (xml_node id_node : FindChildren(child, ns::kUpdate, "UpdateIdentity")) {
        OW_ASSIGN_OR_RETURN(UpdateIdentity id, ParseIdentity(id_node));
        clause.members.push_back(id);
      }
    } else {
      continue;
    }
    u->bundled_updates.push_back(std::move(clause));
  }
  return Status::Ok();
}

Status ParseRelationships(const xml_node& rel, Update* u) {
  if (xml_node pre = FindChild(rel, ns::kUpdate, "Prerequisites")) {
    OW_RETURN_IF_ERROR(ParsePrerequisites(pre, u).WithContext("Prerequisites"));
  }
  if (xml_node bundled = FindChild(rel, ns::kUpdate, "BundledUpdates")) {
    OW_RETURN_IF_ERROR(ParseBundled(bundled, u).WithContext("BundledUpdates"));
  }
  if (xml_node sup = FindChild(rel, ns::kUpdate, "SupersededUpdates")) {
    for (xml_node id_node : FindChildren(sup, ns::kUpdate, "UpdateIdentity")) {
      OW_ASSIGN_OR_RETURN(Guid id, ParseUpdateId(id_node));
      u->superseded_updates.push_back(id);
    }
  }
  return Status::Ok();
}

Result<std::string> DecodeDigest(std::string_view text, size_t expected_size, std::string_view what) {
  auto raw = Base64Decode(text);
  if (!raw.ok() || raw->size() != expected_size) {
    return Status::InvalidArgument(std::string(what) + " digest is not " + std::to_string(expected_size) +
                                   " bytes of base64: '" + std::string(text) + "'");
  }
  return std::move(raw).value();
}

Result<UpdateFile> ParseFile(const xml_node& node) {
  UpdateFile f;
  f.file_name = AttributeValue(node, "FileName");
  std::string_view algorithm = AttributeValue(node, "DigestAlgorithm");
  if (!algorithm.empty() && algorithm != "SHA1") {
    return Status::InvalidArgument("unsupported DigestAlgorithm '" + std::string(algorithm) + "'");
  }
  OW_ASSIGN_OR_RETURN(f.sha1, DecodeDigest(AttributeValue(node, "Digest"), 20, "SHA-1"));
  OW_ASSIGN_OR_RETURN(f.size, ParseInt(AttributeValue(node, "Size"), "Size"));
  f.modified = AttributeValue(node, "Modified");
  f.patching_type = AttributeValue(node, "PatchingType");
  for (xml_node extra : FindChildren(node, ns::kUpdate, "AdditionalDigest")) {
    if (AttributeValue(extra, "Algorithm") != "SHA256") continue;
    OW_ASSIGN_OR_RETURN(f.sha256, DecodeDigest(ChildText(extra), 32, "SHA-256"));
  }
  return f;
}

Status ParseFiles(const xml_node& files, Update* u) {
  int index = 0;
  for (xml_node node : FindChildren(files, ns::kUpdate, "File")) {
    auto file = ParseFile(node);
    if (!file.ok()) return file.status().WithContext("File " + std::to_string(index));
    u->files.push_back(std::move(file).value());
    ++index;
  }
  return Status::Ok();
}

void ParseHandlerData(const xml_node& data, Update* u) {
  for (pugi::xml_attribute a : data.attributes()) {
    std::string_view name = a.name();
    size_t colon = name.find(':');
    if (colon == std::string_view::npos || name.substr(colon + 1) != "type") continue;
    if (xml::ResolvePrefix(data, name.substr(0, colon)) == ns::kXsi) u->handler_data_type = a.value();
  }
  if (xml_node info = FindChild(data, ns::kCategory, "CategoryInformation")) {
    u->category_type = ParseCategoryType(AttributeValue(info, "CategoryType")).value_or(CategoryType::kNone);
  }
}

void ParseDriverMetadata(const xml_node& rules, Update* u) {
  xml_node metadata = FindChild(rules, ns::kUpdate, "Metadata");
  if (!metadata) return;
  for (const xml_node& d : FindChildren(metadata, ns::kWindowsDriver, "WindowsDriverMetaData")) {
    DriverMetadata driver;
    driver.hardware_id = AsciiLower(AttributeValue(d, "HardwareID"));
    if (driver.hardware_id.empty()) continue;
    driver.date = std::string(AttributeValue(d, "DriverVerDate")).substr(0, 10);
    driver.version = AttributeValue(d, "DriverVerVersion");
    driver.class_name = AttributeValue(d, "Class");
    driver.manufacturer = AttributeValue(d, "Manufacturer");
    driver.provider = AttributeValue(d, "Provider");
    driver.model = AttributeValue(d, "Model");
    u->drivers.push_back(std::move(driver));
  }
}

Result<Update> ParseRoot(const xml_node& root) {
  if (!xml::IsElement(root, ns::kUpdate, "Update")) {
    return Status::InvalidArgument("root element is not upd:Update");
  }
  Update u;
  xml_node identity = FindChild(root, ns::kUpdate, "UpdateIdentity");
  if (!identity) return Status::InvalidArgument("update has no UpdateIdentity");
  OW_ASSIGN_OR_RETURN(u.identity, ParseIdentity(identity));
  if (AttributeValue(identity, "RevisionNumber").empty()) {
    return Status::InvalidArgument("UpdateIdentity has no RevisionNumber");
  }
  if (xml_node props = FindChild(root, ns::kUpdate, "Properties")) {
    OW_RETURN_IF_ERROR(ParseProperties(props, &u).WithContext("Properties"));
  }
  if (xml_node loc = FindChild(root, ns::kUpdate, "LocalizedPropertiesCollection")) ParseLocalized(loc, &u);
  if (xml_node rel = FindChild(root, ns::kUpdate, "Relationships")) {
    OW_RETURN_IF_ERROR(ParseRelationships(rel, &u).WithContext("Relationships"));
  }
  if (xml_node files = FindChild(root, ns::kUpdate, "Files")) {
    OW_RETURN_IF_ERROR(ParseFiles(files, &u).WithContext("Files"));
  }
  if (xml_node data = FindChild(root, ns::kUpdate, "HandlerSpecificData")) ParseHandlerData(data, &u);
  if (xml_node rules = FindChild(root, ns::kUpdate, "ApplicabilityRules")) ParseDriverMetadata(rules, &u);
  return u;
}

}  // namespace

Result<Update> ParseUpdate(std::string_view text) {
  OW_ASSIGN_OR_RETURN(auto doc, xml::SafeXml::Parse(text));
  auto update = ParseRoot(doc->root());
  if (!update.ok()) {
    // Name the update when we got far enough to know it.
    xml_node identity = FindChild(doc->root(), ns::kUpdate, "UpdateIdentity");
    std::string_view id = identity ? AttributeValue(identity, "UpdateID") : std::string_view();
    if (!id.empty()) return update.status().WithContext("update " + std::string(id));
  }
  return update;
}

}  // namespace openwsus::catalog
