#include "demo/demo_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "catalog/fragment_builder.h"
#include "catalog/update.h"
#include "catalog/update_parser.h"
#include "common/guid.h"
#include "common/hash.h"

namespace openwsus::demo {
namespace {

using catalog::CategoryType;
using catalog::Update;
using catalog::UpdateType;

Guid G(const char* text) { return Guid::Parse(text).value(); }

// The well-known classification update ids the demo reuses.
const Guid kSecurityUpdates = G("0fa1201d-4330-4fa8-8ae9-b877473b6441");
const Guid kCriticalUpdates = G("e6cf1350-c01b-414d-a61f-263d14d133b4");
const Guid kUpdates = G("cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83");

std::string FileName(const Update& update) {
  return update.identity.update_id.ToString() + "-r" + std::to_string(update.identity.revision_number) + ".xml";
}

// The demo documents, parsed once. A document that does not parse is left out
// of `updates` and reported by EveryDocumentParses.
struct ParsedCatalog {
  std::vector<Update> updates;
  std::map<Guid, const Update*> by_id;  // the demo has one revision per update id

  const Update* Find(const Guid& id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : it->second;
  }
};

const ParsedCatalog& Demo() {
  static const ParsedCatalog* parsed = [] {
    auto* result = new ParsedCatalog;
    for (const import::NamedDocument& document : DemoDocuments()) {
      Result<Update> update = catalog::ParseUpdate(document.xml);
      if (update.ok()) result->updates.push_back(std::move(update).value());
    }
    for (const Update& update : result->updates) {
      result->by_id[update.identity.update_id] = &update;
    }
    return result;
  }();
  return *parsed;
}

std::vector<const Update*> Categories(CategoryType type) {
  std::vector<const Update*> out;
  for (const Update& update : Demo().updates) {
    if (update.type == UpdateType::kCategory && update.category_type == type) out.push_back(&update);
  }
  return out;
}

bool IsBundleMember(const Update& leaf) {
  for (const Update& update : Demo().updates) {
    for (const catalog::BundleClause& clause : update.bundled_updates) {
      for (const catalog::UpdateIdentity& member : clause.members) {
        if (member.update_id == leaf.identity.update_id) return true;
      }
    }
  }
  return false;
}

TEST(DemoCatalogTest, EveryDocumentParsesAndIsNamedAfterItsRevision) {
  std::vector<import::NamedDocument> documents = DemoDocuments();
  ASSERT_GE(documents.size(), 12u);
  EXPECT_LE(documents.size(), 20u);
  std::set<std::string> names;
  for (const import::NamedDocument& document : documents) {
    SCOPED_TRACE(document.name);
    EXPECT_TRUE(names.insert(document.name).second) << "duplicate name";
    Result<Update> update = catalog::ParseUpdate(document.xml);
    ASSERT_TRUE(update.ok()) << update.status().ToString();
    EXPECT_EQ(document.name, FileName(*update));
    EXPECT_FALSE(update->Title().empty());
    EXPECT_EQ(update->default_language, "en");
    EXPECT_NE(update->FindLocalized("en"), nullptr);
    EXPECT_EQ(update->publication_state, "Published");
    EXPECT_FALSE(update->creation_date.empty());
    EXPECT_FALSE(update->publisher_id.empty());
  }
  // One revision per update id, so Demo().by_id loses nothing.
  EXPECT_EQ(Demo().updates.size(), documents.size());
  EXPECT_EQ(Demo().by_id.size(), documents.size());
}

TEST(DemoCatalogTest, EveryDocumentYieldsItsFragments) {
  for (const import::NamedDocument& document : DemoDocuments()) {
    SCOPED_TRACE(document.name);
    Result<catalog::FragmentBuilder> builder = catalog::FragmentBuilder::FromDocument(document.xml);
    ASSERT_TRUE(builder.ok()) << builder.status().ToString();
    EXPECT_NE(builder->Core().find("<UpdateIdentity "), std::string::npos);
    EXPECT_NE(builder->Extended().find("<ExtendedProperties "), std::string::npos);
    Result<std::string> english = builder->Localized("en");
    ASSERT_TRUE(english.ok()) << english.status().ToString();
    EXPECT_NE(english->find("<Title>"), std::string::npos);
  }
}

TEST(DemoCatalogTest, EveryFileMatchesExactlyOneContentFile) {
  std::vector<DemoContentFile> content = DemoContent();
  ASSERT_FALSE(content.empty());
  struct Digests {
    std::string sha1, sha256;
  };
  std::vector<Digests> digests;
  for (const DemoContentFile& file : content) {
    digests.push_back({Sha1(file.bytes), Sha256(file.bytes)});
  }
  std::set<std::string> referenced;
  int64_t largest = 0;
  for (const Update& update : Demo().updates) {
    int64_t total = 0;
    for (const catalog::UpdateFile& file : update.files) {
      SCOPED_TRACE(FileName(update) + " " + file.file_name);
      ASSERT_EQ(file.sha1.size(), 20u);
      ASSERT_EQ(file.sha256.size(), 32u);
      int matches = 0;
      for (size_t i = 0; i < content.size(); ++i) {
        if (digests[i].sha1 != file.sha1) continue;
        ++matches;
        EXPECT_EQ(digests[i].sha256, file.sha256);
        EXPECT_EQ(static_cast<int64_t>(content[i].bytes.size()), file.size);
        EXPECT_EQ(content[i].file_name, file.file_name);
      }
      EXPECT_EQ(matches, 1);
      EXPECT_FALSE(file.modified.empty());
      referenced.insert(file.file_name);
      total += file.size;
      largest = std::max(largest, file.size);
    }
    EXPECT_EQ(update.max_download_size, total) << FileName(update);
  }
  for (const DemoContentFile& file : content) {
    EXPECT_TRUE(referenced.count(file.file_name)) << file.file_name << " is not referenced";
  }
  EXPECT_GT(largest, int64_t{1} << 20) << "no file exercises multi-range downloads";
}

TEST(DemoCatalogTest, HasTheCategoryTree) {
  EXPECT_GE(Categories(CategoryType::kCompany).size(), 1u);
  EXPECT_GE(Categories(CategoryType::kProductFamily).size(), 1u);
  EXPECT_GE(Categories(CategoryType::kProduct).size(), 2u);
  EXPECT_GE(Categories(CategoryType::kUpdateClassification).size(), 3u);
  for (const Guid& id : {kSecurityUpdates, kCriticalUpdates, kUpdates}) {
    const Update* classification = Demo().Find(id);
    ASSERT_NE(classification, nullptr) << id.ToString();
    EXPECT_EQ(classification->category_type, CategoryType::kUpdateClassification);
  }
  // Every product sits under a product family, every family under a company.
  for (const Update* product : Categories(CategoryType::kProduct)) {
    std::vector<Guid> parents = product->CategoryIds();
    ASSERT_EQ(parents.size(), 1u) << product->Title();
    const Update* family = Demo().Find(parents[0]);
    ASSERT_NE(family, nullptr);
    EXPECT_EQ(family->category_type, CategoryType::kProductFamily);
    std::vector<Guid> grandparents = family->CategoryIds();
    ASSERT_EQ(grandparents.size(), 1u);
    const Update* company = Demo().Find(grandparents[0]);
    ASSERT_NE(company, nullptr);
    EXPECT_EQ(company->category_type, CategoryType::kCompany);
  }
  for (const Update& update : Demo().updates) {
    if (update.type == UpdateType::kCategory) {
      EXPECT_EQ(update.handler_data_type, "cat:Category");
    }
  }
}

TEST(DemoCatalogTest, EveryPrerequisiteResolvesInTheCatalog) {
  for (const Update& update : Demo().updates) {
    for (const catalog::PrerequisiteClause& clause : update.prerequisites) {
      for (const Guid& id : clause.update_ids) {
        SCOPED_TRACE(FileName(update) + " needs " + id.ToString());
        const Update* prerequisite = Demo().Find(id);
        ASSERT_NE(prerequisite, nullptr);
        if (clause.is_category) {
          EXPECT_EQ(prerequisite->type, UpdateType::kCategory);
        }
      }
    }
  }
}

TEST(DemoCatalogTest, SoftwareBelongsToProductsAndClassificationsAndNeedsTheDetectoid) {
  int software = 0;
  for (const Update& update : Demo().updates) {
    if (update.type != UpdateType::kSoftware) continue;
    ++software;
    SCOPED_TRACE(FileName(update));
    bool needs_detectoid = false;
    for (const catalog::PrerequisiteClause& clause : update.prerequisites) {
      if (clause.is_category || clause.update_ids.size() != 1) continue;
      const Update* prerequisite = Demo().Find(clause.update_ids[0]);
      needs_detectoid |= prerequisite && prerequisite->type == UpdateType::kDetectoid;
    }
    EXPECT_TRUE(needs_detectoid);
    EXPECT_EQ(update.handler_data_type.empty(), update.files.empty());
    if (!update.files.empty()) {
      EXPECT_EQ(update.handler_data_type, "cmd:CommandLineInstallation");
    }
    if (IsBundleMember(update)) {
      // Leaves are found through their bundle, not by the category filter.
      EXPECT_FALSE(update.explicitly_deployable);
      EXPECT_FALSE(update.files.empty());
      continue;
    }
    EXPECT_TRUE(update.explicitly_deployable);
    int products = 0, classifications = 0;
    for (const Guid& id : update.CategoryIds()) {
      const Update* category = Demo().Find(id);
      ASSERT_NE(category, nullptr);
      products += category->category_type == CategoryType::kProduct;
      classifications += category->category_type == CategoryType::kUpdateClassification;
    }
    EXPECT_GE(products, 1);
    EXPECT_EQ(classifications, 1);
  }
  EXPECT_GE(software, 5);
}

TEST(DemoCatalogTest, HasADetectoid) {
  int detectoids = 0;
  for (const Update& update : Demo().updates) detectoids += update.type == UpdateType::kDetectoid;
  EXPECT_GE(detectoids, 1);
}

TEST(DemoCatalogTest, HasABundleOfAtLeastTwoMembersThatCarryFiles) {
  const Update* bundle = nullptr;
  for (const Update& update : Demo().updates) {
    if (update.IsBundle()) bundle = &update;
  }
  ASSERT_NE(bundle, nullptr);
  EXPECT_TRUE(bundle->files.empty());
  int members = 0;
  for (const catalog::BundleClause& clause : bundle->bundled_updates) {
    for (const catalog::UpdateIdentity& member : clause.members) {
      SCOPED_TRACE(member.update_id.ToString());
      ++members;
      const Update* leaf = Demo().Find(member.update_id);
      ASSERT_NE(leaf, nullptr);
      EXPECT_EQ(leaf->identity.revision_number, member.revision_number);
      EXPECT_FALSE(leaf->files.empty());
      EXPECT_FALSE(leaf->IsBundle());
    }
  }
  EXPECT_GE(members, 2);
}

TEST(DemoCatalogTest, HasASupersedenceWithinTheCatalog) {
  int edges = 0;
  for (const Update& update : Demo().updates) {
    for (const Guid& superseded : update.superseded_updates) {
      ++edges;
      const Update* older = Demo().Find(superseded);
      ASSERT_NE(older, nullptr) << superseded.ToString();
      EXPECT_LT(older->creation_date, update.creation_date);
    }
  }
  EXPECT_GE(edges, 1);
}

TEST(DemoCatalogTest, HasAnUpdateThatCanBeRemoved) {
  int removable = 0;
  for (const Update& update : Demo().updates) removable += update.CanUninstall();
  EXPECT_GE(removable, 1);
}

TEST(DemoCatalogTest, HasASecurityUpdateWithItsIdentifiers) {
  const Update* found = nullptr;
  for (const Update& update : Demo().updates) {
    if (!update.msrc_severity.empty() && !update.kb_article_id.empty() && !update.security_bulletin_id.empty() &&
        !update.cve_ids.empty()) {
      found = &update;
    }
  }
  ASSERT_NE(found, nullptr);
  std::vector<Guid> categories = found->CategoryIds();
  EXPECT_NE(std::find(categories.begin(), categories.end(), kSecurityUpdates), categories.end());
}

TEST(DemoCatalogTest, SomeDocumentsHaveASecondLanguage) {
  int multilingual = 0;
  for (const Update& update : Demo().updates) multilingual += update.localized.size() > 1;
  EXPECT_GE(multilingual, 2);
}

TEST(DemoCatalogTest, ContentNamesAreUniqueAndPlain) {
  std::set<std::string> names;
  for (const DemoContentFile& file : DemoContent()) {
    EXPECT_TRUE(names.insert(file.file_name).second) << file.file_name;
    EXPECT_EQ(file.file_name.find('/'), std::string::npos);
  }
}

}  // namespace
}  // namespace openwsus::demo
