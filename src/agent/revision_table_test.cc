#include "agent/revision_table.h"

#include <gtest/gtest.h>

namespace openwsus::agent {
namespace {

constexpr char kCore[] =
    "<UpdateIdentity UpdateID=\"A1000000-0000-4000-8000-000000000002\" RevisionNumber=\"201\" />"
    "<Properties UpdateType=\"Software\" /><Relationships><SupersededUpdates>"
    "<UpdateIdentity UpdateID=\"a1000000-0000-4000-8000-000000000001\" /></SupersededUpdates><Prerequisites>"
    "<UpdateIdentity UpdateID=\"d1000000-0000-4000-8000-000000000001\" /><AtLeastOne IsCategory=\"true\">"
    "<UpdateIdentity UpdateID=\"c1000000-0000-4000-8000-000000000003\" /></AtLeastOne></Prerequisites>"
    "<BundledUpdates><AtLeastOne><UpdateIdentity UpdateID=\"b1000000-0000-4000-8000-000000000001\" "
    "RevisionNumber=\"200\" />"
    "<UpdateIdentity UpdateID=\"b1000000-0000-4000-8000-000000000002\" RevisionNumber=\"200\" /></AtLeastOne>"
    "</BundledUpdates></Relationships><ApplicabilityRules><IsInstalled><b.RegKeyExists Key=\"HKEY_LOCAL_MACHINE\" "
    "Subkey=\"SOFTWARE\\Contoso\" /></IsInstalled></ApplicabilityRules>";

TEST(RevisionTableTest, ParsesACoreFragmentOnce) {
  RevisionTable table;
  auto info = table.Intern(17, kCore);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ((*info)->identity.update_id.ToString(), "a1000000-0000-4000-8000-000000000002");
  EXPECT_EQ((*info)->identity.revision_number, 201);
  EXPECT_EQ((*info)->type, catalog::UpdateType::kSoftware);
  ASSERT_EQ((*info)->supersedes.size(), 1u);
  EXPECT_EQ((*info)->supersedes[0].ToString(), "a1000000-0000-4000-8000-000000000001");
  ASSERT_EQ((*info)->category_parents.size(), 1u) << "the bare detectoid prerequisite is not a category";
  EXPECT_EQ((*info)->bundled.size(), 2u) << "both alternatives of the AtLeastOne";
  EXPECT_TRUE((*info)->rules.is_installed.has_value());
  EXPECT_FALSE((*info)->rules.is_installable.has_value());
  // The same id again: the first parse stands (the fragment is not read).
  auto again = table.Intern(17, "not even XML");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *info);
  EXPECT_EQ(table.size(), 1u);
}

TEST(RevisionTableTest, ReadsADriversMetadataAsTheServerRendersIt) {
  RevisionTable table;
  auto info = table.Intern(9,
                           "<UpdateIdentity UpdateID=\"a1000000-0000-4000-8000-000000000009\" RevisionNumber=\"200\" />"
                           "<Properties UpdateType=\"Driver\" /><ApplicabilityRules><Metadata><d.WindowsDriverMetaData "
                           "HardwareID=\"PCI\\VEN_C0DE&amp;DEV_0001\" Manufacturer=\"Contoso\" Provider=\"Contoso\" "
                           "DriverVerDate=\"2026-03-04\" DriverVerVersion=\"2.1.0.7\" Class=\"Net\" Model=\"NIC\" />"
                           "</Metadata></ApplicabilityRules>");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ((*info)->type, catalog::UpdateType::kDriver);
  ASSERT_EQ((*info)->drivers.size(), 1u);
  const catalog::DriverMetadata& d = (*info)->drivers[0];
  EXPECT_EQ(d.hardware_id, "pci\\ven_c0de&dev_0001") << "lower case, as ids compare";
  EXPECT_EQ(d.date, "2026-03-04");
  EXPECT_EQ(d.version, "2.1.0.7");
  EXPECT_EQ(d.class_name, "Net");
  EXPECT_EQ(d.provider, "Contoso");
  EXPECT_FALSE((*info)->rules.is_installed.has_value());
}

TEST(RevisionTableTest, ABadFragmentIsAnErrorAndNotKept) {
  RevisionTable table;
  EXPECT_FALSE(table.Intern(1, "<UpdateIdentity UpdateID=\"nope\" />").ok());
  EXPECT_FALSE(table.Intern(2, "<unclosed").ok());
  EXPECT_FALSE(table.Intern(3, "<!DOCTYPE x><UpdateIdentity/>").ok());
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.Find(1), nullptr);
}

}  // namespace
}  // namespace openwsus::agent
