#include "agent/datastore.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

namespace openwsus::agent {
namespace {

constexpr char kCategory[] =
    "<UpdateIdentity UpdateID=\"c1000000-0000-4000-8000-000000000001\" RevisionNumber=\"100\" />"
    "<Properties UpdateType=\"Category\" />";
constexpr char kDriver[] =
    "<UpdateIdentity UpdateID=\"a1000000-0000-4000-8000-000000000009\" RevisionNumber=\"200\" />"
    "<Properties UpdateType=\"Driver\" /><ApplicabilityRules><Metadata><d.WindowsDriverMetaData "
    "HardwareID=\"PCI\\VEN_1\" DriverVerDate=\"2026-03-04\" DriverVerVersion=\"2.1.0.7\" /></Metadata>"
    "</ApplicabilityRules>";

class DatastoreTest : public ::testing::Test {
 protected:
  WuspClient MakeClient(RevisionTable* revisions) {
    return WuspClient(io_.get_executor(), *http::ParseServerUrl("http://127.0.0.1:1"), AgentIdentity{}, revisions);
  }

  boost::asio::io_context io_;
};

TEST_F(DatastoreTest, SavedSessionAndCacheComeBack) {
  RevisionTable revisions(/*keep_cores=*/true);
  ASSERT_TRUE(revisions.Intern(10, kCategory).ok());
  ASSERT_TRUE(revisions.Intern(11, kDriver).ok());
  WuspClient client = MakeClient(&revisions);
  UpdateCache cache;
  CachedRevision category{.revision_id = 10,
                          .deployment_id = 5,
                          .action = DeploymentAction::kEvaluate,
                          .is_leaf = false,
                          .installed_non_leaf = true};
  CachedRevision driver{.revision_id = 11, .deployment_id = 1 << 30, .action = DeploymentAction::kInstall};
  driver.SetDeadline(*DateTime::Parse("2030-01-01T03:00:00Z"));
  cache.Put(category);
  cache.Put(driver);
  client.Restore({"sealed-cookie", "2026-12-01T13:00:00Z", "2026-11-30T08:00:00Z", 25}, cache);
  std::string saved = Datastore::Save(client, "http://127.0.0.1:1");

  RevisionTable other_table(true);
  WuspClient other = MakeClient(&other_table);
  ASSERT_TRUE(Datastore::Load(saved, "http://127.0.0.1:1", &other_table, &other).ok()) << saved;
  EXPECT_EQ(other.cookie(), "sealed-cookie");
  EXPECT_EQ(other.session().cookie_expiration, "2026-12-01T13:00:00Z");
  EXPECT_EQ(other.session().config_last_change, "2026-11-30T08:00:00Z");
  EXPECT_EQ(other.max_extended_per_request(), 25);
  ASSERT_EQ(other.cache().size(), 2u);
  const CachedRevision* c = other.cache().Find(10);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->is_leaf);
  EXPECT_TRUE(c->installed_non_leaf);
  EXPECT_EQ(c->deployment_id, 5);
  const CachedRevision* d = other.cache().Find(11);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->action, DeploymentAction::kInstall);
  EXPECT_TRUE(d->driver) << "from the Core fragment";
  EXPECT_EQ(d->Deadline()->ToString(), "2030-01-01T03:00:00Z");
  ASSERT_NE(other_table.Find(11), nullptr);
  EXPECT_EQ(other_table.Find(11)->drivers.size(), 1u);
  EXPECT_EQ(Datastore::Save(other, "http://127.0.0.1:1"), saved) << "saved again, the same";
}

// Not a datastore, one with a field of the wrong type, another server's or
// another computer's.
TEST_F(DatastoreTest, WhatIsNotADatastoreChangesNothing) {
  const std::string head = R"({"server": "http://127.0.0.1:1", "client_id": "00000000-0000-0000-0000-000000000000", )";
  const std::string bads[] = {
      "",
      "[]",
      head + R"("revisions": {}})",
      head + R"("revisions": [{"id": "x", "core": ""}]})",
      head + R"("cookie": 3, "revisions": []})",
      head + R"("max_extended_per_request": "x", "revisions": []})",
      head +
          R"("revisions": [{"id": 1, "leaf": "yes", "core": "<UpdateIdentity UpdateID=\"c1000000-0000-4000-8000-000000000001\" />"}]})",
      head + R"("revisions": [{"id": 1, "core": "<UpdateIdentity UpdateID=\"nope\" />"}]})",
      head + R"("revisions": [{"id": 1, "core": "<Properties/>", "deadline": "soon"}]})",
      R"({"server": "http://10.0.0.9:8530", "client_id": "00000000-0000-0000-0000-000000000000", "revisions": []})",
      R"({"server": "http://127.0.0.1:1", "client_id": "0f1ee700-0000-4000-8000-000000000001", "revisions": []})"};
  for (const std::string& bad : bads) {
    RevisionTable table(true);
    WuspClient client = MakeClient(&table);
    Status loaded = Datastore::Load(bad, "http://127.0.0.1:1", &table, &client);
    EXPECT_EQ(loaded.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(loaded.message().find("datastore"), std::string::npos) << loaded.message();
    EXPECT_TRUE(client.cookie().empty()) << bad;
    EXPECT_EQ(client.cache().size(), 0u) << bad;
  }
}

}  // namespace
}  // namespace openwsus::agent
