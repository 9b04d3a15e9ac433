#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <map>

#include "catalog/test_documents.h"
#include "catalog/update_parser.h"
#include "policy/group_tree.h"
#include "store/sqlite/sqlite_schema.h"
#include "testing/test_support.h"

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
  EXPECT_EQ(Import(store.get(), WithRevision(catalog::testdocs::kBundle, 300)), Outcome::kAdded);
  EXPECT_EQ(Import(store.get(), WithRevision(catalog::testdocs::kBundle, 200)), Outcome::kAddedRevision);
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

namespace openwsus::store {
namespace {

class SqliteAdminStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteStore::Open(dir_.path() + "/db.sqlite");
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
  }
  testing::ScopedTempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteAdminStoreTest, BuiltInGroupsExistWithWsusIds) {
  auto groups = store_->ListGroups();
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 2u);
  auto tree = policy::GroupTree::Build(*groups);
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  EXPECT_NE(tree->Find(policy::kAllComputersId), nullptr);
  EXPECT_NE(tree->Find(policy::kUnassignedComputersId), nullptr);
}

TEST_F(SqliteAdminStoreTest, FailedTransactionLeavesNothing) {
  policy::TargetGroup group{Guid::Random(), "Workstations", policy::kAllComputersId};
  Status s = store_->Transaction([&]() -> Status {
    OW_RETURN_IF_ERROR(store_->AddGroup(group));
    OW_RETURN_IF_ERROR(store_->AppendAudit({0, DateTime::Now(), "t", "group.add", "", "{}"}));
    return Status::FailedPrecondition("changed my mind");
  });
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->ListGroups()->size(), 2u);
  EXPECT_TRUE(store_->ListAudit(10)->empty());
  EXPECT_TRUE(store_->Transaction([&] { return store_->AddGroup(group); }).ok());
  EXPECT_EQ(store_->ListGroups()->size(), 3u);
}

TEST_F(SqliteAdminStoreTest, ApprovalsComputersStatusRulesTokens) {
  Guid update = Guid::Random();
  Guid computer = Guid::Random();
  policy::Approval approval{update,
                            policy::kAllComputersId,
                            policy::ApprovalAction::kInstall,
                            *DateTime::Parse("2030-01-01T00:00:00Z"),
                            DateTime::Now(),
                            "admin"};
  ASSERT_TRUE(store_->SetApproval(approval).ok());
  approval.action = policy::ApprovalAction::kUninstall;  // replaces, one row per (update, group)
  ASSERT_TRUE(store_->SetApproval(approval).ok());
  auto approvals = store_->ListApprovalsForUpdate(update);
  ASSERT_EQ(approvals->size(), 1u);
  EXPECT_EQ((*approvals)[0].action, policy::ApprovalAction::kUninstall);
  EXPECT_EQ((*approvals)[0].deadline->ToString(), "2030-01-01T00:00:00Z");

  ComputerRecord c;
  c.id = computer;
  c.name = "pc.contoso.test";
  c.requested_groups = {"Lab", "Servers"};
  c.last_sync = *DateTime::Parse("2026-11-01T10:00:00Z");
  ASSERT_TRUE(store_->UpsertComputer(c).ok());
  ASSERT_TRUE(store_->AddComputerToGroup(computer, policy::kUnassignedComputersId).ok());
  auto computers = store_->ListComputers();
  ASSERT_EQ(computers->size(), 1u);
  EXPECT_EQ((*computers)[0].requested_groups, c.requested_groups);
  EXPECT_EQ((*computers)[0].group_ids.size(), 1u);
  EXPECT_EQ((*computers)[0].last_sync->ToString(), "2026-11-01T10:00:00Z");

  ASSERT_TRUE(
      store_->SaveStatus({{computer, update, 4, DateTime::Now()}, {computer, update, 5, DateTime::Now()}}).ok());
  int rows = 0;
  ASSERT_TRUE(store_
                  ->ForEachStatus([&](const StatusRecord& r) {
                    ++rows;
                    EXPECT_EQ(r.state, 5);
                  })
                  .ok());
  EXPECT_EQ(rows, 1);
  ASSERT_TRUE(store_->RemoveComputer(computer).ok());
  EXPECT_TRUE(store_->ListComputers()->empty());

  policy::AutoApprovalRule rule{
      Guid::Random(), "r", true, {update}, {}, {policy::kAllComputersId}, policy::RuleDeadline{3, 90}};
  ASSERT_TRUE(store_->SaveRule(rule).ok());
  EXPECT_EQ(store_->ListRules()->front(), rule);

  ApiToken token;
  token.name = "ci";
  token.role = TokenRole::kAdministrator;
  token.hash = "abc";
  token.prefix = "ows_abcd";
  auto id = store_->AddToken(token);
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE((*store_->FindTokenByHash("abc"))->role == TokenRole::kAdministrator);
  EXPECT_FALSE(store_->AddToken(token).ok()) << "hashes are unique";
  ASSERT_TRUE(store_->RevokeToken(*id).ok());
  EXPECT_TRUE((*store_->FindTokenByHash("abc"))->revoked);
  EXPECT_EQ(store_->RevokeToken(999).code(), StatusCode::kNotFound);

  ASSERT_TRUE(store_->SetSetting("k", "v1").ok());
  ASSERT_TRUE(store_->SetSetting("k", "v2").ok());
  EXPECT_EQ(**store_->GetSetting("k"), "v2");
  EXPECT_FALSE(store_->GetSetting("none")->has_value());
}

