// The change number and what server-to-server sync reads of the store.
#include <gtest/gtest.h>

#include "catalog/test_documents.h"
#include "catalog/update_parser.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/test_support.h"

namespace openwsus::store {
namespace {

const Guid kBundle = *Guid::Parse("11111111-2222-3333-4444-555555555555");
const Guid kAllComputers = *Guid::Parse(policy::kAllComputersIdText);

class SqliteStoreSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open(dir_.path() + "/db.sqlite");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  void Import(std::initializer_list<std::string_view> documents) {
    auto txn = store_->BeginImport();
    ASSERT_TRUE(txn.ok());
    for (std::string_view xml : documents) {
      auto update = catalog::ParseUpdate(xml);
      ASSERT_TRUE(update.ok()) << update.status().ToString();
      ASSERT_TRUE((*txn)->Add(*update, xml).ok());
    }
    ASSERT_TRUE((*txn)->Commit().ok());
  }

  int64_t Change() { return store_->CurrentChangeNumber().value(); }

  policy::Approval Install(const Guid& update) {
    return policy::Approval{.update_id = update,
                            .group_id = kAllComputers,
                            .action = policy::ApprovalAction::kInstall,
                            .created = DateTime::Now(),
                            .admin = "test"};
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreSyncTest, OneImportIsOneChange) {
  EXPECT_EQ(Change(), 0);
  Import({catalog::testdocs::kProduct, catalog::testdocs::kBundle, catalog::testdocs::kDriver});
  EXPECT_EQ(Change(), 1);
  Import({catalog::testdocs::kBundle});  // already stored: no change
  EXPECT_EQ(Change(), 1);
  auto index = store_->ReadRevisionIndex();
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_EQ(index->change_number, 1);
  ASSERT_EQ(index->entries.size(), 3u);
  for (const RevisionEntry& e : index->entries) EXPECT_EQ(e.change_number, 1);
  const RevisionEntry& bundle = index->entries[1];
  EXPECT_EQ(bundle.identity.update_id, kBundle);
  EXPECT_EQ(bundle.type, catalog::UpdateType::kSoftware);
  EXPECT_EQ(bundle.category_ids.size(), 3u);  // a classification and two products
  EXPECT_EQ(bundle.bundled_ids.size(), 3u);
  EXPECT_EQ(index->entries[0].type, catalog::UpdateType::kCategory);
}

TEST_F(SqliteStoreSyncTest, EveryAdministrativeChangeMovesTheNumber) {
  Import({catalog::testdocs::kBundle});
  int64_t before = Change();
  ASSERT_TRUE(store_->SetApproval(Install(kBundle)).ok());
  EXPECT_EQ(Change(), before + 1);
  ASSERT_TRUE(store_->SetDeclined(kBundle, true).ok());
  EXPECT_EQ(Change(), before + 2);
  ASSERT_TRUE(store_->SetDeclined(kBundle, true).ok());  // already declined: nothing written
  EXPECT_EQ(Change(), before + 2);
  ASSERT_TRUE(store_->SetDeclined(kBundle, false).ok());
  EXPECT_EQ(Change(), before + 3);
  policy::TargetGroup group{.id = Guid::Random(), .name = "Servers", .parent_id = kAllComputers};
  ASSERT_TRUE(store_->AddGroup(group).ok());
  EXPECT_EQ(Change(), before + 4);
  ASSERT_TRUE(store_->AcceptEula(kBundle).ok());
  EXPECT_EQ(Change(), before + 5);
  ASSERT_TRUE(store_->RemoveGroup(group.id).ok());
  EXPECT_GT(Change(), before + 5);
}

TEST_F(SqliteStoreSyncTest, DeploymentChangesBetweenTwoNumbers) {
  Import({catalog::testdocs::kBundle});
  ASSERT_TRUE(store_->SetApproval(Install(kBundle)).ok());
  int64_t first = Change();
  int32_t first_id = store_->ListApprovals()->at(0).deployment_id;

  // Rewriting the approval gives it a new deployment id; the old one is dead.
  ASSERT_TRUE(store_->SetApproval(Install(kBundle)).ok());
  int64_t second = Change();
  auto changes = store_->ListDeploymentChanges(first, second);
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  ASSERT_EQ(changes->changed.size(), 1u);
  EXPECT_NE(changes->changed[0].approval.deployment_id, first_id);
  EXPECT_EQ(changes->changed[0].revision_number, 201);
  ASSERT_EQ(changes->dead.size(), 1u);
  EXPECT_EQ(changes->dead[0].deployment_id, first_id);

  EXPECT_TRUE(store_->ListDeploymentChanges(second, second)->changed.empty());
  EXPECT_EQ(store_->ListDeploymentChanges(0, first)->changed.size(), 0u);  // rewritten since: no longer there
  ASSERT_TRUE(store_->RemoveApprovalsForUpdate(kBundle).ok());
  auto removed = store_->ListDeploymentChanges(second, Change());
  EXPECT_TRUE(removed->changed.empty());
  ASSERT_EQ(removed->dead.size(), 1u);
  EXPECT_EQ(removed->dead[0].deployment_id, changes->changed[0].approval.deployment_id);
}

TEST_F(SqliteStoreSyncTest, DownstreamServersKeepTheirHistory) {
  DownstreamServer dss{
      .server_id = Guid::Random(), .name = "branch.example.org", .address = "192.0.2.7", .protocol_version = "1.20"};
  dss.first_seen = dss.last_seen = *DateTime::Parse("2026-12-01T10:00:00Z");
  dss.last_sync = *DateTime::Parse("2026-12-01T10:05:00Z");
  ASSERT_TRUE(store_->UpsertDownstreamServer(dss).ok());
  DownstreamServer again = dss;
  again.first_seen = again.last_seen = *DateTime::Parse("2026-12-02T10:00:00Z");
  again.last_sync.reset();
  again.mode = DownstreamMode::kReplica;
  ASSERT_TRUE(store_->UpsertDownstreamServer(again).ok());
  auto listed = store_->ListDownstreamServers();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].first_seen, dss.first_seen);
  EXPECT_EQ((*listed)[0].last_seen, again.last_seen);
  EXPECT_EQ((*listed)[0].last_sync, dss.last_sync);
  EXPECT_EQ((*listed)[0].mode, DownstreamMode::kReplica);
}

TEST_F(SqliteStoreSyncTest, FileOriginsByDigest) {
  std::string sha1(20, '\x01');
  EXPECT_FALSE(store_->FindFileOrigin(sha1)->has_value());
  {
    auto txn = store_->BeginImport();
    ASSERT_TRUE((*txn)->AddFileOrigin(sha1, "http://download.windowsupdate.com/c/a.exe").ok());
  }  // rolled back
  EXPECT_FALSE(store_->FindFileOrigin(sha1)->has_value());
  auto txn = store_->BeginImport();
  ASSERT_TRUE((*txn)->AddFileOrigin(sha1, "http://download.windowsupdate.com/c/a.exe").ok());
  ASSERT_TRUE((*txn)->AddFileOrigin(sha1, "http://download.windowsupdate.com/d/a.exe").ok());
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ(store_->FindFileOrigin(sha1)->value(), "http://download.windowsupdate.com/d/a.exe");
}

}  // namespace
}  // namespace openwsus::store
