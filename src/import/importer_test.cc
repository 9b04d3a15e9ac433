#include "import/importer.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <filesystem>

#include "cabinet/cabinet_writer.h"
#include "catalog/test_documents.h"
#include "common/base64.h"
#include "store/open_store.h"
#include "testing/test_support.h"

namespace openwsus::import {
namespace {

namespace fs = std::filesystem;

std::string Hex8(size_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08zx", v);
  return buf;
}

// A metadata.txt record; `units` overrides the length field when not 0.
std::string Record(const std::string& id, int revision, const std::string& xml, size_t units = 0) {
  return id + "," + Hex8(static_cast<size_t>(revision)) + "," + Hex8(units != 0 ? units : xml.size()) + "," + xml +
         "\r\n";
}

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::OpenStore(store::SqliteUrl(dir_.path() + "/db.sqlite"));
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
  }

  // Every (revision id, update id, revision number) stored, to show "nothing changed".
  std::string Snapshot() {
    std::string out;
    auto counts = store_->Counts();
    out += std::to_string(counts->revisions) + "/" + std::to_string(counts->updates) + ";";
    auto updates = store_->ListUpdates({});
    for (const auto& u : *updates) {
      out +=
          std::to_string(u.revision_id) + ":" + u.update_id.ToString() + ":" + std::to_string(u.revision_number) + ";";
    }
    return out;
  }

  std::string Write(const std::string& name, const std::string& bytes) {
    std::string path = dir_.path() + "/" + name;
    testing::WriteFileOrDie(path, bytes);
    return path;
  }

  std::string WriteExport(
      const std::string& name, const std::string& metadata,
      const std::string& package = "<ExportPackage FormatVersion=\"1.0\"><Updates/></ExportPackage>") {
    cabinet::CabinetWriter cab;
    cab.AddMember("package.xml", package);
    cab.AddMember("metadata.txt", "\xEF\xBB\xBF" + metadata);
    std::string path = dir_.path() + "/" + name;
    EXPECT_TRUE(cab.WriteTo(path).ok());
    return path;
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(ImporterTest, FolderOfDocumentsThenAgainChangesNothing) {
  Write("docs/a.xml", catalog::testdocs::kBundle);
  Write("docs/b.xml", catalog::testdocs::kProduct);
  Write("docs/readme.txt", "not a document");
  Importer importer(store_.get());
  int64_t last_done = 0;
  auto report = importer.ImportPath(dir_.path() + "/docs", [&](int64_t done, int64_t total) {
    last_done = done;
    EXPECT_EQ(total, 2);
  });
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->added, 2);
  EXPECT_EQ(last_done, 2);
  std::string before = Snapshot();
  auto again = importer.ImportPath(dir_.path() + "/docs");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(ImporterTest, SingleDocument) {
  auto report = Importer(store_.get()).ImportPath(Write("one.xml", catalog::testdocs::kProduct));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->added, 1);
}

TEST_F(ImporterTest, ExportCabinet) {
  std::string metadata = Record("cccccccc-0000-0000-0000-000000000002", 100, catalog::testdocs::kProduct) +
                         Record("11111111-2222-3333-4444-555555555555", 201, catalog::testdocs::kBundle);
  auto report = Importer(store_.get()).ImportPath(WriteExport("export.cab", metadata));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->added, 2);
  auto rev = store_->FindLatestRevision(*Guid::Parse("11111111-2222-3333-4444-555555555555"));
  EXPECT_EQ(rev->xml, catalog::testdocs::kBundle);
}

// package.xml's Files/File @MUUrl: where Microsoft Update hosts each file,
// which downstream servers are told (GetUpdateData's MUUrl).
TEST_F(ImporterTest, ExportRecordsWhereFilesAreHosted) {
  std::string metadata = Record("11111111-2222-3333-4444-555555555555", 201, catalog::testdocs::kBundle);
  std::string package =
      "<ExportPackage FormatVersion=\"1.0\"><Files><File Digest=\"h/W9BGlYUAaqXTp30cZi/SiV3c0=\" "
      "MUUrl=\"http://download.windowsupdate.com/c/a.exe\" Name=\"a.exe\" /><File Digest=\"bad\" MUUrl=\"x\" />"
      "</Files><Updates/></ExportPackage>";
  auto report = Importer(store_.get()).ImportPath(WriteExport("export.cab", metadata, package));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto origin = store_->FindFileOrigin(Base64Decode("h/W9BGlYUAaqXTp30cZi/SiV3c0=").value());
  ASSERT_TRUE(origin.ok());
  EXPECT_EQ(origin->value_or(""), "http://download.windowsupdate.com/c/a.exe");
  // A package.xml that is not XML fails the import and keeps nothing.
  auto bad = Importer(store_.get()).ImportPath(WriteExport("bad.cab", metadata, "<ExportPackage"));
  EXPECT_FALSE(bad.ok());
}

