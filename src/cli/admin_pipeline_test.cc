// The administration path end to end, as an administrator scripts it: a real
// `openwsus serve` on 127.0.0.1, tokens made on the data directory, and the
// CLI piping one command's JSON into the next, as the PowerShell pipeline
// `Get-WsusUpdate ... | Approve-WsusUpdate ...` does.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "catalog/test_documents.h"
#include "http/test_http_client.h"
#include "testing/serve_process.h"
#include "testing/test_support.h"

namespace openwsus {
namespace {

using nlohmann::json;

constexpr char kBundleId[] = "11111111-2222-3333-4444-555555555555";
constexpr char kSecondId[] = "22222222-2222-3333-4444-555555555555";

struct Outcome {  // of one command line
  int exit_code = -1;
  std::string out;
};

class AdminPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.path() + "/data";
    std::string second = catalog::testdocs::kBundle;
    second.replace(second.find(kBundleId), 36, kSecondId);
    testing::WriteFileOrDie(dir_.path() + "/docs/a.xml", catalog::testdocs::kBundle);
    testing::WriteFileOrDie(dir_.path() + "/docs/b.xml", second);
    testing::WriteFileOrDie(dir_.path() + "/docs/c.xml", catalog::testdocs::kProduct);
    testing::WriteFileOrDie(dir_.path() + "/docs/d.xml",
                            std::string(catalog::testdocs::kSecurityUpdatesClassification));
    ASSERT_EQ(Cli("import " + dir_.path() + "/docs").exit_code, 0);
    Outcome admin = Cli("token create --role administrator --name pipeline");
    ASSERT_EQ(admin.exit_code, 0);
    admin_token_ = Trim(admin.out);
    Outcome reporter = Cli("token create --role reporter");
    ASSERT_EQ(reporter.exit_code, 0);
    reporter_token_ = Trim(reporter.out);
    server_ = std::make_unique<testing::ServeProcess>(openwsus::testing::OpenwsusBinary(), data_);
    ASSERT_TRUE(server_->Start());
  }

  void TearDown() override {
    if (server_ && server_->child().running()) {
      server_->child().Signal(SIGTERM);
      EXPECT_EQ(server_->child().WaitForExit(std::chrono::seconds(10)), 0);
    }
  }

  // The token in `token create`'s output (stderr, merged here, adds advice).
  static std::string Trim(const std::string& s) {
    size_t at = s.find("ows_");
    if (at == std::string::npos) return "";
    size_t end = s.find_first_of(" \n", at);
    return s.substr(at, end == std::string::npos ? std::string::npos : end - at);
  }

  // The CLI on this data directory (the server comes from its ports.json),
  // without a developer's OPENWSUS_* environment leaking in.
  std::string Command(const std::string& args, const std::string& token = "") {
    std::string cmd =
        "env -u OPENWSUS_SERVER -u OPENWSUS_TOKEN " + openwsus::testing::OpenwsusBinary() + " --data-dir " + data_;
    if (!token.empty()) cmd += " --token " + token;
    return cmd + " " + args;
  }

