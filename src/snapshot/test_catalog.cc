#include "snapshot/test_catalog.h"

namespace openwsus::snapshot::testcatalog {
namespace {

constexpr char kOpen[] =
    "<upd:Update xmlns:upd=\"http://schemas.microsoft.com/msus/2002/12/Update\" "
    "xmlns:bar=\"http://schemas.microsoft.com/msus/2002/12/BaseApplicabilityRules\" "
    "xmlns:cat=\"http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/Category\" "
    "xmlns:drv=\"http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/WindowsDriver\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";

std::string Identity(const std::string& id, int revision) {
  return "<upd:UpdateIdentity UpdateID=\"" + id + "\" RevisionNumber=\"" + std::to_string(revision) + "\" />";
}

std::string Relationships(const DocSpec& s) {
  std::string out;
  if (!s.superseded.empty()) {
    out += "<upd:SupersededUpdates>";
    for (const auto& id : s.superseded) out += "<upd:UpdateIdentity UpdateID=\"" + id + "\" />";
    out += "</upd:SupersededUpdates>";
  }
  if (!s.prerequisites.empty() || !s.category_prerequisites.empty()) {
    out += "<upd:Prerequisites>";
    for (const auto& id : s.prerequisites) out += "<upd:UpdateIdentity UpdateID=\"" + id + "\" />";
    for (const auto& id : s.category_prerequisites) {
      out += "<upd:AtLeastOne IsCategory=\"true\"><upd:UpdateIdentity UpdateID=\"" + id + "\" /></upd:AtLeastOne>";
    }
    out += "</upd:Prerequisites>";
  }
  if (!s.bundle_members.empty()) {
    out += "<upd:BundledUpdates>";
    for (const auto& id : s.bundle_members) out += Identity(id, 100);
    out += "</upd:BundledUpdates>";
  }
  return out.empty() ? out : "<upd:Relationships>" + out + "</upd:Relationships>";
}

std::string Rules(const DocSpec& s) {
  std::string out =
      "<upd:ApplicabilityRules><upd:IsInstalled><bar:RegKeyExists Key=\"HKEY_LOCAL_MACHINE\" "
      "Subkey=\"SOFTWARE\\Contoso\\" +
      s.id + "\" /></upd:IsInstalled>";
  if (s.type == "Driver") {
    out += "<upd:Metadata><drv:WindowsDriverMetaData HardwareID=\"" + s.driver_hardware_id +
           "\" Manufacturer=\"Contoso\" Provider=\"Contoso\" DriverVerDate=\"2026-03-04\" "
           "DriverVerVersion=\"2.1.0.7\" Class=\"" +
           s.driver_class + "\" /></upd:Metadata>";
  }
  return out + "</upd:ApplicabilityRules>";
}

}  // namespace

std::string Document(const DocSpec& s) {
  std::string doc = kOpen + Identity(s.id, s.revision);
  doc += "<upd:Properties UpdateType=\"" + s.type + "\" DefaultPropertiesLanguage=\"en\" PublicationState=\"" +
         s.publication_state + "\" CreationDate=\"2026-10-04T10:00:00Z\"";
  if (s.uninstallable) {
    doc += "><upd:UninstallationBehavior RebootBehavior=\"NeverReboots\" /></upd:Properties>";
  } else {
    doc += " />";
  }
  doc += "<upd:LocalizedPropertiesCollection><upd:LocalizedProperties><upd:Language>en</upd:Language><upd:Title>" +
         s.id + "</upd:Title></upd:LocalizedProperties></upd:LocalizedPropertiesCollection>";
  doc += Relationships(s);
  if (s.type != "Category") doc += Rules(s);
  if (s.with_file) {
    doc += std::string("<upd:Files><upd:File Digest=\"") + kFileASha1 +
           "\" DigestAlgorithm=\"SHA1\" FileName=\"a.exe\" Size=\"3\" Modified=\"2026-10-04T10:00:00Z\">"
           "<upd:AdditionalDigest Algorithm=\"SHA256\">" +
           kFileASha256 + "</upd:AdditionalDigest></upd:File></upd:Files>";
  }
  if (s.type == "Category") {
    doc += "<upd:HandlerSpecificData xsi:type=\"cat:Category\"><cat:CategoryInformation CategoryType=\"" +
           s.category_type + "\" /></upd:HandlerSpecificData>";
  }
  return doc + "</upd:Update>";
}

store::StoredRevision Revision(const DocSpec& spec, int32_t revision_id) {
  store::StoredRevision r;
  r.revision_id = revision_id;
  r.update_id = *Guid::Parse(spec.id);
  r.revision_number = spec.revision;
  r.xml = Document(spec);
  return r;
}

std::vector<DocSpec> Specs() {
  std::vector<DocSpec> specs;
  auto category = [&](const char* id, const char* type, std::vector<std::string> parents) {
    DocSpec s;
    s.id = id;
    s.type = "Category";
    s.category_type = type;
    s.category_prerequisites = std::move(parents);
    specs.push_back(s);
  };
  category(kC, "Company", {});
  category(kF, "ProductFamily", {kC});
  category(kP, "Product", {kF});
  category(kK, "UpdateClassification", {});
  DocSpec d;
  d.id = kD;
  d.type = "Detectoid";
  specs.push_back(d);
  d.id = kD2;
  d.prerequisites = {kD};
  specs.push_back(d);
  DocSpec a;
  a.id = kA;
  a.category_prerequisites = {kP, kK};
  a.prerequisites = {kD};
  a.with_file = true;
  specs.push_back(a);
  DocSpec b;
  b.id = kB;
  b.category_prerequisites = {kP, kK};
  b.bundle_members = {kM1, kM2};
  specs.push_back(b);
  for (const char* id : {kM1, kM2}) {
    DocSpec m;
    m.id = id;
    m.category_prerequisites = {kP, kK};
    specs.push_back(m);
  }
  DocSpec s;
  s.id = kS;
  s.category_prerequisites = {kP, kK};
  s.superseded = {kA};
  s.uninstallable = true;
  specs.push_back(s);
  DocSpec x;
  x.id = kX;
  x.type = "Driver";
  x.driver_hardware_id = "PCI\\VEN_1234&amp;DEV_0001";
  specs.push_back(x);
  DocSpec y;
  y.id = kY;
  y.type = "Driver";
  y.driver_hardware_id = "USBPRINT\\ContosoPrinter";
  y.driver_class = "Printer";
  specs.push_back(y);
  return specs;
}

std::vector<store::StoredRevision> Revisions() {
  std::vector<store::StoredRevision> out;
  int32_t id = 1;
  for (const DocSpec& s : Specs()) out.push_back(Revision(s, id++));
  return out;
}

}  // namespace openwsus::snapshot::testcatalog
