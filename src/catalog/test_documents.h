// Hand-written update documents for the catalog's tests, in the real format,
// with the prefixes deliberately varied.
#ifndef OPENWSUS_CATALOG_TEST_DOCUMENTS_H_
#define OPENWSUS_CATALOG_TEST_DOCUMENTS_H_

namespace openwsus::catalog::testdocs {

// A software bundle: product and classification through IsCategory clauses,
// a detectoid prerequisite, two bundle members, a superseded update, KB, CVEs,
// MSRC severity, uninstall behaviour, two languages, a file with both digests.
inline constexpr char kBundle[] = R"(<?xml version="1.0" encoding="utf-8"?>
<u:Update xmlns:u="http://schemas.microsoft.com/msus/2002/12/Update" xmlns:b="http://schemas.microsoft.com/msus/2002/12/BaseApplicabilityRules" xmlns:l="http://schemas.microsoft.com/msus/2002/12/LogicalApplicabilityRules" xmlns:c="http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/CommandLineInstallation">
  <u:UpdateIdentity UpdateID="11111111-2222-3333-4444-555555555555" RevisionNumber="201" />
  <u:Properties UpdateType="Software" DefaultPropertiesLanguage="en" ExplicitlyDeployable="true" AutoSelectOnWebSites="false" MsrcSeverity="Critical" Handler="http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/CommandLineInstallation" MaxDownloadSize="2048" MinDownloadSize="0" PublicationState="Published" CreationDate="2026-01-02T03:04:05.123Z" PublisherID="aaaaaaaa-0000-0000-0000-000000000001">
    <u:InstallationBehavior RebootBehavior="CanRequestReboot" CanRequestUserInput="false" />
    <u:UninstallationBehavior RebootBehavior="NeverReboots" />
    <u:KBArticleID>5000001</u:KBArticleID>
    <u:SecurityBulletinID>MS26-001</u:SecurityBulletinID>
    <u:CveID>CVE-2026-0001</u:CveID>
    <u:CveID>CVE-2026-0002</u:CveID>
  </u:Properties>
  <u:LocalizedPropertiesCollection>
    <u:LocalizedProperties><u:Language>de</u:Language><u:Title>Sicherheitsupdate</u:Title></u:LocalizedProperties>
    <u:LocalizedProperties><u:Language>en</u:Language><u:Title>Security Update &amp; Fix</u:Title><u:Description>Fixes it.</u:Description><u:UninstallNotes>Remove in Settings.</u:UninstallNotes><u:MoreInfoUrl>https://example.invalid/more</u:MoreInfoUrl><u:SupportUrl>https://example.invalid/support</u:SupportUrl></u:LocalizedProperties>
  </u:LocalizedPropertiesCollection>
  <u:Relationships>
    <u:SupersededUpdates><u:UpdateIdentity UpdateID="99999999-0000-0000-0000-000000000001" /></u:SupersededUpdates>
    <u:Prerequisites>
      <u:UpdateIdentity UpdateID="DDDDDDDD-0000-0000-0000-000000000001" />
      <u:AtLeastOne IsCategory="true"><u:UpdateIdentity UpdateID="0fa1201d-4330-4fa8-8ae9-b877473b6441" /></u:AtLeastOne>
      <u:AtLeastOne IsCategory="true"><u:UpdateIdentity UpdateID="cccccccc-0000-0000-0000-000000000002" /><u:UpdateIdentity UpdateID="cccccccc-0000-0000-0000-000000000003" /></u:AtLeastOne>
    </u:Prerequisites>
    <u:BundledUpdates>
      <u:UpdateIdentity UpdateID="bbbbbbbb-0000-0000-0000-000000000001" RevisionNumber="100" />
      <u:AtLeastOne><u:UpdateIdentity UpdateID="bbbbbbbb-0000-0000-0000-000000000002" RevisionNumber="101" /><u:UpdateIdentity UpdateID="bbbbbbbb-0000-0000-0000-000000000003" RevisionNumber="102" /></u:AtLeastOne>
    </u:BundledUpdates>
  </u:Relationships>
  <u:ApplicabilityRules>
    <u:IsInstalled><l:And><b:RegKeyExists Key="HKEY_LOCAL_MACHINE" Subkey="SOFTWARE\Contoso" /><l:Not><l:False /></l:Not></l:And></u:IsInstalled>
    <u:IsInstallable><b:WindowsVersion Comparison="GreaterThanOrEqualTo" MajorVersion="10" /></u:IsInstallable>
  </u:ApplicabilityRules>
  <u:Files>
    <u:File Digest="qZk+NkcGgWq6PiVxeFDCbJzQ2J0=" DigestAlgorithm="SHA1" FileName="fix.exe" Size="3" Modified="2026-01-01T00:00:00Z" PatchingType="SelfContained"><u:AdditionalDigest Algorithm="SHA256">ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=</u:AdditionalDigest></u:File>
  </u:Files>
  <u:HandlerSpecificData xsi:type="c:CommandLineInstallation" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><c:InstallCommand Program="fix.exe" Arguments="/q" /></u:HandlerSpecificData>
</u:Update>)";

