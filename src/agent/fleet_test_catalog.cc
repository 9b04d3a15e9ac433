#include "agent/fleet_test_catalog.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "common/base64.h"
#include "common/hash.h"

namespace openwsus::agent::testcatalog {
namespace {

constexpr char kCompany[] = "c1000000-0000-4000-8000-000000000001";
constexpr char kFamily[] = "c1000000-0000-4000-8000-000000000002";
constexpr char kWidgets[] = "c1000000-0000-4000-8000-000000000003";
constexpr char kGadgets[] = "c1000000-0000-4000-8000-000000000004";
constexpr char kSecurity[] = "c1000000-0000-4000-8000-000000000005";
constexpr char kUpdates[] = "c1000000-0000-4000-8000-000000000006";
constexpr char kDrivers[] = "c1000000-0000-4000-8000-000000000007";
constexpr char kNicId[] = "PCI\\VEN_C0DE&DEV_0001";
constexpr char kWidgetsDetectoid[] = "d1000000-0000-4000-8000-000000000001";
constexpr char kGadgetsDetectoid[] = "d1000000-0000-4000-8000-000000000002";
constexpr char kPublisher[] = "0b5e0000-0000-4000-8000-000000000001";
constexpr char kWidgetsKey[] = "SOFTWARE\\Contoso\\Widgets";
constexpr char kHklm[] = "HKEY_LOCAL_MACHINE";

constexpr char kRoot[] =
    "<upd:Update xmlns:upd=\"http://schemas.microsoft.com/msus/2002/12/Update\" "
    "xmlns:bar=\"http://schemas.microsoft.com/msus/2002/12/BaseApplicabilityRules\" "
    "xmlns:lar=\"http://schemas.microsoft.com/msus/2002/12/LogicalApplicabilityRules\" "
    "xmlns:cmd=\"http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/CommandLineInstallation\" "
    "xmlns:cat=\"http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/Category\" "
    "xmlns:cbs=\"http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/Cbs\" "
    "xmlns:drv=\"http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/WindowsDriver\">";

struct File {
  std::string name;
  std::string bytes;
};

struct Doc {
  std::string id;
  int revision = 200;
  std::string type = "Software";
  std::string category_type;  // categories only
  std::string title;
  std::vector<std::string> prerequisites;  // bare clauses
  std::vector<std::string> categories;     // one IsCategory clause each
  std::vector<std::string> supersedes;
  std::string bundled;  // BundledUpdates content
  std::string is_installed;
  std::string is_installable;
  std::string driver_metadata;  // drivers: WindowsDriverMetaData
  std::vector<File> files;
  bool member = false;
  bool uninstallable = false;
};

std::string Identity(const std::string& id, int revision = 0) {
  return "<upd:UpdateIdentity UpdateID=\"" + id + "\"" +
         (revision > 0 ? " RevisionNumber=\"" + std::to_string(revision) + "\"" : "") + " />";
}

std::string RegVersion(const char* comparison, const char* data) {
  return std::string("<bar:RegSzToVersion Key=\"") + kHklm + "\" Subkey=\"" + kWidgetsKey +
         "\" Value=\"Version\" Comparison=\"" + comparison + "\" Data=\"" + data + "\" />";
}

std::string GadgetsDll(const char* comparison) {
  return std::string("<bar:FileVersion Csidl=\"38\" Path=\"Contoso\\Gadgets\\gadgets.dll\" Comparison=\"") +
         comparison + "\" Version=\"5.1.0.0\" />";
}

std::string Processor(int architecture) {
  return "<bar:Processor Architecture=\"" + std::to_string(architecture) + "\" />";
}

std::string And(const std::string& a, const std::string& b) { return "<lar:And>" + a + b + "</lar:And>"; }

std::string RandomBytes(size_t size, uint32_t seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xff);
  return bytes;
}

std::string Properties(const Doc& d) {
  if (d.type == "Category") {
    return "<upd:Properties DefaultPropertiesLanguage=\"en\" UpdateType=\"Category\" ExplicitlyDeployable=\"false\" "
           "IsPublic=\"true\" Handler=\"http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/Category\" "
           "PublicationState=\"Published\" CreationDate=\"2026-01-05T10:00:00.000Z\" PublisherID=\"" +
           std::string(kPublisher) + "\"></upd:Properties>";
  }
  if (d.type == "Detectoid") {
    return "<upd:Properties DefaultPropertiesLanguage=\"en\" UpdateType=\"Detectoid\" ExplicitlyDeployable=\"false\" "
           "IsPublic=\"true\" PublicationState=\"Published\" CreationDate=\"2026-01-05T10:00:00.000Z\" PublisherID=\"" +
           std::string(kPublisher) + "\"></upd:Properties>";
  }
  size_t size = 0;
  for (const File& f : d.files) size += f.bytes.size();
  std::string handler = d.type == "Driver" ? "WindowsDriver" : "CommandLineInstallation";
  return "<upd:Properties UpdateType=\"" + d.type + "\" DefaultPropertiesLanguage=\"en\" ExplicitlyDeployable=\"" +
         std::string(d.member ? "false" : "true") + "\"" +
         (d.files.empty() ? ""
                          : " Handler=\"http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/" + handler + "\"") +
         " MaxDownloadSize=\"" + std::to_string(size) +
         "\" MinDownloadSize=\"0\" PublicationState=\"Published\" CreationDate=\"2026-06-09T17:00:00.000Z\" "
         "PublisherID=\"" +
         kPublisher + "\"><upd:InstallationBehavior RebootBehavior=\"CanRequestReboot\" />" +
         (d.uninstallable ? "<upd:UninstallationBehavior RebootBehavior=\"NeverReboots\" />" : "") +
         "</upd:Properties>";
}

std::string Relationships(const Doc& d) {
  std::string rel;
  if (!d.supersedes.empty()) {
    rel += "<upd:SupersededUpdates>";
    for (const std::string& s : d.supersedes) rel += Identity(s);
    rel += "</upd:SupersededUpdates>";
  }
  if (!d.prerequisites.empty() || !d.categories.empty()) {
    rel += "<upd:Prerequisites>";
    for (const std::string& p : d.prerequisites) rel += Identity(p);
    for (const std::string& c : d.categories)
      rel += "<upd:AtLeastOne IsCategory=\"true\">" + Identity(c) + "</upd:AtLeastOne>";
    rel += "</upd:Prerequisites>";
  }
  if (!d.bundled.empty()) rel += "<upd:BundledUpdates>" + d.bundled + "</upd:BundledUpdates>";
  return rel.empty() ? "" : "<upd:Relationships>" + rel + "</upd:Relationships>";
}

std::string FilesXml(const Doc& d) {
  if (d.files.empty()) return "";
  std::string out = "<upd:Files>";
  for (const File& f : d.files) {
    out += "<upd:File Digest=\"" + Base64Encode(Sha1(f.bytes)) + "\" DigestAlgorithm=\"SHA1\" FileName=\"" + f.name +
           "\" Size=\"" + std::to_string(f.bytes.size()) +
           "\" Modified=\"2026-06-01T12:00:00Z\">"
           "<upd:AdditionalDigest Algorithm=\"SHA256\">" +
           Base64Encode(Sha256(f.bytes)) + "</upd:AdditionalDigest></upd:File>";
  }
  out += "</upd:Files>";
  if (d.type == "Driver") return out;  // the driver handler needs no command line
  out +=
      "<upd:HandlerSpecificData xsi:type=\"cmd:CommandLineInstallation\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><cmd:InstallCommand Arguments=\"/quiet\" Program=\"" +
      d.files.front().name +
      "\" RebootByDefault=\"false\" DefaultResult=\"Failed\"><cmd:ReturnCode Reboot=\"false\" "
      "Result=\"Succeeded\" Code=\"0\" /></cmd:InstallCommand></upd:HandlerSpecificData>";
  return out;
}

std::string Render(const Doc& d) {
  std::string xml = kRoot + Identity(d.id, d.revision) + Properties(d) +
                    "<upd:LocalizedPropertiesCollection><upd:LocalizedProperties><upd:Language>en</upd:Language>"
                    "<upd:Title>" +
                    d.title + "</upd:Title><upd:Description>" + d.title +
                    " (OpenWSUS fleet test catalog).</upd:Description></upd:LocalizedProperties>"
                    "</upd:LocalizedPropertiesCollection>" +
                    Relationships(d);
  if (!d.is_installed.empty() || !d.is_installable.empty() || !d.driver_metadata.empty()) {
    xml += "<upd:ApplicabilityRules>";
    if (!d.is_installed.empty()) xml += "<upd:IsInstalled>" + d.is_installed + "</upd:IsInstalled>";
    if (!d.is_installable.empty()) xml += "<upd:IsInstallable>" + d.is_installable + "</upd:IsInstallable>";
    if (!d.driver_metadata.empty()) xml += "<upd:Metadata>" + d.driver_metadata + "</upd:Metadata>";
    xml += "</upd:ApplicabilityRules>";
  }
  xml += FilesXml(d);
  if (d.type == "Category") {
    xml +=
        "<upd:HandlerSpecificData xsi:type=\"cat:Category\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<cat:CategoryInformation CategoryType=\"" +
        d.category_type + "\" ProhibitsSubcategories=\"false\" ProhibitsUpdates=\"false\" /></upd:HandlerSpecificData>";
  }
  return xml + "</upd:Update>";
}

Doc Category(const char* id, const char* type, const char* title, const char* parent) {
  Doc d;
  d.id = id;
  d.revision = 100;
  d.type = "Category";
  d.category_type = type;
  d.title = title;
  if (parent != nullptr) d.categories = {parent};
  d.is_installed = "<lar:True />";
  return d;
}

Doc Detectoid(const char* id, const char* title, const char* subkey) {
  Doc d;
  d.id = id;
  d.revision = 100;
  d.type = "Detectoid";
  d.title = title;
  d.is_installed = std::string("<bar:RegKeyExists Key=\"") + kHklm + "\" Subkey=\"" + subkey + "\" />";
  return d;
}

Doc Software(const char* id, const char* title, const char* detectoid, const char* product,
             const char* classification) {
  Doc d;
  d.id = id;
  d.title = title;
  d.prerequisites = {detectoid};
  d.categories = {product, classification};
  return d;
}

std::vector<Doc> Docs() {
  std::vector<Doc> docs = {
      Category(kCompany, "Company", "Contoso Fleet", nullptr),
      Category(kFamily, "ProductFamily", "Contoso Tools", kCompany),
      Category(kWidgets, "Product", "Contoso Widgets", kFamily),
      Category(kGadgets, "Product", "Contoso Gadgets", kFamily),
      Category(kSecurity, "UpdateClassification", "Security Updates (fleet)", nullptr),
      Category(kUpdates, "UpdateClassification", "Updates (fleet)", nullptr),
      Category(kDrivers, "UpdateClassification", "Drivers (fleet)", nullptr),
      Detectoid(kWidgetsDetectoid, "Contoso Widgets is installed", kWidgetsKey),
      Detectoid(kGadgetsDetectoid, "Contoso Gadgets is installed", "SOFTWARE\\Contoso\\Gadgets"),
  };
  Doc w1 = Software(kW1, "Security Update for Contoso Widgets 2.0 (KB9100001)", kWidgetsDetectoid, kWidgets, kSecurity);
  w1.is_installed = RegVersion("GreaterThanOrEqualTo", "2.1.0.0");
  w1.is_installable = And(RegVersion("GreaterThanOrEqualTo", "2.0.0.0"), RegVersion("LessThan", "2.1.0.0"));
  w1.files = {{"widgets-kb9100001-x64.exe", RandomBytes(1'500'000, 1)}};
  Doc w2 =
      Software(kW2, "Cumulative Update for Contoso Widgets 2.x (KB9100002)", kWidgetsDetectoid, kWidgets, kSecurity);
  w2.supersedes = {kW1};
  w2.is_installed = RegVersion("GreaterThanOrEqualTo", "2.2.0.0");
  w2.is_installable = And(RegVersion("GreaterThanOrEqualTo", "2.0.0.0"), RegVersion("LessThan", "2.2.0.0"));
  w2.files = {{"widgets-kb9100002-x64.exe", RandomBytes(2'500'000, 2)}};
  Doc g1 = Software(kG1, "Update for Contoso Gadgets 5.0 for x64 (KB9100003)", kGadgetsDetectoid, kGadgets, kUpdates);
  g1.is_installed = GadgetsDll("GreaterThanOrEqualTo");
  g1.is_installable = And(Processor(9), GadgetsDll("LessThan"));
  g1.files = {{"gadgets-kb9100003-x64.cab", RandomBytes(300'000, 3)}};
  Doc l1 = Software(kL1, "German resources for Contoso Widgets (KB9100004)", kWidgetsDetectoid, kWidgets, kUpdates);
  l1.is_installed =
      std::string("<bar:RegKeyExists Key=\"") + kHklm + "\" Subkey=\"" + kWidgetsKey + "\\Languages\\de\" />";
  l1.is_installable = "<bar:WindowsLanguage Language=\"de\" />";
  l1.files = {{"widgets-de-kb9100004.cab", RandomBytes(100'000, 4)}};
  l1.uninstallable = true;
  Doc b1 = Software(kB1, "Contoso Gadgets Tools (KB9100005)", kGadgetsDetectoid, kGadgets, kUpdates);
  b1.bundled = "<upd:AtLeastOne>" + Identity(kB1X, 200) + Identity(kB1Y, 200) + "</upd:AtLeastOne>";
  Doc b1x = Software(kB1X, "Contoso Gadgets Tools for x64", kGadgetsDetectoid, kGadgets, kUpdates);
  b1x.member = true;
  b1x.is_installed = "<bar:FileExists Csidl=\"38\" Path=\"Contoso\\Gadgets\\tools64.exe\" />";
  b1x.is_installable = Processor(9);
  b1x.files = {{"gadgets-tools-x64.exe", RandomBytes(200'000, 5)}};
  Doc b1y = Software(kB1Y, "Contoso Gadgets Tools for x86", kGadgetsDetectoid, kGadgets, kUpdates);
  b1y.member = true;
  b1y.is_installed = "<bar:FileExists Csidl=\"38\" Path=\"Contoso\\Gadgets\\tools32.exe\" />";
  b1y.is_installable = Processor(0);
  b1y.files = {{"gadgets-tools-x86.exe", RandomBytes(150'000, 6)}};
  Doc u1 =
      Software(kU1, "Servicing Stack Update for Contoso Widgets (KB9100008)", kWidgetsDetectoid, kWidgets, kUpdates);
  u1.is_installable = "<cbs:CbsPackageInstallable />";
  u1.files = {{"widgets-ssu-kb9100008.cab", RandomBytes(50'000, 8)}};
  Doc d1;
  d1.id = kD1;
  d1.type = "Driver";
  d1.title = "Contoso - Net - Contoso Fleet NIC (KB9100009)";
  d1.categories = {kGadgets, kDrivers};
  d1.driver_metadata =
      std::string("<drv:WindowsDriverMetaData HardwareID=\"PCI\\VEN_C0DE&amp;DEV_0001") +
      "\" WhqlDriverID=\"9100009\" Manufacturer=\"Contoso\" Company=\"Contoso\" Provider=\"Contoso\" "
      "DriverVerDate=\"2026-03-04\" DriverVerVersion=\"2.1.0.7\" Class=\"Net\" Model=\"Contoso Fleet NIC\" />";
  d1.files = {{"contoso-nic-2.1.0.7.cab", RandomBytes(400'000, 9)}};
  for (Doc* d : {&w1, &w2, &g1, &l1, &b1, &b1x, &b1y, &u1, &d1}) docs.push_back(*d);
  return docs;
}

Status WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return out ? Status::Ok() : Status::IoError("cannot write " + path);
}

}  // namespace

Traits TraitsOf(size_t computer) {
  Traits t;
  t.widgets = computer % 2 == 0;
  if (t.widgets) t.widgets_version = computer % 10 == 0 ? "2.1.0.0" : "2.0.5.0";
  t.gadgets = computer % 6 < 3;  // in every target group (i mod 3)
  if (t.gadgets) t.gadgets_dll = computer % 4 == 0 ? "5.1.0.0" : "5.0.2.0";
  t.x64 = computer % 4 != 1;
  t.german = computer % 5 == 2;
  // By computer mod 20: every kind in every group (i mod 3), repeating with the profiles.
  size_t n = computer % 20;
  t.nic = n < 4    ? Nic::kOldDriver
          : n < 7  ? Nic::kNoDriver
          : n < 10 ? Nic::kCurrentDriver
          : n < 12 ? Nic::kNewerDriver
                   : Nic::kNone;
  return t;
}

MachineProfile ProfileOf(const Traits& t) {
  // Through the JSON form, as a user writes a profile.
  nlohmann::json doc = {{"architecture", t.x64 ? 9 : 0}, {"os", {{"language", t.german ? "de-DE" : "en-US"}}}};
  doc["registry"] = nlohmann::json::object();
  doc["files"] = nlohmann::json::object();
  if (t.widgets) doc["registry"][std::string(kHklm) + "\\" + kWidgetsKey] = {{"Version", t.widgets_version}};
  if (t.gadgets) {
    doc["registry"][std::string(kHklm) + "\\SOFTWARE\\Contoso\\Gadgets"] = {
        {"InstallDir", "C:\\Program Files\\Contoso\\Gadgets"}};
    doc["files"]["csidl:38\\Contoso\\Gadgets\\gadgets.dll"] = t.gadgets_dll;
  }
  if (t.nic != Nic::kNone) {
    nlohmann::json nic = {{"hardware_ids", {std::string(kNicId) + "&SUBSYS_0001", kNicId}},
                          {"compatible_ids", {"PCI\\CC_0200"}}};
    auto driver = [](const char* date, const char* version) {
      return nlohmann::json{{"matching_id", kNicId},     {"date", date},         {"version", version}, {"class", "Net"},
                            {"manufacturer", "Contoso"}, {"provider", "Contoso"}};
    };
    if (t.nic == Nic::kOldDriver) nic["driver"] = driver("2025-01-10", "1.0.0.0");
    if (t.nic == Nic::kCurrentDriver) nic["driver"] = driver("2026-03-04", "2.1.0.7");
    if (t.nic == Nic::kNewerDriver) nic["driver"] = driver("2026-09-01", "3.0.0.0");
    doc["devices"] = nlohmann::json::array({nic});
  }
  return *MachineProfile::FromJson(doc.dump());
}

Status WriteCatalog(const std::string& updates_dir, const std::string& content_dir) {
  std::error_code ec;
  std::filesystem::create_directories(updates_dir, ec);
  if (ec) return Status::IoError("cannot create " + updates_dir + ": " + ec.message());
  for (const Doc& d : Docs()) {
    OW_RETURN_IF_ERROR(WriteFile(updates_dir + "/" + d.id + "-r" + std::to_string(d.revision) + ".xml", Render(d)));
    for (const File& f : d.files) {
      std::string hex = HexEncode(Sha1(f.bytes), /*upper=*/true);
      std::string dir = content_dir + "/" + hex.substr(hex.size() - 2);
      std::filesystem::create_directories(dir, ec);
      if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
      OW_RETURN_IF_ERROR(WriteFile(dir + "/" + hex + f.name.substr(f.name.rfind('.')), f.bytes));
    }
  }
  return Status::Ok();
}

}  // namespace openwsus::agent::testcatalog