// Each bad input gives an error that says what is wrong, and the store keeps
// exactly what it had.
TEST_F(ImporterTest, BadInputChangesNothing) {
  Importer importer(store_.get());
  ASSERT_TRUE(importer.ImportPath(Write("seed.xml", catalog::testdocs::kProduct)).ok());
  const std::string before = Snapshot();

  std::string no_identity = catalog::testdocs::kBundle;
  no_identity.erase(
      no_identity.find("<u:UpdateIdentity UpdateID=\"1111"),
      std::string("<u:UpdateIdentity UpdateID=\"11111111-2222-3333-4444-555555555555\" RevisionNumber=\"201\" />")
          .size());
  std::string doctype = std::string("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]>") +
                        (catalog::testdocs::kBundle + std::string(catalog::testdocs::kBundle).find("<u:Update"));
  std::string cab_bytes;
  {
    cabinet::CabinetWriter cab;
    cab.AddMember("metadata.txt", std::string(300000, 'x'));
    cab_bytes = cab.Build().value();
  }
  std::string good_record = Record("11111111-2222-3333-4444-555555555555", 201, catalog::testdocs::kBundle);
  struct Case {
    std::string path;
    std::string expected;
  };
  Write("mixed/a.xml", catalog::testdocs::kBundle);  // valid, imported first...
  Write("mixed/b.xml", doctype);                     // ...then this one fails
  const Case cases[] = {
      {Write("no-identity.xml", no_identity), "update has no UpdateIdentity"},
      {Write("doctype.xml", doctype), "DOCTYPE"},
      {dir_.path() + "/mixed", "DOCTYPE"},
      {Write("truncated.cab", cab_bytes.substr(0, cab_bytes.size() / 2)), "truncated"},
      {WriteExport("wrong-length.cab",
                   good_record + Record("cccccccc-0000-0000-0000-000000000009", 100, catalog::testdocs::kProduct,
                                        std::string(catalog::testdocs::kProduct).size() + 50)),
       "metadata record 1 (update cccccccc-0000-0000-0000-000000000009)"},
      {WriteExport("wrong-header.cab", Record("11111111-2222-3333-4444-555555555555", 7, catalog::testdocs::kBundle)),
       "record header names"},
      {WriteExport("empty.cab", ""), "holds no update documents"},
      {dir_.path() + "/does-not-exist.xml", "does not exist"},
  };
  for (const Case& c : cases) {
    auto report = importer.ImportPath(c.path);
    ASSERT_FALSE(report.ok()) << c.path;
    EXPECT_NE(report.status().message().find(c.expected), std::string::npos)
        << c.path << ": wanted '" << c.expected << "' in: " << report.status().message();
    EXPECT_EQ(Snapshot(), before) << c.path;
  }
}

TEST_F(ImporterTest, RealExportStoresEveryRevision) {
  auto fixtures = testing::FixturesDir();
  if (!fixtures) GTEST_SKIP() << "../shared/fixtures is absent: real WSUS.cab import skipped";
  Importer importer(store_.get());
  auto report = importer.ImportPath(*fixtures + "/wsus-export/WSUS.cab");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->added, 4125);
  auto counts = store_->Counts();
  EXPECT_EQ(counts->revisions, 4125);
  EXPECT_EQ(counts->updates, 4087);
  EXPECT_EQ(store_->ListCategories(catalog::CategoryType::kUpdateClassification)->size(), 12u);
  const std::string before = Snapshot();
  auto again = importer.ImportPath(*fixtures + "/wsus-export/WSUS.cab");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 4125);
  EXPECT_EQ(Snapshot(), before);

  // A truncated copy of the real Cabinet is refused and changes nothing.
  std::string bytes = testing::ReadFileOrDie(*fixtures + "/wsus-export/WSUS.cab");
  auto truncated = importer.ImportPath(Write("WSUS-truncated.cab", bytes.substr(0, bytes.size() * 2 / 3)));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), StatusCode::kDataLoss) << truncated.status().ToString();
  EXPECT_EQ(Snapshot(), before);
}

// A document of tens of MB (real CBS documents reach 47 MB) is imported one
// document at a time: peak memory stays a small multiple of the document.
TEST_F(ImporterTest, LargeDocumentKeepsMemoryBounded) {
  std::string doc = catalog::testdocs::kBundle;
  std::string rule = "<b:RegKeyExists Key=\"HKEY_LOCAL_MACHINE\" Subkey=\"SOFTWARE\\Contoso\\Padding\" />";
  std::string rules;
  while (rules.size() < (40u << 20)) rules += rule;
  doc.insert(doc.find("</u:IsInstallable>"), "<l:Or>" + rules + "</l:Or>");
  std::string path = Write("big.xml", doc);
  rules.clear();
  rules.shrink_to_fit();
  auto report = Importer(store_.get()).ImportPath(path);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->added, 1);
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer keeps freed memory in quarantine and shadows every byte: peak RSS "
                  "measures the sanitizer, not the importer (the normal build checks the bound)";
#endif
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  EXPECT_LT(usage.ru_maxrss / 1024, 600) << "peak RSS in MB for a " << (doc.size() >> 20) << " MB document";
}

}  // namespace
}  // namespace openwsus::import
