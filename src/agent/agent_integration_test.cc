// End to end, as a Windows PC meets a new server: the real `openwsus serve`
// (demo catalog, fresh data directory, 127.0.0.1) and the reference agent.
// Handshake -> full staged scan -> an approval through the admin API -> a
// delta scan sees it -> GetExtendedUpdateInfo -> range downloads of every
// file, checked by SHA-1 and SHA-256 -> ReportEventBatch -> the admin API
// shows the computer and the update as Installed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "agent/agent_test_fixture.h"
#include "agent/computer_state.h"
#include "agent/file_download.h"
#include "agent/wusp_client.h"
#include "http/client/http_client.h"

namespace openwsus::agent {
namespace {

using nlohmann::json;

// Demo catalog ids (data/demo/README.md).
constexpr char kCompany[] = "aa601b32-583b-4b53-aa38-b585123b65bf";
constexpr char kSecurityUpdates[] = "0fa1201d-4330-4fa8-8ae9-b877473b6441";
constexpr char kDetectoid[] = "a6360b27-8ede-4e4e-b3dc-c59d0f8d5a35";
constexpr char kCriticalUpdate[] = "b3ff9c7c-5e93-4c4b-8a18-013cae3a148e";  // KB9000010, 1.2 MB file
constexpr char kBundle[] = "03daf4ce-b0d4-462d-b772-b9e0fe74985d";
constexpr char kBundleMember[] = "dbba6615-92c0-4afd-ac4f-c50883246562";

class AgentIntegrationTest : public testing::AgentServerTest {};

TEST_F(AgentIntegrationTest, ScanApproveDownloadReport) {
  AgentIdentity identity;
  identity.client_id = Guid::Random();
  identity.dns_name = "pc-e2e.contoso.test";
  testing::SyncClient t(url_, identity);
  WuspClient& client = t.client;
  auto uid = [&](int32_t id) { return t.Info(id).identity.update_id.ToString(); };

  // The first scan: handshake, then the category chain one level per call.
  auto scan = t.Run(client.Scan());
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  EXPECT_EQ(client.handshakes(), 1);
  ASSERT_GE(scan->calls, 4);
  std::set<std::string> first;
  for (int32_t id : scan->pages[0].new_ids) first.insert(uid(id));
  EXPECT_TRUE(first.count(kCompany) && first.count(kSecurityUpdates) && first.count(kDetectoid)) << "roots come first";
  EXPECT_FALSE(first.count(kCriticalUpdate)) << "software waits for its product";
  ASSERT_NE(t.Find(kCriticalUpdate), nullptr);
  EXPECT_EQ(t.Find(kCriticalUpdate)->action, DeploymentAction::kPreDeploymentCheck);
  EXPECT_EQ(t.Find(kBundleMember)->action, DeploymentAction::kBundle);
  EXPECT_EQ(t.Find(kCompany)->action, DeploymentAction::kEvaluate);
  EXPECT_FALSE(t.Find(kCompany)->is_leaf);
  EXPECT_TRUE(t.Find(kBundle)->is_leaf);
  EXPECT_EQ(client.cache().size(), 16u) << "the whole demo catalog";
  EXPECT_TRUE(scan->pages.back().driver_sync_not_needed) << "no drivers in the demo";

  // The administrator approves KB9000010; the next scan sees it as changed.
  json approved = Api("POST", std::string("/api/v1/updates/") + kCriticalUpdate + "/approvals",
                      R"({"action": "install", "group": "All Computers", "deadline": "2030-01-01T03:00:00Z"})");
  auto delta = t.Run(client.SyncOnce());
  ASSERT_TRUE(delta.ok()) << delta.status().ToString();
  int32_t critical = t.Find(kCriticalUpdate)->revision_id;
  EXPECT_EQ(delta->changed_ids, std::vector<int32_t>{critical});
  EXPECT_TRUE(delta->new_ids.empty());
  EXPECT_EQ(t.Find(kCriticalUpdate)->action, DeploymentAction::kInstall);
  ASSERT_TRUE(t.Find(kCriticalUpdate)->Deadline().has_value());
  EXPECT_EQ(t.Find(kCriticalUpdate)->Deadline()->ToString(), "2030-01-01T03:00:00Z");

  // Metadata and files of every software update, then every file by ranges.
  std::vector<int32_t> software;
  for (const CachedRevision& e : client.cache().entries()) {
    if (t.Info(e.revision_id).type == catalog::UpdateType::kSoftware) software.push_back(e.revision_id);
  }
  auto extended = t.Run(client.GetExtendedUpdateInfo(software));
  ASSERT_TRUE(extended.ok()) << extended.status().ToString();
  EXPECT_TRUE(extended->out_of_scope.empty());
  EXPECT_EQ(extended->revision_ids.size(), software.size());
  std::map<std::string, std::string> urls;
  for (const FileLocation& l : extended->locations) urls[l.sha1] = l.url;
  int files = 0;
  int ranges = 0;
  for (int32_t id : software) {
    const RevisionInfo& u = t.Info(id);
    EXPECT_TRUE(u.extended_known) << id;
    EXPECT_FALSE(u.title.empty()) << id;
    for (const catalog::UpdateFile& f : u.files) {
      ASSERT_TRUE(urls.count(f.sha1)) << "every file has a location: " << f.file_name;
      ASSERT_FALSE(f.sha256.empty()) << f.file_name;
      // 1 MiB ranges as Delivery Optimization asks, and small ones to cut every file.
      for (size_t chunk : {size_t{1} << 20, size_t{700}}) {
        std::string part = dir_.path() + "/dl/" + std::to_string(chunk) + "/" + f.file_name + ".part";
        auto download = FileDownload::Start(f, part, chunk);
        ASSERT_TRUE(download.ok()) << download.status().ToString();
        Status done = t.Run((*download)->Run(&client, urls[f.sha1]));
        ASSERT_TRUE(done.ok()) << f.file_name << ": " << done.ToString();
        EXPECT_TRUE((*download)->verified());
        EXPECT_EQ(std::filesystem::file_size((*download)->final_path()), static_cast<uintmax_t>(f.size));
        ranges += (*download)->ranges();
      }
      ++files;
    }
  }
  EXPECT_EQ(files, 8) << "the demo's eight content files";
  EXPECT_GT(ranges, 8 * 2);
  EXPECT_LT(client.connections_opened(), 5) << "one kept-alive session, not a connection per request";

  // The install and the status report.
  catalog::UpdateIdentity installed = t.Info(critical).identity;
  std::string needed;
  for (const CachedRevision& e : client.cache().entries()) {
    const RevisionInfo& u = t.Info(e.revision_id);
    if (u.type == catalog::UpdateType::kSoftware && e.action != DeploymentAction::kBundle &&
        u.identity.update_id != installed.update_id) {
      needed += (needed.empty() ? "" : ";") + u.identity.update_id.ToString();
    }
  }
  auto event = [](int32_t id, catalog::UpdateIdentity update, std::vector<std::string> misc) {
    AgentEvent e;
    e.event_id = id;
    e.update = update;
    e.misc_data = std::move(misc);
    return e;
  };
  std::vector<AgentEvent> events_sent = {event(181, installed, {}), event(183, installed, {"D=1"}),
                                         event(147, {}, {"B=16"}),
                                         event(156, {}, {"U=" + needed, "V=" + installed.update_id.ToString()})};
  Status reported = t.Run(client.ReportEvents(events_sent));
  ASSERT_TRUE(reported.ok()) << reported.ToString();
  // Sent again (an acknowledgement lost on the way): recognised, not doubled.
  ASSERT_TRUE(t.Run(client.ReportEvents(events_sent)).ok());

  // The admin API: the computer with its registration and events, the update Installed.
  json computer = Api("GET", "/api/v1/computers/" + identity.client_id.ToString());
  EXPECT_EQ(computer["name"], "pc-e2e.contoso.test");
  EXPECT_EQ(computer["info"]["ProcessorArchitecture"], "AMD64");
  EXPECT_FALSE(computer["last_sync"].is_null());
  EXPECT_FALSE(computer["last_report"].is_null());
  EXPECT_EQ(computer["status"]["installed"], 1) << computer.dump();
  json update = Api("GET", std::string("/api/v1/updates/") + kCriticalUpdate);
  EXPECT_EQ(update["status"]["installed"], 1) << update.dump();
  json installed_list = Api("GET", "/api/v1/updates?status=installed-or-not-applicable&approval=approved");
  ASSERT_EQ(installed_list["updates"].size(), 1u) << installed_list.dump();
  json events = Api("GET", "/api/v1/computers/" + identity.client_id.ToString() + "/events");
  EXPECT_EQ(events["events"].size(), 4u);
}

TEST_F(AgentIntegrationTest, ARestartedServerKeepsClientsAndARotatedKeyMakesThemStartOver) {
  AgentIdentity identity;
  identity.client_id = Guid::Random();
  testing::SyncClient t(url_, identity);
  WuspClient& client = t.client;
  ASSERT_TRUE(t.Run(client.Scan()).ok());
  size_t cached = client.cache().size();

  // Restart: the cookie key and revision ids survive; the cached cookie still works.
  RestartServer();
  auto delta = t.Run(client.SyncOnce());
  ASSERT_TRUE(delta.ok()) << delta.status().ToString();
  EXPECT_EQ(client.handshakes(), 1);
  EXPECT_TRUE(delta->new_ids.empty());
  EXPECT_TRUE(delta->out_of_scope.empty());

  // A new key with the old one dropped: InvalidCookie, the handshake again,
  // RefreshCache, and the cache keeps what is still deployed (bundle members
  // are left out, as real WSUS does, and come back through SyncUpdates).
  server_->child().Signal(SIGTERM);
  ASSERT_EQ(server_->child().WaitForExit(std::chrono::seconds(10)), 0);
  std::filesystem::remove_all(data_ + "/keys");
  ASSERT_TRUE(server_->Start({"--http-port", std::to_string(url_.port)}));
  auto scan = t.Run(client.Scan());
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  EXPECT_EQ(client.handshakes(), 2);
  EXPECT_EQ(client.refreshes(), 1);
  EXPECT_EQ(client.cache().size(), cached);
}

// --mode notify, as a PC nobody answers: what is approved is downloaded, and
// only what is past its deadline installs.
TEST_F(AgentIntegrationTest, NotifyModeInstallsOnlyWhatIsPastItsDeadline) {
  std::string profile = dir_.path() + "/widgets-pc.json";
  openwsus::testing::WriteFileOrDie(profile, R"({"registry": {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widgets":
      {"Version": "2.0.5.0"}}, "files": {"csidl:38\\Contoso\\Widgets\\widgets.exe": "2.0.5.0"}})");
  Api("POST", std::string("/api/v1/updates/") + kCriticalUpdate + "/approvals",
      R"({"action": "install", "group": "All Computers", "deadline": "2026-01-01T00:00:00Z"})");
  Api("POST", std::string("/api/v1/updates/") + kBundle + "/approvals",
      R"({"action": "install", "group": "All Computers", "deadline": "2099-01-01T00:00:00Z"})");
  std::string out = Cli("agent --mode notify --profile " + profile + " --name notify-pc.contoso.test");
  EXPECT_NE(out.find("cycle 1: ok;"), std::string::npos) << out;
  EXPECT_NE(out.find("; 1 installs (0 failed)"), std::string::npos) << out;
  auto state = ComputerState::FromJson(openwsus::testing::ReadFileOrDie(data_ + "/agent/state.json"));
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  Guid critical = *Guid::Parse(kCriticalUpdate);
  Guid bundle = *Guid::Parse(kBundle);
  EXPECT_TRUE(state->installed.count(critical)) << "past its deadline";
  EXPECT_FALSE(state->installed.count(bundle)) << "its deadline is to come";
  EXPECT_TRUE(state->downloaded.count(bundle)) << "downloaded, waiting for the user or the deadline";
  json update = Api("GET", std::string("/api/v1/updates/") + kBundle);
  EXPECT_EQ(update["status"]["downloaded"], 1) << update.dump();
}

