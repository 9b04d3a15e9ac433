#include "catalog/fragment_builder.h"

#include <gtest/gtest.h>

#include "catalog/test_documents.h"

namespace openwsus::catalog {
namespace {

TEST(FragmentBuilderTest, CoreKeepsIdentityReducedPropertiesRelationshipsAndRules) {
  auto builder = FragmentBuilder::FromDocument(testdocs::kBundle);
  ASSERT_TRUE(builder.ok()) << builder.status().ToString();
  std::string core = builder->Core();
  EXPECT_EQ(core.rfind(R"(<UpdateIdentity UpdateID="11111111-2222-3333-4444-555555555555" RevisionNumber="201" />)"
                       R"(<Properties UpdateType="Software" ExplicitlyDeployable="true" />)",
                       0),
            0u)
      << core;
  EXPECT_NE(core.find(R"(<b.RegKeyExists Key="HKEY_LOCAL_MACHINE" Subkey="SOFTWARE\Contoso" />)"), std::string::npos);
  EXPECT_NE(core.find("<And>"), std::string::npos);
  EXPECT_NE(core.find(R"(<AtLeastOne IsCategory="true">)"), std::string::npos);
  EXPECT_NE(core.find("<SupersededUpdates>"), std::string::npos);
  EXPECT_EQ(core.find("xmlns"), std::string::npos);
  EXPECT_EQ(core.find("Files"), std::string::npos);
  EXPECT_EQ(core.find("KBArticleID"), std::string::npos);
}

TEST(FragmentBuilderTest, ExtendedDropsServerOnlyPropertiesAndKeepsFiles) {
  auto builder = FragmentBuilder::FromDocument(testdocs::kBundle);
  ASSERT_TRUE(builder.ok());
  std::string ext = builder->Extended();
  EXPECT_EQ(ext.rfind(R"(<ExtendedProperties DefaultPropertiesLanguage="en" MsrcSeverity="Critical" Handler=")", 0), 0u)
      << ext;
  for (const char* gone : {"UpdateType", "PublicationState", "CreationDate", "PublisherID", "ExplicitlyDeployable"}) {
    EXPECT_EQ(ext.find(gone), std::string::npos) << gone;
  }
  EXPECT_NE(ext.find("<KBArticleID>5000001</KBArticleID>"), std::string::npos);
  EXPECT_NE(ext.find(R"(<AdditionalDigest Algorithm="SHA256">)"), std::string::npos);
  EXPECT_NE(
      ext.find(
          R"(<HandlerSpecificData type="c:CommandLineInstallation"><InstallCommand Program="fix.exe" Arguments="/q" /></HandlerSpecificData>)"),
      std::string::npos)
      << ext;
}

TEST(FragmentBuilderTest, LocalizedPicksTheLanguageAndEscapes) {
  auto builder = FragmentBuilder::FromDocument(testdocs::kBundle);
  ASSERT_TRUE(builder.ok());
  auto en = builder->Localized("en");
  ASSERT_TRUE(en.ok());
  EXPECT_EQ(en->rfind("<LocalizedProperties><Language>en</Language><Title>Security Update &amp; Fix</Title>", 0), 0u)
      << *en;
  auto de = builder->Localized("de");
  ASSERT_TRUE(de.ok());
  EXPECT_EQ(*de, "<LocalizedProperties><Language>de</Language><Title>Sicherheitsupdate</Title></LocalizedProperties>");
  EXPECT_EQ(builder->Localized("fr").status().code(), StatusCode::kNotFound);
}

TEST(FragmentBuilderTest, CbsManifestKeepsItsDefaultNamespace) {
  const char* doc =
      R"(<upd:Update xmlns:upd="http://schemas.microsoft.com/msus/2002/12/Update"><upd:UpdateIdentity UpdateID="11111111-2222-3333-4444-555555555555" RevisionNumber="1" /><upd:Properties UpdateType="Software" /><upd:ApplicabilityRules><upd:Metadata><cbsar:CbsPackageApplicabilityMetadata xmlns:cbsar="http://schemas.microsoft.com/msus/2002/12/CbsApplicabilityRules"><assembly xmlns="urn:schemas-microsoft-com:asm.v3"><package /></assembly></cbsar:CbsPackageApplicabilityMetadata></upd:Metadata></upd:ApplicabilityRules></upd:Update>)";
  auto builder = FragmentBuilder::FromDocument(doc);
  ASSERT_TRUE(builder.ok());
  EXPECT_NE(
      builder->Core().find(
          R"(<CbsPackageApplicabilityMetadata><assembly xmlns="urn:schemas-microsoft-com:asm.v3"><package /></assembly>)"),
      std::string::npos)
      << builder->Core();
}

TEST(FragmentBuilderTest, RefusesWhatIsNotAnUpdate) {
  EXPECT_FALSE(FragmentBuilder::FromDocument("<a/>").ok());
  EXPECT_FALSE(FragmentBuilder::FromDocument("<upd:Update xmlns:upd=").ok());
}

}  // namespace
}  // namespace openwsus::catalog