  // Runs a shell command line (so pipelines work), stdout captured, stderr appended.
  Outcome Shell(const std::string& line) {
    Outcome r;
    FILE* p = popen(("( " + line + " ) 2>&1").c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }

  Outcome Cli(const std::string& args, const std::string& token = "") { return Shell(Command(args, token)); }

  testing::ScopedTempDir dir_;
  std::string data_;
  std::string admin_token_;
  std::string reporter_token_;
  std::unique_ptr<testing::ServeProcess> server_;
};

TEST_F(AdminPipelineTest, ListUnapprovedSecurityUpdatesAndApproveThemForAGroup) {
  ASSERT_EQ(Cli("group add Workstations", admin_token_).exit_code, 0);

  Outcome before = Cli("update list --approval unapproved --classification security --json", admin_token_);
  ASSERT_EQ(before.exit_code, 0) << before.out;
  EXPECT_EQ(json::parse(before.out)["updates"].size(), 2u) << before.out;

  Outcome piped = Shell(Command("update list --approval unapproved --classification security --json", admin_token_) +
                        " | " + Command("update approve --action install --group Workstations -", admin_token_));
  ASSERT_EQ(piped.exit_code, 0) << piped.out;

  Outcome approved = Cli("update list --approval approved --json", admin_token_);
  ASSERT_EQ(approved.exit_code, 0) << approved.out;
  json updates = json::parse(approved.out)["updates"];
  ASSERT_EQ(updates.size(), 2u) << approved.out;
  for (const auto& u : updates) {
    ASSERT_EQ(u["approvals"].size(), 1u);
    EXPECT_EQ(u["approvals"][0]["action"], "install");
    EXPECT_EQ(u["approvals"][0]["group"], "All Computers/Workstations");
  }
  Outcome unapproved = Cli("update list --approval unapproved --classification security --json", admin_token_);
  EXPECT_EQ(json::parse(unapproved.out)["updates"].size(), 0u);

  Outcome audit = Cli("audit list --json", admin_token_);
  ASSERT_EQ(audit.exit_code, 0) << audit.out;
  int approvals = 0;
  json entries = json::parse(audit.out)["entries"];
  for (const auto& e : entries) {
    if (e["action"] == "update.approve") {
      ++approvals;
      EXPECT_EQ(e["actor"], "pipeline");
    }
  }
  EXPECT_EQ(approvals, 2) << audit.out;
}

// A downstream server that authorized shows in `server downstream list`; an
// allow-list without it refuses it, and an empty one lets it in again.
TEST_F(AdminPipelineTest, DownstreamServersAndTheirAllowList) {
  const std::string dss = "http://www.microsoft.com/SoftwareDistribution/Server/DssAuthWebService";
  auto authorize = [&]() {
    auto client = http::TestHttpClient::Connect(server_->http_port());
    EXPECT_TRUE(client.ok());
    auto r = (*client)->Request(
        "POST", "/DssAuthWebService/DssAuthWebService.asmx",
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<GetAuthorizationCookie xmlns=\"" +
            dss +
            "\"><accountName>branch.example.org</accountName>"
            "<accountGuid>6f1c2f6e-3f0b-4d3a-9b1e-0d2f6a1c5e11</accountGuid></GetAuthorizationCookie></soap:Body>"
            "</soap:Envelope>",
        "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"" + dss + "/GetAuthorizationCookie\"\r\n");
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->status : 0;
  };
  ASSERT_EQ(authorize(), 200);
  Outcome listed = Cli("server downstream list --json", reporter_token_);
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  json answer = json::parse(listed.out);
  ASSERT_EQ(answer["servers"].size(), 1u) << listed.out;
  EXPECT_EQ(answer["servers"][0]["name"], "branch.example.org");
  EXPECT_EQ(answer["servers"][0]["mode"], "autonomous");
  EXPECT_TRUE(answer["open"].get<bool>());
  Outcome table = Cli("server downstream list", reporter_token_);
  EXPECT_NE(table.out.find("Any downstream server may sync"), std::string::npos) << table.out;

  EXPECT_NE(Cli("server downstream allow aaaaaaaa-0000-0000-0000-000000000001", reporter_token_).exit_code, 0);
  EXPECT_NE(Cli("server downstream allow not-a-guid", admin_token_).exit_code, 0);
  ASSERT_EQ(Cli("server downstream allow aaaaaaaa-0000-0000-0000-000000000001", admin_token_).exit_code, 0);
  EXPECT_EQ(authorize(), 500);
  ASSERT_EQ(Cli("server downstream disallow aaaaaaaa-0000-0000-0000-000000000001", admin_token_).exit_code, 0);
  EXPECT_EQ(authorize(), 200);
  Outcome audit = Cli("audit list --json", admin_token_);
  EXPECT_NE(audit.out.find("downstream.refuse"), std::string::npos) << audit.out;
  EXPECT_NE(audit.out.find("downstream.allow"), std::string::npos);
}

TEST_F(AdminPipelineTest, RolesAndErrorsReachTheAdministrator) {
  Outcome reporter = Cli(std::string("update decline ") + kBundleId, reporter_token_);
  EXPECT_NE(reporter.exit_code, 0);
  EXPECT_NE(reporter.out.find("reporter token may only read"), std::string::npos) << reporter.out;
  EXPECT_EQ(Cli("update list --approval declined --json", reporter_token_).exit_code, 0);

  Outcome no_group =
      Cli(std::string("update approve ") + kBundleId + " --action install --group Nowhere", admin_token_);
  EXPECT_NE(no_group.exit_code, 0);
  EXPECT_NE(no_group.out.find("Nowhere"), std::string::npos) << no_group.out;

  Outcome bad_token = Cli("group list", "ows_not-a-real-token");
  EXPECT_NE(bad_token.exit_code, 0);
  EXPECT_NE(bad_token.out.find("unknown or revoked token"), std::string::npos) << bad_token.out;

  Outcome cycle_setup = Cli("group add Lab --parent Workstations", admin_token_);
  EXPECT_NE(cycle_setup.exit_code, 0) << "Workstations does not exist yet";
  ASSERT_EQ(Cli("group add Workstations", admin_token_).exit_code, 0);
  ASSERT_EQ(Cli("group add Lab --parent Workstations", admin_token_).exit_code, 0);
  Outcome cycle = Cli("group move Workstations --parent Workstations/Lab", admin_token_);
  EXPECT_NE(cycle.exit_code, 0);
  Outcome tree = Cli("group list", admin_token_);
  EXPECT_NE(tree.out.find("Lab"), std::string::npos) << tree.out;
}

}  // namespace
}  // namespace openwsus