// `openwsus agent` as an administrator runs it: one computer with a profile
// that has Contoso Widgets 2.0.5, its state kept between runs.
TEST_F(AgentIntegrationTest, TheAgentCommandInstallsWhatIsApprovedAndRemembersIt) {
  std::string profile = dir_.path() + "/widgets-pc.json";
  openwsus::testing::WriteFileOrDie(profile, R"({"registry": {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widgets":
      {"Version": "2.0.5.0"}}, "files": {"csidl:38\\Contoso\\Widgets\\widgets.exe": "2.0.5.0"}})");
  std::string agent = "agent --profile " + profile + " --name cli-pc.contoso.test --detection-frequency 1s";
  std::string first = Cli(agent);
  EXPECT_NE(first.find("cycle 1: ok;"), std::string::npos) << first;
  EXPECT_NE(first.find(" 3 needed, 2 installed, 0 not applicable; 0 installs"), std::string::npos) << first;
  size_t at = first.find("computer ");
  ASSERT_NE(at, std::string::npos) << first;
  std::string id = first.substr(at + 9, 36);

  Api("POST", std::string("/api/v1/updates/") + kCriticalUpdate + "/approvals",
      R"({"action": "install", "group": "All Computers"})");
  std::string second = Cli(agent + " --cycles 2");
  EXPECT_NE(second.find("computer " + id), std::string::npos) << "the same computer: " << second;
  EXPECT_NE(second.find("cycle 1: ok; 1 SyncUpdates, 16 revisions cached"), std::string::npos)
      << "the first run's datastore: a delta scan: " << second;
  EXPECT_NE(second.find("1 installs (0 failed), 1.3 MB downloaded"), std::string::npos) << second;
  EXPECT_NE(second.find("cycle 2: ok; 1 SyncUpdates"), std::string::npos) << second;
  EXPECT_NE(second.find("2 needed, 3 installed"), std::string::npos) << second;
  json update = Api("GET", std::string("/api/v1/updates/") + kCriticalUpdate);
  EXPECT_EQ(update["status"]["installed"], 1) << update.dump();
  json computer = Api("GET", "/api/v1/computers/" + id);
  EXPECT_EQ(computer["name"], "cli-pc.contoso.test");
  std::string state = openwsus::testing::ReadFileOrDie(data_ + "/agent/state.json");
  EXPECT_NE(state.find(kCriticalUpdate), std::string::npos) << state;

  // Another server's datastore: a warning, and a scan from scratch.
  openwsus::testing::WriteFileOrDie(data_ + "/agent/datastore.json",
                                    R"({"server": "http://10.0.0.9:8530", "revisions": []})");
  std::string third = Cli(agent + " 2>&1");
  EXPECT_NE(third.find("datastore.json: datastore: kept for the server http://10.0.0.9:8530, not http://127.0.0.1:"),
            std::string::npos)
      << third;
  EXPECT_NE(third.find("; scanning from scratch"), std::string::npos) << third;
  EXPECT_NE(third.find("cycle 1: ok; 4 SyncUpdates, 16 revisions cached"), std::string::npos) << third;
  state = openwsus::testing::ReadFileOrDie(data_ + "/agent/state.json");

  // Bad arguments say what is wrong and change nothing.
  struct Bad {
    const char* args;
    const char* says;
  } bads[] = {{"agent --mode sometimes", "--mode must be install, notify, download-only or scan-only"},
              {"agent --detection-frequency 5d", "--detection-frequency must be like 22h"},
              {"agent --fleet 0", "--fleet: Value 0 not in range 1 to 1000000"},
              {"agent --profile /nonexistent.json", "/nonexistent.json"},
              {"agent --target-group A,B", "one --target-group without --fleet"}};
  for (const Bad& bad : bads) {
    std::string out = Cli(std::string(bad.args) + "; echo \"exit=$?\"");
    EXPECT_NE(out.find(bad.says), std::string::npos) << bad.args << ": " << out;
    EXPECT_NE(out.find("exit=2"), std::string::npos) << bad.args << ": " << out;
  }
  EXPECT_EQ(openwsus::testing::ReadFileOrDie(data_ + "/agent/state.json"), state);
}

