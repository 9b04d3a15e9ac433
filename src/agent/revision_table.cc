#include "agent/revision_table.h"

#include <cctype>
#include <string>

#include "catalog/driver_score.h"
#include "common/strings.h"
#include "xml/safe_xml.h"

namespace openwsus::agent {
namespace {

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && xml::LocalName(c) == local) return c;
  }
  return {};
}

// Update ids of the UpdateIdentity elements anywhere under `node`.
void CollectIds(const pugi::xml_node& node, std::vector<Guid>* out) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    if (xml::LocalName(c) == "UpdateIdentity") {
      if (auto id = Guid::Parse(c.attribute("UpdateID").value()); id.ok()) out->push_back(*id);
    } else {
      CollectIds(c, out);  // AtLeastOne: two levels at most in real metadata
    }
  }
}

// ApplicabilityRules/Metadata/WindowsDriverMetaData: what the driver handler
// ranks against the computer's devices. A Core fragment names it
// "d.WindowsDriverMetaData", without a namespace, as real servers do.
void CollectDrivers(const pugi::xml_node& rules, std::vector<catalog::DriverMetadata>* out) {
  for (pugi::xml_node d : Child(rules, "Metadata").children()) {
    std::string_view name = xml::LocalName(d);
    if (d.type() != pugi::node_element || (name != "d.WindowsDriverMetaData" && name != "WindowsDriverMetaData")) {
      continue;
    }
    catalog::DriverMetadata driver;
    driver.hardware_id = AsciiLower(d.attribute("HardwareID").value());
    if (driver.hardware_id.empty()) continue;
    driver.date = std::string(d.attribute("DriverVerDate").value()).substr(0, 10);
    driver.version = d.attribute("DriverVerVersion").value();
    driver.class_name = d.attribute("Class").value();
    driver.manufacturer = d.attribute("Manufacturer").value();
    driver.provider = d.attribute("Provider").value();
    driver.model = d.attribute("Model").value();
    // One the driver handler could not rank is no driver to it.
    if (!catalog::IsDriverDate(driver.date) || !catalog::IsDriverVersion(driver.version)) continue;
    out->push_back(std::move(driver));
  }
}

}  // namespace

Status ParseCoreFragment(std::string_view core, RevisionInfo* info) {
  OW_ASSIGN_OR_RETURN(auto doc, xml::SafeXml::Parse("<r>" + std::string(core) + "</r>"));
  pugi::xml_node root = doc->root();  // the <r> wrapper
  pugi::xml_node identity = Child(root, "UpdateIdentity");
  OW_ASSIGN_OR_RETURN(info->identity.update_id, Guid::Parse(identity.attribute("UpdateID").value()));
  info->identity.revision_number = identity.attribute("RevisionNumber").as_int();
  info->type = catalog::ParseUpdateType(Child(root, "Properties").attribute("UpdateType").value())
                   .value_or(catalog::UpdateType::kSoftware);
  pugi::xml_node relationships = Child(root, "Relationships");
  for (pugi::xml_node clause : Child(relationships, "Prerequisites").children()) {
    if (xml::LocalName(clause) == "AtLeastOne" && std::string_view(clause.attribute("IsCategory").value()) == "true") {
      CollectIds(clause, &info->category_parents);
    }
  }
  CollectIds(Child(relationships, "SupersededUpdates"), &info->supersedes);
  CollectIds(Child(relationships, "BundledUpdates"), &info->bundled);
  CollectDrivers(Child(root, "ApplicabilityRules"), &info->drivers);
  auto rules = ApplicabilityRules::FromNode(Child(root, "ApplicabilityRules"));
  if (!rules.ok()) return rules.status().WithContext("ApplicabilityRules");
  info->rules = std::move(*rules);
  return Status::Ok();
}

Result<const RevisionInfo*> RevisionTable::Intern(int32_t revision_id, std::string_view core) {
  if (const RevisionInfo* known = Find(revision_id)) return known;
  RevisionInfo info;
  info.revision_id = revision_id;
  OW_RETURN_IF_ERROR(ParseCoreFragment(core, &info).WithContext("revision " + std::to_string(revision_id)));
  if (keep_cores_) info.core = std::string(core);
  RevisionInfo& stored = entries_.emplace_back(std::move(info));
  by_id_[revision_id] = &stored;
  return &stored;
}

const RevisionInfo* RevisionTable::Find(int32_t revision_id) const {
  auto it = by_id_.find(revision_id);
  return it == by_id_.end() ? nullptr : it->second;
}

RevisionInfo* RevisionTable::FindMutable(int32_t revision_id) {
  auto it = by_id_.find(revision_id);
  return it == by_id_.end() ? nullptr : it->second;
}

}  // namespace openwsus::agent