namespace openwsus {
namespace {

// Revoking every client cookie: a new key, the old ones dropped.
TEST_F(AdminPipelineTest, CookieKeysRotateThroughTheCli) {
  Outcome listed = Cli("keys list --json", admin_token_);
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_EQ(json::parse(listed.out)["current_version"], 1);
  Outcome rotated = Cli("keys rotate", admin_token_);
  ASSERT_EQ(rotated.exit_code, 0) << rotated.out;
  EXPECT_NE(rotated.out.find("1, 2"), std::string::npos) << rotated.out;
  Outcome revoked = Cli("keys rotate --drop-previous --json", admin_token_);
  ASSERT_EQ(revoked.exit_code, 0) << revoked.out;
  EXPECT_EQ(json::parse(revoked.out)["versions"], json::array({3}));
  Outcome refused = Cli("keys rotate", reporter_token_);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.out.find("administrator token"), std::string::npos) << refused.out;
}

TEST_F(AdminPipelineTest, RulesRunWhenNewUpdatesArrive) {
  ASSERT_EQ(Cli("group add Workstations", admin_token_).exit_code, 0);
  Outcome rule =
      Cli("rule add 'Security to workstations' --classification security --group Workstations "
          "--deadline-days 2 --deadline-time 04:00",
          admin_token_);
  ASSERT_EQ(rule.exit_code, 0) << rule.out;

  std::string third = catalog::testdocs::kBundle;
  third.replace(third.find(kBundleId), 36, "33333333-2222-3333-4444-555555555555");
  testing::WriteFileOrDie(dir_.path() + "/new/third.xml", third);
  Outcome imported = Cli("import " + dir_.path() + "/new");
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  EXPECT_NE(imported.out.find("Automatic approval: 1 approvals"), std::string::npos) << imported.out;

  Outcome shown = Cli("update list --approval approved --json", admin_token_);
  ASSERT_EQ(shown.exit_code, 0) << shown.out;
  json updates = json::parse(shown.out)["updates"];
  ASSERT_EQ(updates.size(), 1u) << shown.out;
  EXPECT_EQ(updates[0]["update_id"], "33333333-2222-3333-4444-555555555555");
  EXPECT_FALSE(updates[0]["approvals"][0]["deadline"].is_null());
}

}  // namespace
}  // namespace openwsus