TEST_F(SqliteAdminStoreTest, EveryWriteOfAnApprovalGetsAFreshDeploymentIdAboveRevisionIds) {
  Guid update = Guid::Random();
  policy::Approval approval{update,       policy::kAllComputersId, policy::ApprovalAction::kInstall,
                            std::nullopt, DateTime::Now(),         "admin"};
  ASSERT_TRUE(store_->SetApproval(approval).ok());
  int32_t first = store_->ListApprovalsForUpdate(update)->front().deployment_id;
  EXPECT_GE(first, policy::kFirstDeploymentId);
  ASSERT_TRUE(store_->SetApproval(approval).ok());
  int32_t second = store_->ListApprovalsForUpdate(update)->front().deployment_id;
  EXPECT_GT(second, first);
  EXPECT_EQ(store_->ListApprovals()->size(), 1u);
}

TEST_F(SqliteAdminStoreTest, ComputerDetailsPointLookupAndGroupChanges) {
  ComputerRecord c;
  c.id = Guid::Random();
  c.name = "pc.contoso.test";
  c.info = {{"OSMajorVersion", "10"}, {"ProcessorArchitecture", "AMD64"}, {"BiosName", "bad \xff byte"}};
  ASSERT_TRUE(store_->UpsertComputer(c).ok());
  auto found = store_->FindComputer(c.id);
  ASSERT_TRUE(found.ok() && found->has_value());
  ASSERT_EQ((*found)->info.size(), 3u);
  EXPECT_EQ((*found)->info[0], (std::pair<std::string, std::string>{"OSMajorVersion", "10"}));
  EXPECT_EQ((*found)->info[1].second, "AMD64");
  EXPECT_FALSE((*found)->groups_changed.has_value());
  EXPECT_FALSE(store_->FindComputer(Guid::Random())->has_value());

  policy::TargetGroup lab{Guid::Random(), "Lab", policy::kAllComputersId};
  ASSERT_TRUE(store_->AddGroup(lab).ok());
  ASSERT_TRUE(store_->AddComputerToGroup(c.id, lab.id).ok());
  found = store_->FindComputer(c.id);
  EXPECT_EQ((*found)->group_ids, std::vector<Guid>{lab.id});
  ASSERT_TRUE((*found)->groups_changed.has_value());

  // Upserting again (a re-registration) keeps memberships and the change time.
  c.info = {{"OSMajorVersion", "11"}};
  ASSERT_TRUE(store_->UpsertComputer(c).ok());
  found = store_->FindComputer(c.id);
  EXPECT_EQ((*found)->info.size(), 1u);
  EXPECT_EQ((*found)->group_ids.size(), 1u);
  EXPECT_TRUE((*found)->groups_changed.has_value());
}

