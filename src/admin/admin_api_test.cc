// The admin API against a real SQLite store, request by request: every
// endpoint with good and bad input, authentication and roles, and the rule that
// a refused request changes nothing (the audit log is the witness).
#include "admin/admin_api.h"
#include "store/open_store.h"

#include <gtest/gtest.h>

#include "catalog/test_documents.h"
#include "catalog/update_parser.h"
#include "store/server_settings.h"
#include "store/settings_keys.h"
#include "testing/test_support.h"

namespace openwsus::admin {
namespace {

using nlohmann::json;

constexpr char kBundleId[] = "11111111-2222-3333-4444-555555555555";
constexpr char kSecurityUpdates[] = "0fa1201d-4330-4fa8-8ae9-b877473b6441";

// A classification document so that "Security Updates" resolves by name.

// The bundle without uninstall behaviour, under another id.
std::string NotRemovableDoc() {
  std::string doc = catalog::testdocs::kBundle;
  doc.replace(doc.find(kBundleId), 36, "22222222-2222-3333-4444-555555555555");
  doc.erase(doc.find("<u:UninstallationBehavior"),
            std::string("<u:UninstallationBehavior RebootBehavior=\"NeverReboots\" />").size());
  return doc;
}

class AdminApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::OpenStore(store::SqliteUrl(dir_.path() + "/db.sqlite"));
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    auto txn = store_->BeginImport();
    for (const std::string& doc : {std::string(catalog::testdocs::kBundle), std::string(catalog::testdocs::kProduct),
                                   std::string(catalog::testdocs::kSecurityUpdatesClassification), NotRemovableDoc()}) {
      auto update = catalog::ParseUpdate(doc);
      ASSERT_TRUE(update.ok()) << update.status().ToString();
      ASSERT_TRUE((*txn)->Add(*update, doc).ok());
    }
    ASSERT_TRUE((*txn)->Commit().ok());
    admin_token_ = MakeToken("admin", store::TokenRole::kAdministrator);
    reporter_token_ = MakeToken("viewer", store::TokenRole::kReporter);
    api_ = std::make_unique<AdminApi>(store_.get(), &status_);
  }

  std::string MakeToken(const std::string& name, store::TokenRole role) {
    std::string secret = NewTokenSecret().value();
    store::ApiToken token;
    token.name = name;
    token.role = role;
    token.hash = HashTokenSecret(secret);
    token.prefix = secret.substr(0, 8);
    token.created = DateTime::Now();
    EXPECT_TRUE(store_->AddToken(token).ok());
    return secret;
  }

  struct Reply {
    int status;
    json body;
  };

  Reply Call(const std::string& method, const std::string& target, const std::string& body = "",
             const std::string& token = "admin") {
    http::HttpRequest request;
    request.method = method;
    request.target = target;
    size_t q = target.find('?');
    request.path = target.substr(0, q);
    request.query = q == std::string::npos ? "" : target.substr(q + 1);
    request.body = body;
    if (token == "admin")
      request.headers.Set("Authorization", "Bearer " + admin_token_);
    else if (token == "reporter")
      request.headers.Set("Authorization", "Bearer " + reporter_token_);
    else if (!token.empty())
      request.headers.Set("Authorization", token);
    http::HttpResponse response = api_->Handle(request);
    return {response.status, json::parse(response.body, nullptr, false)};
  }

  size_t AuditCount() { return store_->ListAudit(10000)->size(); }

  testing::ScopedTempDir dir_;
  std::unique_ptr<store::Store> store_;
  policy::StatusMatrix status_;
  std::unique_ptr<AdminApi> api_;
  std::string admin_token_;
  std::string reporter_token_;
};

TEST_F(AdminApiTest, NoTokenIs401AndBadTokensToo) {
  for (const std::string& auth : {std::string(), std::string("Bearer nope"), std::string("Basic abc")}) {
    Reply r = Call("GET", "/api/v1/updates", "", auth.empty() ? "none" : auth);
    EXPECT_EQ(r.status, 401) << auth;
    EXPECT_EQ(r.body["error"]["code"], "unauthenticated");
  }
}