// A product category whose parent is a product family.
inline constexpr char kProduct[] =
    R"(<upd:Update xmlns:upd="http://schemas.microsoft.com/msus/2002/12/Update" xmlns:cat="http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/Category"><upd:UpdateIdentity UpdateID="cccccccc-0000-0000-0000-000000000002" RevisionNumber="100" /><upd:Properties UpdateType="Category" DefaultPropertiesLanguage="en" ExplicitlyDeployable="false" /><upd:LocalizedPropertiesCollection><upd:LocalizedProperties><upd:Language>en</upd:Language><upd:Title>Widgets 2</upd:Title></upd:LocalizedProperties></upd:LocalizedPropertiesCollection><upd:Relationships><upd:Prerequisites><upd:AtLeastOne IsCategory="true"><upd:UpdateIdentity UpdateID="cccccccc-0000-0000-0000-000000000001" /></upd:AtLeastOne></upd:Prerequisites></upd:Relationships><upd:HandlerSpecificData xsi:type="cat:Category" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><cat:CategoryInformation CategoryType="Product" ProhibitsSubcategories="true" /></upd:HandlerSpecificData></upd:Update>)";

// The real Security Updates classification's id, in a document of our own.
inline constexpr char kSecurityUpdatesClassification[] =
    R"(<upd:Update xmlns:upd="http://schemas.microsoft.com/msus/2002/12/Update" xmlns:cat="http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/Category"><upd:UpdateIdentity UpdateID="0fa1201d-4330-4fa8-8ae9-b877473b6441" RevisionNumber="50" /><upd:Properties UpdateType="Category" /><upd:LocalizedPropertiesCollection><upd:LocalizedProperties><upd:Language>en</upd:Language><upd:Title>Security Updates</upd:Title></upd:LocalizedProperties></upd:LocalizedPropertiesCollection><upd:HandlerSpecificData xsi:type="cat:Category" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><cat:CategoryInformation CategoryType="UpdateClassification" /></upd:HandlerSpecificData></upd:Update>)";

// A driver for two devices (its own prefix for the WindowsDriver namespace).
inline constexpr char kDriver[] =
    R"(<upd:Update xmlns:upd="http://schemas.microsoft.com/msus/2002/12/Update" xmlns:drv="http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/WindowsDriver"><upd:UpdateIdentity UpdateID="eeeeeeee-0000-0000-0000-000000000001" RevisionNumber="100" /><upd:Properties UpdateType="Driver" DefaultPropertiesLanguage="en" /><upd:LocalizedPropertiesCollection><upd:LocalizedProperties><upd:Language>en</upd:Language><upd:Title>Contoso NIC driver</upd:Title></upd:LocalizedProperties></upd:LocalizedPropertiesCollection><upd:ApplicabilityRules><upd:Metadata><drv:WindowsDriverMetaData HardwareID="PCI\VEN_1234&amp;DEV_0001" WhqlDriverID="1" Manufacturer="Contoso" Company="Contoso" Provider="Contoso Ltd" DriverVerDate="2026-03-04" DriverVerVersion="2.1.0.7" Class="Net" /><drv:WindowsDriverMetaData HardwareID="PCI\VEN_1234&amp;DEV_0002" DriverVerDate="2026-03-04" DriverVerVersion="2.1.0.7" Class="Net" /></upd:Metadata></upd:ApplicabilityRules></upd:Update>)";

}  // namespace openwsus::catalog::testdocs

#endif  // OPENWSUS_CATALOG_TEST_DOCUMENTS_H_