TEST_F(SqliteAdminStoreTest, EventsAreStoredOncePerInstanceAndPruned) {
  ClientEvent e;
  e.computer_id = Guid::Random();
  e.event_instance_id = Guid::Random();
  e.namespace_id = 1;
  e.event_id = 183;
  e.source_id = 101;
  e.time_at_target = *DateTime::Parse("2026-11-01T10:00:00Z");
  e.received = *DateTime::Parse("2026-11-01T10:00:05Z");
  e.update_id = Guid::Random();
  e.revision_number = 200;
  e.win32_hresult = -2145124322;
  e.app_name = "AutomaticUpdates";
  e.replacement_strings = {"Security Intelligence Update"};
  e.misc_data = {"A=1", "B=2"};
  ClientEvent other = e;
  other.event_instance_id = Guid::Random();
  other.received = *DateTime::Parse("2026-12-01T10:00:05Z");
  EXPECT_EQ(*store_->AddEvents({e, other}), 2u);
  EXPECT_EQ(*store_->AddEvents({e}), 0u) << "a redelivered event is ignored";
  auto events = store_->ListEvents(e.computer_id, 0);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].event_instance_id, other.event_instance_id) << "newest first";
  const ClientEvent& read = (*events)[1];
  EXPECT_EQ(read.win32_hresult, e.win32_hresult);
  EXPECT_EQ(read.misc_data, e.misc_data);
  EXPECT_EQ(read.replacement_strings, e.replacement_strings);
  EXPECT_EQ(read.update_id, e.update_id);
  EXPECT_EQ(read.time_at_target, e.time_at_target);
  EXPECT_EQ(*store_->PruneEvents(*DateTime::Parse("2026-11-15T00:00:00Z")), 1u);
  EXPECT_EQ(store_->ListEvents(e.computer_id, 0)->size(), 1u);
}

// A database written by the previous schema (2) keeps its approvals, which
// get deployment ids, and gains the new columns and tables.
TEST(SqliteMigrationTest, Version2DatabaseIsMigrated) {
  testing::ScopedTempDir dir;
  std::string path = dir.path() + "/db.sqlite";
  {
    auto db = SqliteDb::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec(std::string(SchemaMigrations()[0])).ok());
    ASSERT_TRUE((*db)->Exec(std::string(SchemaMigrations()[1])).ok());
    ASSERT_TRUE((*db)->Exec("PRAGMA user_version = 2").ok());
    ASSERT_TRUE((*db)
                    ->Exec("INSERT INTO approvals VALUES ('0f7a3c2e-1111-2222-3333-444444444444', "
                           "'a0a08746-4dbe-4a37-9adf-9e7652c0b421', 1, NULL, '2026-11-01T00:00:00Z', 'admin')")
                    .ok());
    ASSERT_TRUE((*db)
                    ->Exec("INSERT INTO computers (computer_id, name, ip_address, os_description, created, "
                           "requested_groups) VALUES ('0f7a3c2e-9999-2222-3333-444444444444', 'pc', '', '', "
                           "'2026-11-01T00:00:00Z', '')")
                    .ok());
  }
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto approvals = (*store)->ListApprovals();
  ASSERT_EQ(approvals->size(), 1u);
  EXPECT_EQ(approvals->front().action, policy::ApprovalAction::kInstall);
  EXPECT_GE(approvals->front().deployment_id, policy::kFirstDeploymentId);
  auto computers = (*store)->ListComputers();
  ASSERT_EQ(computers->size(), 1u);
  EXPECT_TRUE(computers->front().info.empty());
  EXPECT_EQ(*(*store)->AddEvents({}), 0u);
}