TEST_F(AdminApiTest, RevokedTokenIs401) {
  auto tokens = store_->ListTokens();
  ASSERT_TRUE(store_->RevokeToken(tokens->front().id).ok());
  EXPECT_EQ(Call("GET", "/api/v1/groups").status, 401);
}

TEST_F(AdminApiTest, ReporterMayReadButNeverChange) {
  EXPECT_EQ(Call("GET", "/api/v1/updates", "", "reporter").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/audit", "", "reporter").status, 200);
  const std::pair<std::string, std::string> changes[] = {
      {"POST", "/api/v1/groups"},
      {"POST", std::string("/api/v1/updates/") + kBundleId + "/approvals"},
      {"POST", std::string("/api/v1/updates/") + kBundleId + "/decline"},
      {"POST", std::string("/api/v1/updates/") + kBundleId + "/accept-eula"},
      {"DELETE", "/api/v1/groups/x"},
      {"POST", "/api/v1/rules"},
      {"PUT", "/api/v1/settings"},
      {"POST", "/api/v1/products/x/enable"},
      {"DELETE", "/api/v1/computers/x"},
  };
  for (const auto& [method, path] : changes) {
    Reply r = Call(method, path, "{}", "reporter");
    EXPECT_EQ(r.status, 403) << method << " " << path;
    EXPECT_EQ(r.body["error"]["code"], "permission_denied");
  }
  EXPECT_EQ(AuditCount(), 0u);
}

TEST_F(AdminApiTest, GroupsNestAndRefuseCycles) {
  Reply ws = Call("POST", "/api/v1/groups", R"({"name": "Workstations"})");
  ASSERT_EQ(ws.status, 201) << ws.body.dump();
  ASSERT_EQ(Call("POST", "/api/v1/groups", R"({"name": "Lab", "parent": "Workstations"})").status, 201);
  ASSERT_EQ(Call("POST", "/api/v1/groups", R"({"name": "Bench", "parent": "workstations/lab"})").status, 201);
  Reply list = Call("GET", "/api/v1/groups");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["groups"].size(), 5u);  // two built-ins + three
  size_t audit = AuditCount();

  Reply cycle = Call("POST", "/api/v1/groups/Workstations/move", R"({"parent": "Bench"})");
  EXPECT_EQ(cycle.status, 409) << cycle.body.dump();
  Reply dup = Call("POST", "/api/v1/groups", R"({"name": "workstations"})");
  EXPECT_EQ(dup.status, 409) << dup.body.dump();
  EXPECT_EQ(Call("POST", "/api/v1/groups", R"({"name": ""})").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/groups", R"({"name": "X", "parent": "Nowhere"})").status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/groups/All%20Computers").status, 409);
  EXPECT_EQ(Call("POST", "/api/v1/groups", "not json").status, 400);
  EXPECT_EQ(AuditCount(), audit) << "refused requests must change nothing";

  EXPECT_EQ(Call("DELETE", "/api/v1/groups/Workstations/Lab").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/groups").body["groups"].size(), 3u);  // Lab took Bench with it
}