// Hostile requests against the real server, each answered as the protocol
// says; then an agent scans as if nothing had happened.
TEST_F(AgentIntegrationTest, HostileRequestsLeaveTheServerServing) {
  const std::string ns = "http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService";
  auto post = [&](const std::string& action, const std::string& body) {
    http::HttpRequestSpec r{
        "POST",
        "/ClientWebService/client.asmx",
        {{"Content-Type", "text/xml; charset=utf-8"}, {"SOAPAction", "\"" + ns + "/" + action + "\""}},
        body};
    return http::SendHttpRequest(url_, r);
  };
  auto envelope = [&](const std::string& op, const std::string& params) {
    return "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><" + op + " xmlns=\"" + ns +
           "\">" + params + "</" + op + "></s:Body></s:Envelope>";
  };
  std::string deep = "<a>";
  for (int i = 0; i < 10000; ++i) deep += "<a>";
  struct Case {
    const char* what;
    std::string action;
    std::string body;
    int status;
    const char* error_code;
  };
  const Case cases[] = {
      {"forged cookie", "SyncUpdates",
       envelope("SyncUpdates",
                "<cookie><EncryptedData>Zm9yZ2VkIGNvb2tpZSBmb3JnZWQ=</EncryptedData></cookie>"
                "<parameters><ExpressQuery>false</ExpressQuery></parameters>"),
       500, "InvalidCookie"},
      {"DOCTYPE", "GetConfig", "<!DOCTYPE x [<!ENTITY e \"boom\">]>" + envelope("GetConfig", ""), 500,
       "InvalidParameters"},
      {"10,000 deep", "GetConfig", envelope("GetConfig", deep), 500, "InvalidParameters"},
      {"wrong SOAPAction", "GetCookie", envelope("GetConfig", ""), 500, "InvalidParameters"},
      {"10 MB body", "GetConfig", envelope("GetConfig", std::string(10u << 20, 'x')), 413, ""},
  };
  for (const Case& c : cases) {
    auto reply = post(c.action, c.body);
    ASSERT_TRUE(reply.ok()) << c.what << ": " << reply.status().ToString();
    EXPECT_EQ(reply->status, c.status) << c.what << ": " << reply->body.substr(0, 300);
    if (*c.error_code != '\0') {
      EXPECT_NE(reply->body.find(std::string("<ErrorCode>") + c.error_code + "</ErrorCode>"), std::string::npos)
          << c.what << ": " << reply->body;
    }
  }
  // Content: path tricks and ranges nobody can satisfy.
  for (const char* target :
       {"/Content/../openwsus.db", "/Content/%2e%2e/keys/cookie_keys", "/Content/AB/..%2F..%2Fx.exe"}) {
    auto reply = http::SendHttpRequest(url_, {"GET", target, {}, ""});
    ASSERT_TRUE(reply.ok());
    EXPECT_TRUE(reply->status == 400 || reply->status == 404) << target << ": " << reply->status;
  }
  AgentIdentity identity;
  identity.client_id = Guid::Random();
  testing::SyncClient t(url_, identity);
  WuspClient& client = t.client;
  ASSERT_TRUE(t.Run(client.Scan()).ok());
  auto extended = t.Run(client.GetExtendedUpdateInfo({t.Find(kCriticalUpdate)->revision_id}));
  ASSERT_TRUE(extended.ok());
  ASSERT_FALSE(extended->locations.empty());
  for (const char* range : {"bytes=99999999-", "bytes=5-2", "bytes=abc"}) {
    auto reply = t.Run(client.Fetch(extended->locations[0].url, range));
    ASSERT_TRUE(reply.ok()) << range;
    EXPECT_TRUE(reply->status == 416 || reply->status == 200) << range << ": " << reply->status;
  }
  auto unsatisfiable = t.Run(client.Fetch(extended->locations[0].url, "bytes=99999999-"));
  EXPECT_EQ(unsatisfiable->status, 416);
  EXPECT_NE(unsatisfiable->Header("Content-Range").find("bytes */"), std::string::npos);
  // And a whole scan still works on the same kept-alive session.
  EXPECT_TRUE(t.Run(client.SyncOnce()).ok());
}

}  // namespace
}  // namespace openwsus::agent