TEST_F(SqliteStoreTest, VisitsTheLatestRevisionOfEachUpdate) {
  auto store = Open();
  Import(store.get(), catalog::testdocs::kProduct);
  Import(store.get(), catalog::testdocs::kBundle);
  Import(store.get(), WithRevision(catalog::testdocs::kBundle, 202));
  std::vector<std::pair<std::string, int32_t>> seen;
  ASSERT_TRUE(store
                  ->ForEachLatestRevision([&](const StoredRevision& r) {
                    seen.emplace_back(r.update_id.ToString(), r.revision_number);
                    EXPECT_FALSE(r.xml.empty());
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1], (std::pair<std::string, int32_t>{"11111111-2222-3333-4444-555555555555", 202}));
  Status stop = store->ForEachLatestRevision([](const StoredRevision&) { return Status::Internal("stop"); });
  EXPECT_EQ(stop.code(), StatusCode::kInternal);
}

TEST_F(SqliteAdminStoreTest, StatusListsReplaceAndDownloadsKeepInstalls) {
  Guid computer = Guid::Random();
  Guid a = Guid::Random(), b = Guid::Random(), c = Guid::Random();
  DateTime t = DateTime::Now();
  ASSERT_TRUE(store_->SaveStatus({{computer, a, 4, t}, {computer, b, 2, t}}).ok());
  // A download after the install changes nothing; on a needed update it counts.
  ASSERT_TRUE(store_->SaveStatusUnlessInstalled({{computer, a, 3, t}, {computer, b, 3, t}, {computer, c, 3, t}}).ok());
  std::map<Guid, int> states;
  auto read = [&] {
    states.clear();
    ASSERT_TRUE(store_->ForEachStatus([&](const StatusRecord& r) { states[r.update_id] = r.state; }).ok());
  };
  read();
  EXPECT_EQ(states, (std::map<Guid, int>{{a, 4}, {b, 3}, {c, 3}}));
  // A complete list (event 156): what it leaves out has no row any more.
  Guid other = Guid::Random();
  ASSERT_TRUE(store_->SaveStatus({{other, a, 2, t}}).ok());
  ASSERT_TRUE(store_->ReplaceStatus(computer, {{computer, b, 4, t}}).ok());
  read();
  EXPECT_EQ(states, (std::map<Guid, int>{{a, 2}, {b, 4}})) << "the other computer's row stays";
}

TEST_F(SqliteAdminStoreTest, ComputerActivityAndCounters) {
  ComputerRecord c;
  c.id = Guid::Random();
  c.name = "pc";
  ASSERT_TRUE(store_->UpsertComputer(c).ok());
  DateTime sync = *DateTime::Parse("2026-11-01T10:00:00Z");
  DateTime report = *DateTime::Parse("2026-11-01T10:05:00Z");
  ASSERT_TRUE(store_->SetComputerActivity(c.id, sync, std::nullopt).ok());
  ASSERT_TRUE(store_->SetComputerActivity(c.id, std::nullopt, report).ok());
  auto found = *store_->FindComputer(c.id);
  EXPECT_EQ(found->last_sync, sync);
  EXPECT_EQ(found->last_report, report);
  EXPECT_TRUE(store_->SetComputerActivity(Guid::Random(), sync, report).ok()) << "unknown computers are no error";

  EXPECT_EQ(*store_->GetCounter("policy"), 0);
  ASSERT_TRUE(store_->BumpCounter("policy").ok());
  ASSERT_TRUE(store_->BumpCounter("policy").ok());
  EXPECT_EQ(*store_->GetCounter("policy"), 2);
  // Bumped inside a transaction that fails, it stays where it was.
  EXPECT_FALSE(store_
                   ->Transaction([&] {
                     EXPECT_TRUE(store_->BumpCounter("policy").ok());
                     return Status::Internal("no");
                   })
                   .ok());
  EXPECT_EQ(*store_->GetCounter("policy"), 2);
}

TEST_F(SqliteStoreTest, AnImportThatAddsRevisionsBumpsTheCatalogCounter) {
  auto store = Open();
  EXPECT_EQ(*store->GetCounter("catalog"), 0);
  Import(store.get(), catalog::testdocs::kProduct);
  EXPECT_EQ(*store->GetCounter("catalog"), 1);
  Import(store.get(), catalog::testdocs::kProduct);  // unchanged: nothing added
  EXPECT_EQ(*store->GetCounter("catalog"), 1);
}

}  // namespace
}  // namespace openwsus::store