TEST_F(AdminApiTest, ApprovalRulesAreEnforced) {
  ASSERT_EQ(Call("POST", "/api/v1/groups", R"({"name": "Workstations"})").status, 201);
  std::string approve = std::string("/api/v1/updates/") + kBundleId + "/approvals";
  size_t audit = AuditCount();
  struct Case {
    std::string path;
    std::string body;
    int status;
    std::string message;
  };
  const Case bad[] = {
      {"/api/v1/updates/99999999-9999-9999-9999-999999999999/approvals",
       R"({"action":"install","group":"Workstations"})", 404, "no update"},
      {"/api/v1/updates/not-a-guid/approvals", R"({"action":"install","group":"Workstations"})", 400, "update id"},
      {approve, R"({"action":"install","group":"Nope"})", 404, "Nope"},
      {approve, R"({"action":"explode","group":"Workstations"})", 400, "explode"},
      {approve, R"({"group":"Workstations"})", 400, "action"},
      {approve, R"({"action":"not-approved","group":"Workstations","deadline":"2030-01-01T00:00:00Z"})", 400,
       "deadline"},
      {approve, R"({"action":"install","group":"Workstations","deadline":"soon"})", 400, "dateTime"},
      {"/api/v1/updates/22222222-2222-3333-4444-555555555555/approvals",
       R"({"action":"uninstall","group":"Workstations"})", 409, "uninstall"},
      {std::string("/api/v1/updates/") + kSecurityUpdates + "/approvals",
       R"({"action":"install","group":"Workstations"})", 400, ""},
  };
  for (const Case& c : bad) {
    Reply r = Call("POST", c.path, c.body);
    EXPECT_EQ(r.status, c.status) << c.path << " " << c.body << " -> " << r.body.dump();
    std::string message = r.body["error"]["message"].is_string() ? r.body["error"]["message"].get<std::string>() : "";
    EXPECT_NE(message.find(c.message), std::string::npos) << c.body << " -> " << message;
  }
  EXPECT_EQ(AuditCount(), audit);
  EXPECT_TRUE(store_->ListApprovals()->empty());

  Reply ok = Call("POST", approve, R"({"action":"install","group":"Workstations","deadline":"2030-01-01T03:00:00Z"})");
  ASSERT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_EQ(ok.body["approvals"][0]["action"], "install");
  EXPECT_EQ(ok.body["approvals"][0]["deadline"], "2030-01-01T03:00:00Z");
  EXPECT_EQ(AuditCount(), audit + 1);
  EXPECT_EQ(store_->ListAudit(1)->front().action, "update.approve");
  EXPECT_EQ(store_->ListAudit(1)->front().actor, "admin");

  // Declining removes approvals; a declined update refuses new ones.
  ASSERT_EQ(Call("POST", std::string("/api/v1/updates/") + kBundleId + "/decline").status, 200);
  EXPECT_TRUE(store_->ListApprovals()->empty());
  Reply declined = Call("POST", approve, R"({"action":"install","group":"Workstations"})");
  EXPECT_EQ(declined.status, 409) << declined.body.dump();
}

TEST_F(AdminApiTest, UpdateListFilters) {
  ASSERT_EQ(Call("POST", "/api/v1/groups", R"({"name": "Workstations"})").status, 201);
  Reply all = Call("GET", "/api/v1/updates");
  ASSERT_EQ(all.status, 200) << all.body.dump();
  EXPECT_EQ(all.body["updates"].size(), 2u);  // software only by default
  Reply security = Call("GET", "/api/v1/updates?classification=security&approval=unapproved");
  ASSERT_EQ(security.status, 200) << security.body.dump();
  EXPECT_EQ(security.body["updates"].size(), 2u);
  EXPECT_EQ(security.body["updates"][0]["classifications"][0]["title"], "Security Updates");
  ASSERT_EQ(Call("POST", std::string("/api/v1/updates/") + kBundleId + "/approvals",
                 R"({"action":"install","group":"Workstations"})")
                .status,
            200);
  EXPECT_EQ(Call("GET", "/api/v1/updates?approval=unapproved").body["updates"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/updates?approval=approved").body["updates"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/updates?approval=sideways").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/updates?status=whatever").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/updates?classification=nothing-like-it").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/nothing").status, 404);
}

TEST_F(AdminApiTest, StatusFiltersAndReports) {
  Guid computer = Guid::Random();
  store::ComputerRecord record;
  record.id = computer;
  record.name = "pc1.contoso.test";
  record.created = DateTime::Now();
  ASSERT_TRUE(store_->UpsertComputer(record).ok());
  status_.Set(computer, *Guid::Parse(kBundleId), policy::InstallationState::kFailed);
  Reply failed = Call("GET", "/api/v1/updates?status=failed");
  ASSERT_EQ(failed.status, 200) << failed.body.dump();
  ASSERT_EQ(failed.body["updates"].size(), 1u);
  EXPECT_EQ(failed.body["updates"][0]["status"]["failed"], 1);
  Reply computers = Call("GET", "/api/v1/computers?status=failed");
  ASSERT_EQ(computers.body["computers"].size(), 1u);
  EXPECT_EQ(computers.body["computers"][0]["groups"][0]["name"], "Unassigned Computers");
  Reply report = Call("GET", "/api/v1/reports/computers");
  ASSERT_EQ(report.status, 200);
  EXPECT_EQ(report.body["computers"][0]["status"]["failed"], 1);
  EXPECT_EQ(Call("GET", "/api/v1/reports/nonsense").status, 404);
}

