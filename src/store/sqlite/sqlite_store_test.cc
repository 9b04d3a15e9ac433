#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include "catalog/test_documents.h"
#include "catalog/update_parser.h"
#include "common/test_support.h"

namespace openwsus::store {
namespace {

using Outcome = ImportTransaction::Outcome;

std::string WithRevision(std::string xml, int revision) {
  size_t at = xml.find("RevisionNumber=\"201\"");
  xml.replace(at, 20, "RevisionNumber=\"" + std::to_string(revision) + "\"");
  return xml;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> Open() {
    auto store = SqliteStore::Open(dir_.path() + "/db.sqlite");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(store).value();
  }

  Outcome Import(SqliteStore* store, const std::string& xml) {
    auto update = catalog::ParseUpdate(xml);
    EXPECT_TRUE(update.ok()) << update.status().ToString();
    auto txn = store->BeginImport();
    EXPECT_TRUE(txn.ok());
    auto outcome = (*txn)->Add(*update, xml);
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    EXPECT_TRUE((*txn)->Commit().ok());
    return *outcome;
  }

  testing::ScopedTempDir dir_;
};

TEST_F(SqliteStoreTest, KeepsTheDocumentByteForByteAndIndexesIt) {
  auto store = Open();
  EXPECT_EQ(Import(store.get(), catalog::testdocs::kProduct), Outcome::kAdded);
  EXPECT_EQ(Import(store.get(), catalog::testdocs::kBundle), Outcome::kAdded);
  auto counts = store->Counts();
  EXPECT_EQ(counts->revisions, 2);
  EXPECT_EQ(counts->updates, 2);

  Guid bundle = *Guid::Parse("11111111-2222-3333-4444-555555555555");
  auto rev = store->FindLatestRevision(bundle);
  ASSERT_TRUE(rev.ok());
  EXPECT_EQ(rev->xml, catalog::testdocs::kBundle);
  EXPECT_EQ(rev->revision_number, 201);

  auto all = store->ListUpdates({});
  ASSERT_EQ(all->size(), 2u);
  UpdateFilter by_product;
  by_product.product_id = *Guid::Parse("cccccccc-0000-0000-0000-000000000002");
  auto in_product = store->ListUpdates(by_product);
  ASSERT_EQ(in_product->size(), 1u);
  EXPECT_EQ((*in_product)[0].title, "Security Update & Fix");
  EXPECT_EQ((*in_product)[0].product_ids.size(), 1u);  // the one product that is in the catalog
  UpdateFilter by_kb;
  by_kb.kb_article_id = "5000001";
  EXPECT_EQ(store->ListUpdates(by_kb)->size(), 1u);
  UpdateFilter by_title;
  by_title.title_contains = "widgets";
  EXPECT_EQ(store->ListUpdates(by_title)->size(), 1u);
  by_title.title_contains = "50%";
  EXPECT_EQ(store->ListUpdates(by_title)->size(), 0u);
  UpdateFilter by_type;
  by_type.type = catalog::UpdateType::kCategory;
  EXPECT_EQ(store->ListUpdates(by_type)->size(), 1u);

  EXPECT_EQ(*store->FindSupersedingUpdates(*Guid::Parse("99999999-0000-0000-0000-000000000001")),
            std::vector<Guid>{bundle});
  EXPECT_EQ(*store->FindBundlingUpdates(*Guid::Parse("bbbbbbbb-0000-0000-0000-000000000002")),
            std::vector<Guid>{bundle});
  auto products = store->ListCategories(catalog::CategoryType::kProduct);
  ASSERT_EQ(products->size(), 1u);
  EXPECT_EQ((*products)[0].parent_ids.size(), 1u);
}

TEST_F(SqliteStoreTest, ReimportChangesNothingAndRevisionIdsStay) {
  int32_t first_id;
  {
    auto store = Open();
    Import(store.get(), catalog::testdocs::kBundle);
    first_id = store->FindLatestRevision(*Guid::Parse("11111111-2222-3333-4444-555555555555"))->revision_id;
  }
  auto store = Open();  // reopen: migrations must not run twice
  EXPECT_EQ(Import(store.get(), catalog::testdocs::kBundle), Outcome::kUnchanged);
  std::string reserialized = std::string(catalog::testdocs::kBundle) + "\n";
  EXPECT_EQ(Import(store.get(), reserialized), Outcome::kKeptStored);
  auto rev = store->FindLatestRevision(*Guid::Parse("11111111-2222-3333-4444-555555555555"));
  EXPECT_EQ(rev->revision_id, first_id);
  EXPECT_EQ(rev->xml, catalog::testdocs::kBundle);
  EXPECT_EQ(store->Counts()->revisions, 1);
}

TEST_F(SqliteStoreTest, LatestRevisionIsTheHighestWhateverTheOrder) {
  auto store = Open();
  Import(store.get(), WithRevision(catalog::testdocs::kBundle, 300));
  Import(store.get(), WithRevision(catalog::testdocs::kBundle, 200));
  Guid id = *Guid::Parse("11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(store->FindLatestRevision(id)->revision_number, 300);
  auto older = store->FindRevisionId({id, 200});
  auto newer = store->FindRevisionId({id, 300});
  ASSERT_TRUE(older.ok());
  ASSERT_TRUE(newer.ok());
  EXPECT_NE(*older, *newer);
  EXPECT_EQ(store->FindRevision(*older)->revision_number, 200);
  EXPECT_EQ(store->Counts()->updates, 1);
  EXPECT_EQ(store->FindRevisionId({id, 1}).status().code(), StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, UncommittedImportRollsBack) {
  auto store = Open();
  {
    auto update = catalog::ParseUpdate(catalog::testdocs::kBundle);
    auto txn = store->BeginImport();
    ASSERT_TRUE((*txn)->Add(*update, catalog::testdocs::kBundle).ok());
  }  // destroyed without Commit
  EXPECT_EQ(store->Counts()->revisions, 0);
  EXPECT_EQ(Import(store.get(), catalog::testdocs::kBundle), Outcome::kAdded);
}

TEST_F(SqliteStoreTest, RevisionIdsAreNeverReused) {
  auto store = Open();
  {
    auto update = catalog::ParseUpdate(catalog::testdocs::kProduct);
    auto txn = store->BeginImport();
    ASSERT_TRUE((*txn)->Add(*update, catalog::testdocs::kProduct).ok());
  }  // rolled back: AUTOINCREMENT's counter rolls back too, nothing was ever handed out
  Import(store.get(), catalog::testdocs::kProduct);
  int32_t id = store->ListUpdates({})->front().revision_id;
  Import(store.get(), catalog::testdocs::kBundle);
  int32_t next = store->FindLatestRevision(*Guid::Parse("11111111-2222-3333-4444-555555555555"))->revision_id;
  EXPECT_GT(next, id);
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromTheFuture) {
  { Open(); }
  {
    auto db = SqliteDb::Open(dir_.path() + "/db.sqlite");
    ASSERT_TRUE((*db)->Exec("PRAGMA user_version = 999").ok());
  }
  auto store = SqliteStore::Open(dir_.path() + "/db.sqlite");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("newer"), std::string::npos);
}

TEST_F(SqliteStoreTest, RefusesAFileThatIsNotADatabase) {
  testing::WriteFileOrDie(dir_.path() + "/junk", std::string(8192, 'j'));
  EXPECT_FALSE(SqliteStore::Open(dir_.path() + "/junk").ok());
}

}  // namespace
}  // namespace openwsus::store
