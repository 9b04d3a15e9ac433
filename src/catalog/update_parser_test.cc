#include "catalog/update_parser.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "catalog/test_documents.h"
#include "common/hash.h"
#include "testing/test_support.h"

namespace openwsus::catalog {
namespace {

Guid G(const char* text) { return *Guid::Parse(text); }

TEST(UpdateParserTest, ParsesEverySectionOfAHandWrittenBundle) {
  auto parsed = ParseUpdate(testdocs::kBundle);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const Update& u = *parsed;
  EXPECT_EQ(u.identity.update_id, G("11111111-2222-3333-4444-555555555555"));
  EXPECT_EQ(u.identity.revision_number, 201);
  EXPECT_EQ(u.type, UpdateType::kSoftware);
  EXPECT_EQ(u.msrc_severity, "Critical");
  EXPECT_EQ(u.kb_article_id, "5000001");
  EXPECT_EQ(u.security_bulletin_id, "MS26-001");
  EXPECT_EQ(u.cve_ids, (std::vector<std::string>{"CVE-2026-0001", "CVE-2026-0002"}));
  EXPECT_EQ(u.creation_date, "2026-01-02T03:04:05.123Z");
  EXPECT_EQ(u.publication_state, "Published");
  EXPECT_TRUE(u.explicitly_deployable);
  EXPECT_FALSE(u.auto_select_on_web_sites);
  EXPECT_EQ(u.max_download_size, 2048);
  ASSERT_TRUE(u.install_behavior.has_value());
  EXPECT_EQ(u.install_behavior->reboot_behavior, "CanRequestReboot");
  EXPECT_TRUE(u.CanUninstall());
  EXPECT_FALSE(u.has_eula);

  ASSERT_EQ(u.localized.size(), 2u);
  EXPECT_EQ(u.Title(), "Security Update & Fix");
  EXPECT_EQ(u.FindLocalized("en")->uninstall_notes, "Remove in Settings.");
  EXPECT_EQ(u.FindLocalized("de")->title, "Sicherheitsupdate");

  ASSERT_EQ(u.prerequisites.size(), 3u);
  EXPECT_FALSE(u.prerequisites[0].is_category);
  EXPECT_EQ(u.prerequisites[0].update_ids[0], G("dddddddd-0000-0000-0000-000000000001"));
  EXPECT_TRUE(u.prerequisites[2].is_category);
  EXPECT_EQ(u.prerequisites[2].update_ids.size(), 2u);
  EXPECT_EQ(u.CategoryIds().size(), 3u);

  ASSERT_EQ(u.bundled_updates.size(), 2u);
  EXPECT_EQ(u.bundled_updates[0].members[0].revision_number, 100);
  EXPECT_EQ(u.bundled_updates[1].members.size(), 2u);
  EXPECT_TRUE(u.IsBundle());
  EXPECT_EQ(u.superseded_updates, (std::vector<Guid>{G("99999999-0000-0000-0000-000000000001")}));

  ASSERT_EQ(u.files.size(), 1u);
  EXPECT_EQ(u.files[0].file_name, "fix.exe");
  EXPECT_EQ(u.files[0].sha1, Sha1("abc"));
  EXPECT_EQ(u.files[0].sha256, Sha256("abc"));
  EXPECT_EQ(u.files[0].size, 3);
  EXPECT_EQ(u.files[0].patching_type, "SelfContained");
  EXPECT_EQ(u.handler_data_type, "c:CommandLineInstallation");
}

TEST(UpdateParserTest, ParsesACategory) {
  auto parsed = ParseUpdate(testdocs::kProduct);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->type, UpdateType::kCategory);
  EXPECT_EQ(parsed->category_type, CategoryType::kProduct);
  EXPECT_EQ(parsed->CategoryIds(), (std::vector<Guid>{G("cccccccc-0000-0000-0000-000000000001")}));
  EXPECT_FALSE(parsed->CanUninstall());
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(UpdateParserTest, ParsesDriverMetadata) {
  auto update = ParseUpdate(testdocs::kDriver);
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  EXPECT_EQ(update->type, UpdateType::kDriver);
  ASSERT_EQ(update->drivers.size(), 2u);
  const DriverMetadata& d = update->drivers[0];
  EXPECT_EQ(d.hardware_id, "pci\\ven_1234&dev_0001") << "lower case, entities decoded";
  EXPECT_EQ(d.date, "2026-03-04");
  EXPECT_EQ(d.version, "2.1.0.7");
  EXPECT_EQ(d.class_name, "Net");
  EXPECT_EQ(d.provider, "Contoso Ltd");
  EXPECT_EQ(d.manufacturer, "Contoso");
  EXPECT_EQ(update->drivers[1].hardware_id, "pci\\ven_1234&dev_0002");
  EXPECT_TRUE(ParseUpdate(testdocs::kBundle)->drivers.empty());
}

TEST(UpdateParserTest, RefusesMalformedDocumentsWithAClearMessage) {
  struct Case {
    std::string xml;
    std::string message;
  };
  const std::string good = testdocs::kBundle;
  const Case cases[] = {
      {Replace(good, R"(<u:UpdateIdentity UpdateID="11111111-2222-3333-4444-555555555555" RevisionNumber="201" />)",
               ""),
       "update has no UpdateIdentity"},
      {Replace(good, R"(RevisionNumber="201")", R"(RevisionNumber="x1")"), "RevisionNumber is not a number"},
      {Replace(good, "UpdateType=\"Software\"", "UpdateType=\"Bogus\""), "unknown UpdateType 'Bogus'"},
      {Replace(good, "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", "AAAA"), "SHA-1 digest is not 20 bytes"},
      {Replace(good, R"(Size="3")", R"(Size="three")"), "Size is not a number"},
      {Replace(good, "DDDDDDDD-0000-0000-0000-000000000001", "not-a-guid"), "not a GUID"},
      {"<?xml version=\"1.0\"?><!DOCTYPE u [<!ENTITY e \"x\">]>" + good.substr(good.find("<u:Update")), "DOCTYPE"},
      {"<Update xmlns=\"urn:wrong\"/>", "root element is not upd:Update"},
      {good.substr(0, good.size() / 2), "malformed XML"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseUpdate(c.xml);
    ASSERT_FALSE(parsed.ok()) << c.message;
    EXPECT_NE(parsed.status().message().find(c.message), std::string::npos)
        << "wanted '" << c.message << "' in: " << parsed.status().message();
  }
}

TEST(UpdateParserTest, ErrorsNameTheUpdate) {
  std::string bad = Replace(testdocs::kBundle, R"(Size="3")", R"(Size="-")");
  auto parsed = ParseUpdate(bad);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("update 11111111-2222-3333-4444-555555555555"), std::string::npos)
      << parsed.status().message();
}

TEST(UpdateParserTest, ParsesTheRealDocuments) {
  auto fixtures = testing::FixturesDir();
  if (!fixtures) GTEST_SKIP() << "../shared/fixtures is absent: real documents skipped";
  std::filesystem::path docs = std::filesystem::path(*fixtures) / "wsus-rs/wsus-m0-wsusss/docs";
  auto bundle = ParseUpdate(testing::ReadFileOrDie((docs / "a2fef9b0-7951-4c2c-a42b-9e351dd1c1fe-r200.xml").string()));
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_EQ(bundle->kb_article_id, "2267602");
  EXPECT_EQ(bundle->superseded_updates.size(), 10u);
  EXPECT_TRUE(bundle->IsBundle());
  EXPECT_EQ(bundle->CategoryIds().size(), 2u);  // Definition Updates + Defender product
  auto leaf = ParseUpdate(testing::ReadFileOrDie((docs / "ff36f0b5-dded-4780-8664-cd78af8b62c1-r200.xml").string()));
  ASSERT_TRUE(leaf.ok());
  ASSERT_EQ(leaf->files.size(), 1u);
  EXPECT_EQ(leaf->files[0].size, 6662560);
  EXPECT_EQ(leaf->files[0].sha256.size(), 32u);
  auto company = ParseUpdate(testing::ReadFileOrDie((docs / "56309036-4c77-4dd9-951a-99ee9c246a94-r101.xml").string()));
  ASSERT_TRUE(company.ok());
  EXPECT_EQ(company->category_type, CategoryType::kCompany);
  EXPECT_EQ(company->identity.update_id.ToString(), "56309036-4c77-4dd9-951a-99ee9c246a94");
}

}  // namespace
}  // namespace openwsus::catalog