TEST_F(AdminApiTest, ClientStatusReachesTheReports) {
  Guid computer = Guid::Random();
  Guid bundle = *Guid::Parse(kBundleId);
  status_.AddUpdate(bundle);
  Guid other = *Guid::Parse("22222222-2222-3333-4444-555555555555");
  status_.AddUpdate(other);
  // A new computer counts with no status; a status list makes what it leaves out not applicable.
  api_->ApplyStatus({}, {computer});
  EXPECT_EQ(status_.Get(computer, bundle), policy::InstallationState::kUnknown);
  api_->ApplyStatus({{computer, true, false, {{bundle, policy::InstallationState::kInstalled}}}}, {});
  EXPECT_EQ(status_.Get(computer, bundle), policy::InstallationState::kInstalled);
  EXPECT_EQ(status_.Get(computer, other), policy::InstallationState::kNotApplicable);
  // A download after the install keeps it installed.
  api_->ApplyStatus({{computer, false, true, {{bundle, policy::InstallationState::kDownloaded}}}}, {});
  EXPECT_EQ(status_.Get(computer, bundle), policy::InstallationState::kInstalled);
  api_->ApplyStatus({{computer, false, false, {{bundle, policy::InstallationState::kFailed}}}}, {});
  EXPECT_EQ(status_.Get(computer, bundle), policy::InstallationState::kFailed);
  // Updates that arrive later count from then on.
  Guid later = Guid::Random();
  api_->AddUpdates({later, bundle});
  EXPECT_TRUE(status_.FindUpdate(later).has_value());
}

TEST_F(AdminApiTest, ComputersShowTheirRegistrationAndEvents) {
  Guid computer = Guid::Random();
  store::ComputerRecord record;
  record.id = computer;
  record.name = "pc3.contoso.test";
  record.created = DateTime::Now();
  record.info = {{"OSMajorVersion", "10"}, {"ProcessorArchitecture", "AMD64"}};
  ASSERT_TRUE(store_->UpsertComputer(record).ok());
  store::ClientEvent event;
  event.computer_id = computer;
  event.event_instance_id = Guid::Random();
  event.namespace_id = 1;
  event.event_id = 183;
  event.time_at_target = event.received = DateTime::Now();
  event.update_id = *Guid::Parse(kBundleId);
  event.misc_data = {"D=1"};
  ASSERT_EQ(*store_->AddEvents({event}), 1u);
  Reply shown = Call("GET", "/api/v1/computers/" + computer.ToString(), "", "reporter");
  ASSERT_EQ(shown.status, 200) << shown.body.dump();
  EXPECT_EQ(shown.body["info"]["ProcessorArchitecture"], "AMD64");
  EXPECT_EQ(shown.body["info"].begin().key(), "OSMajorVersion") << "in the order the client sent them";
  Reply events = Call("GET", "/api/v1/computers/" + computer.ToString() + "/events?limit=5", "", "reporter");
  ASSERT_EQ(events.status, 200) << events.body.dump();
  ASSERT_EQ(events.body["events"].size(), 1u);
  EXPECT_EQ(events.body["events"][0]["event_id"], 183);
  EXPECT_EQ(events.body["events"][0]["update_id"], kBundleId);
  EXPECT_EQ(Call("GET", "/api/v1/computers/" + computer.ToString() + "/events?limit=0").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/computers/" + Guid::Random().ToString() + "/events").status, 404);
}

TEST_F(AdminApiTest, ClientSideTargetingPutsComputersInTheGroupsTheyAskFor) {
  ASSERT_EQ(Call("POST", "/api/v1/groups", R"({"name": "Ring1"})").status, 201);
  store::ComputerRecord record;
  record.id = Guid::Random();
  record.name = "pc4.contoso.test";
  record.created = DateTime::Now();
  record.requested_groups = {"ring1", "No Such Group"};
  ASSERT_TRUE(store_->UpsertComputer(record).ok());
  auto groups_of = [&] {
    Reply shown = Call("GET", "/api/v1/computers/" + record.id.ToString());
    std::vector<std::string> names;
    for (const auto& g : shown.body["groups"]) names.push_back(g["name"]);
    return names;
  };
  EXPECT_EQ(Call("GET", "/api/v1/computers?group=Ring1").body["computers"].size(), 0u) << "server-side: not assigned";
  ASSERT_EQ(Call("PUT", "/api/v1/settings", R"({"targeting_mode": "client"})").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/computers?group=Ring1").body["computers"].size(), 1u);
  std::vector<std::string> names = groups_of();
  EXPECT_NE(std::find(names.begin(), names.end(), "Ring1"), names.end()) << "the name matches without regard to case";
  Reply groups = Call("GET", "/api/v1/groups");
  for (const auto& g : groups.body["groups"]) {
    if (g["name"] == "Ring1") {
      EXPECT_EQ(g["computer_count"], 1);
    }
  }
}

TEST_F(AdminApiTest, SwitchingTheTargetingModeChangesTheClientsConfig) {
  auto before = store::LoadOrCreateConfigLastChange(store_.get());
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(Call("PUT", "/api/v1/settings", R"({"decline_expired": false})").status, 200);
  EXPECT_EQ(store::FindConfigLastChange(store_.get()).value(), *before) << "not a setting clients read";
  ASSERT_EQ(Call("PUT", "/api/v1/settings", R"({"targeting_mode": "client"})").status, 200);
  auto after = store::FindConfigLastChange(store_.get());
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_GT(**after, *before);
  ASSERT_EQ(Call("PUT", "/api/v1/settings", R"({"targeting_mode": "client"})").status, 200);
  EXPECT_EQ(store::FindConfigLastChange(store_.get()).value(), *after) << "the same mode again changes nothing";
}

TEST_F(AdminApiTest, ChangesTellTheScanSnapshot) {
  int heard = 0;
  api_->SetChangeListener([&] { ++heard; });
  int64_t before = *store_->GetCounter(store::kPolicyCounter);
  ASSERT_EQ(Call("POST", "/api/v1/groups", R"({"name": "Lab"})").status, 201);
  EXPECT_EQ(heard, 1);
  EXPECT_EQ(*store_->GetCounter(store::kPolicyCounter), before + 1) << "another process sees it too";
  EXPECT_FALSE(store_->GetSetting(store::kDeploymentsResetKey)->has_value()) << "adding a group changes no deployment";
  ASSERT_EQ(Call("DELETE", "/api/v1/groups/Lab").status, 200);
  EXPECT_TRUE(store_->GetSetting(store::kDeploymentsResetKey)->has_value());
  // A refused change tells nobody.
  EXPECT_EQ(Call("DELETE", "/api/v1/groups/All%20Computers").status, 409);
  EXPECT_EQ(heard, 2);
}

TEST_F(AdminApiTest, CookieKeysRotateAndDrop) {
  EXPECT_EQ(Call("GET", "/api/v1/cookie-keys").status, 503) << "no key ring given";
  testing::ScopedTempDir keys_dir;
  auto keys = KeyRing::LoadOrCreate(keys_dir.path() + "/keys");
  ASSERT_TRUE(keys.ok());
  api_->SetCookieKeys(keys->get());
  EXPECT_EQ(Call("GET", "/api/v1/cookie-keys", "", "reporter").body["current_version"], 1);
  EXPECT_EQ(Call("POST", "/api/v1/cookie-keys/rotate", "", "reporter").status, 403);
  Reply rotated = Call("POST", "/api/v1/cookie-keys/rotate", R"({"keep_previous": true})");
  ASSERT_EQ(rotated.status, 200) << rotated.body.dump();
  EXPECT_EQ(rotated.body["versions"], json::array({1, 2}));
  Reply dropped = Call("POST", "/api/v1/cookie-keys/drop-previous");
  EXPECT_EQ(dropped.body["versions"], json::array({2}));
  Reply revoked = Call("POST", "/api/v1/cookie-keys/rotate", R"({"keep_previous": false})");
  EXPECT_EQ(revoked.body["versions"], json::array({3}));
  EXPECT_EQ(Call("POST", "/api/v1/cookie-keys/rotate", R"({"keep_previous": "no"})").status, 400);
  EXPECT_EQ((*keys)->current_version(), 3u);
  EXPECT_EQ(store_->ListAudit(1)->front().action, "cookie-keys.rotate");
}

TEST_F(AdminApiTest, ComputersAssignAndRemove) {
  Guid computer = Guid::Random();
  store::ComputerRecord record;
  record.id = computer;
  record.name = "pc2.contoso.test";
  record.created = DateTime::Now();
  ASSERT_TRUE(store_->UpsertComputer(record).ok());
  ASSERT_EQ(Call("POST", "/api/v1/groups", R"({"name": "Servers"})").status, 201);
  std::string base = "/api/v1/computers/" + computer.ToString();
  Reply assigned = Call("POST", base + "/groups", R"({"group": "Servers"})");
  ASSERT_EQ(assigned.status, 200) << assigned.body.dump();
  EXPECT_EQ(assigned.body["groups"][0]["name"], "Servers");
  EXPECT_EQ(Call("GET", "/api/v1/computers?group=Servers").body["computers"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/computers?name=PC2").body["computers"].size(), 1u);
  EXPECT_EQ(Call("POST", base + "/groups", R"({"group": "Nope"})").status, 404);
  EXPECT_EQ(Call("POST", base + "/groups", R"({"group": "All Computers"})").status, 400);
  EXPECT_EQ(
      Call("POST", "/api/v1/computers/" + Guid::Random().ToString() + "/groups", R"({"group": "Servers"})").status,
      404);
  EXPECT_EQ(Call("DELETE", base).status, 200);
  EXPECT_EQ(Call("GET", base).status, 404);
}

TEST_F(AdminApiTest, RulesSettingsProductsAndAudit) {
  ASSERT_EQ(Call("POST", "/api/v1/groups", R"({"name": "Workstations"})").status, 201);
  Reply rule = Call(
      "POST", "/api/v1/rules",
      R"({"name":"Security to workstations","classifications":["Security Updates"],"groups":["Workstations"],"deadline":{"days":3,"time":"03:30"}})");
  ASSERT_EQ(rule.status, 201) << rule.body.dump();
  EXPECT_EQ(Call("POST", "/api/v1/rules", R"({"name":"no groups","classifications":["Security Updates"]})").status,
            400);
  EXPECT_EQ(
      Call("POST", "/api/v1/rules", R"({"name":"x","groups":["Workstations"],"deadline":{"days":1,"time":"25:00"}})")
          .status,
      400);
  Reply run = Call("POST", "/api/v1/rules/" + rule.body["id"].get<std::string>() + "/run");
  ASSERT_EQ(run.status, 200) << run.body.dump();
  EXPECT_EQ(run.body["approved"], 2);
  EXPECT_EQ(Call("POST", "/api/v1/rules/" + rule.body["id"].get<std::string>() + "/run").body["approved"], 0);
  EXPECT_EQ(Call("GET", "/api/v1/rules").body["rules"].size(), 1u);

  Reply settings = Call("PUT", "/api/v1/settings", R"({"targeting_mode":"client","decline_expired":false})");
  ASSERT_EQ(settings.status, 200) << settings.body.dump();
  EXPECT_EQ(settings.body["targeting_mode"], "client");
  EXPECT_EQ(settings.body["decline_expired"], false);
  EXPECT_EQ(Call("PUT", "/api/v1/settings", R"({"targeting_mode":"psychic"})").status, 400);
  EXPECT_EQ(Call("PUT", "/api/v1/settings", R"({"colour":"blue"})").status, 400);

  Reply enabled = Call("POST", "/api/v1/classifications/security/enable");
  ASSERT_EQ(enabled.status, 200) << enabled.body.dump();
  EXPECT_EQ(Call("GET", "/api/v1/classifications").body["classifications"][0]["enabled"], true);
  EXPECT_EQ(Call("POST", "/api/v1/products/nothing/enable").status, 404);

  Reply audit = Call("GET", "/api/v1/audit?limit=3");
  ASSERT_EQ(audit.body["entries"].size(), 3u);
  EXPECT_EQ(audit.body["entries"][0]["action"], "classification.enable");
}

}  // namespace
}  // namespace openwsus::admin

namespace openwsus::admin {
namespace {

TEST_F(AdminApiTest, GroupFilterUsesInheritanceAndGroupStatus) {
  ASSERT_EQ(Call("POST", "/api/v1/groups", R"({"name": "Servers"})").status, 201);
  ASSERT_EQ(Call("POST", "/api/v1/groups", R"({"name": "Lab", "parent": "Servers"})").status, 201);
  Guid in_lab = Guid::Random();
  Guid elsewhere = Guid::Random();
  for (const Guid& id : {in_lab, elsewhere}) {
    store::ComputerRecord record;
    record.id = id;
    record.name = id.ToString();
    ASSERT_TRUE(store_->UpsertComputer(record).ok());
  }
  ASSERT_EQ(Call("POST", "/api/v1/computers/" + in_lab.ToString() + "/groups", R"({"group": "Servers/Lab"})").status,
            200);
  status_.Set(in_lab, *Guid::Parse(kBundleId), policy::InstallationState::kInstalled);
  status_.Set(elsewhere, *Guid::Parse(kBundleId), policy::InstallationState::kFailed);

  // Approved for Servers: Lab inherits it, Unassigned Computers does not.
  ASSERT_EQ(Call("POST", std::string("/api/v1/updates/") + kBundleId + "/approvals",
                 R"({"action":"install","group":"Servers"})")
                .status,
            200);
  EXPECT_EQ(Call("GET", "/api/v1/updates?approval=approved&group=Servers/Lab").body["updates"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/updates?approval=approved&group=Unassigned%20Computers").body["updates"].size(), 0u);
  // An explicit not-approved in Lab stops the inheritance.
  ASSERT_EQ(Call("POST", std::string("/api/v1/updates/") + kBundleId + "/approvals",
                 R"({"action":"not-approved","group":"Lab"})")
                .status,
            200);
  EXPECT_EQ(Call("GET", "/api/v1/updates?approval=unapproved&group=Lab").body["updates"].size(), 2u);

  // Status within a group counts only its computers.
  EXPECT_EQ(Call("GET", "/api/v1/updates?status=failed&group=Lab").body["updates"].size(), 0u);
  EXPECT_EQ(Call("GET", "/api/v1/updates?status=failed").body["updates"].size(), 1u);
  // ... and so do the counts it shows.
  int shown = 0;
  Reply in_lab_list = Call("GET", "/api/v1/updates?group=Servers/Lab");
  for (const auto& u : in_lab_list.body["updates"]) {
    if (u["update_id"] != kBundleId) continue;
    ++shown;
    EXPECT_EQ(u["status"]["installed"], 1) << u.dump();
    EXPECT_EQ(u["status"]["failed"], 0) << u.dump();
  }
  EXPECT_EQ(shown, 1);
  Reply groups = Call("GET", "/api/v1/reports/groups");
  ASSERT_EQ(groups.status, 200);
  int matched = 0;
  for (const auto& row : groups.body["groups"]) {
    if (row["path"] == "All Computers/Servers/Lab") {
      ++matched;
      EXPECT_EQ(row["computers"], 1);
      EXPECT_EQ(row["status"]["installed"], 1);
      EXPECT_EQ(row["status"]["failed"], 0);
    }
  }
  EXPECT_EQ(matched, 1);
}

}  // namespace
}  // namespace openwsus::admin
