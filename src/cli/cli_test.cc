// Runs the real `openwsus` binary the way an administrator does and checks
// what it prints and returns.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "admin/authenticator.h"
#include "catalog/test_documents.h"
#include "http/client/test_http_server.h"
#include "store/open_store.h"
#include "store/store.h"
#include "testing/test_support.h"

namespace openwsus {
namespace {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  // Runs the binary with `args` and standard input from /dev/null (or `input`),
  // without any API settings the developer's environment may hold.
  RunResult Run(const std::string& args, const std::string* input = nullptr) {
    std::string err_path = dir_.path() + "/stderr.txt";
    std::string in_path = "/dev/null";
    if (input != nullptr) {
      in_path = dir_.path() + "/stdin.txt";
      testing::WriteFileOrDie(in_path, *input);
    }
    std::string cmd = "env -u OPENWSUS_SERVER -u OPENWSUS_TOKEN -u OPENWSUS_CA_FILE " +
                      openwsus::testing::OpenwsusBinary() + " --data-dir " + dir_.path() + "/data " + args + " <" +
                      in_path + " 2>" + err_path;
    RunResult r;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = testing::ReadFileOrDie(err_path);
    return r;
  }
  RunResult RunWithInput(const std::string& args, const std::string& input) { return Run(args, &input); }

  std::string WriteDocs() {
    testing::WriteFileOrDie(dir_.path() + "/docs/bundle.xml", catalog::testdocs::kBundle);
    testing::WriteFileOrDie(dir_.path() + "/docs/product.xml", catalog::testdocs::kProduct);
    return dir_.path() + "/docs";
  }

  testing::ScopedTempDir dir_;
};

TEST_F(CliTest, ImportListShowAndFragments) {
  RunResult imported = Run("import " + WriteDocs());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("Imported 2 documents: 2 added, 0 already stored."), std::string::npos) << imported.out;
  RunResult again = Run("import " + dir_.path() + "/docs");
  EXPECT_NE(again.out.find("0 added, 2 already stored"), std::string::npos) << again.out;

  RunResult list = Run("update list");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("Security Update & Fix"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("KB5000001"), std::string::npos);
  EXPECT_NE(list.out.find("2 updates"), std::string::npos);

  RunResult filtered = Run("update list --product 'widgets' --json");
  ASSERT_EQ(filtered.exit_code, 0) << filtered.err;
  EXPECT_NE(filtered.out.find("\"update_id\": \"11111111-2222-3333-4444-555555555555\""), std::string::npos)
      << filtered.out;
  EXPECT_EQ(filtered.out.find("Widgets 2\""), std::string::npos);  // the product itself is not a member

  RunResult by_kb = Run("update list --kb KB5000001 --type software");
  EXPECT_NE(by_kb.out.find("1 updates"), std::string::npos) << by_kb.out;

  RunResult show = Run("update show 11111111-2222-3333-4444-555555555555");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  for (const char* want :
       {"Security Update & Fix", "revision_number:", "201", "bundle members:", "bbbbbbbb-0000-0000-0000-000000000002",
        "supersedes:", "99999999-0000-0000-0000-000000000001", "fix.exe", "a9993e364706816aba3e25717850c26c9cd0d89d",
        "clause 1 (category):", "cccccccc-0000-0000-0000-000000000002  Widgets 2"}) {
    EXPECT_NE(show.out.find(want), std::string::npos) << want << " in:\n" << show.out;
  }
  RunResult core = Run("update show 11111111-2222-3333-4444-555555555555 --fragment core");
  EXPECT_EQ(
      core.out.rfind("<UpdateIdentity UpdateID=\"11111111-2222-3333-4444-555555555555\" RevisionNumber=\"201\" />", 0),
      0u)
      << core.out;
  RunResult de = Run("update show 11111111-2222-3333-4444-555555555555 --fragment localized:de");
  EXPECT_EQ(de.out,
            "<LocalizedProperties><Language>de</Language><Title>Sicherheitsupdate</Title></LocalizedProperties>\n");
}

TEST_F(CliTest, BadArgumentsSayWhatIsWrong) {
  ASSERT_EQ(Run("import " + WriteDocs()).exit_code, 0);
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"update list --type gadget", "--type must be software, driver, category or detectoid"},
      {"update list --product nothing-like-it", "no product matches 'nothing-like-it'"},
      {"update show not-a-guid", "not a GUID"},
      {"update show 00000000-0000-0000-0000-000000000001", "no update 00000000-0000-0000-0000-000000000001"},
      {"update show 11111111-2222-3333-4444-555555555555 --fragment everything", "--fragment must be"},
      {"import " + dir_.path() + "/nope.cab", "does not exist"},
      {"frobnicate", "frobnicate"},
  };
  for (const Case& c : cases) {
    RunResult r = Run(c.args);
    EXPECT_NE(r.exit_code, 0) << c.args;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << ": " << r.err;
  }
}

TEST_F(CliTest, RealExportGivesClassificationsAndProductTree) {
  auto fixtures = testing::FixturesDir();
  if (!fixtures) GTEST_SKIP() << "../shared/fixtures is absent: WSUS.cab CLI test skipped";
  RunResult imported = Run("import " + *fixtures + "/wsus-export/WSUS.cab");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("4125 revisions of 4087 updates"), std::string::npos) << imported.out;

  RunResult classes = Run("classification list");
  EXPECT_NE(classes.out.find("12 classifications"), std::string::npos) << classes.out;
  for (const char* name : {"Critical Updates", "Security Updates", "Definition Updates", "Upgrades", "Drivers"}) {
    EXPECT_NE(classes.out.find(name), std::string::npos) << name;
  }
  RunResult products = Run("product list");
  ASSERT_EQ(products.exit_code, 0) << products.err;
  size_t windows = products.out.find("\n  Windows  [ProductFamily");
  size_t windows11 = products.out.find("\n    Windows 11  [Product 72e7624a-5b00-45d2-b92f-e561c0a6a160]");
  EXPECT_NE(windows, std::string::npos) << products.out.substr(0, 2000);
  EXPECT_NE(windows11, std::string::npos);
  EXPECT_LT(windows, windows11);
  EXPECT_EQ(products.out.rfind("Microsoft  [Company", 0) == 0 ||
                products.out.find("\nMicrosoft  [Company") != std::string::npos,
            true);

  RunResult security = Run("update list --classification security --json");
  EXPECT_EQ(security.exit_code, 0);
}

TEST_F(CliTest, TokenCreateListRevokeOnTheDataDirectory) {
  RunResult created = Run("token create --role administrator --name ci");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  // The token alone on stdout, for TOKEN=$(openwsus token create ...).
  ASSERT_EQ(created.out.size(), 48u) << created.out;
  std::string token = created.out.substr(0, 47);
  EXPECT_EQ(token.rfind("ows_", 0), 0u);
  EXPECT_EQ(created.out.back(), '\n');
  EXPECT_NE(created.err.find("shown only this once"), std::string::npos) << created.err;

  RunResult reporter = Run("token create --role reporter --json");
  ASSERT_EQ(reporter.exit_code, 0) << reporter.err;
  auto reporter_json = nlohmann::json::parse(reporter.out);
  EXPECT_EQ(reporter_json["role"], "reporter");
  EXPECT_EQ(reporter_json["name"], "reporter");
  EXPECT_EQ(reporter_json["id"], 2);
  EXPECT_EQ(reporter_json["prefix"], reporter_json["token"].get<std::string>().substr(0, 8));

  RunResult list = Run("token list");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const std::string& want : {std::string("ci"), std::string("administrator"), token.substr(0, 8) + "...",
                                  std::string("active"), std::string("2 tokens")}) {
    EXPECT_NE(list.out.find(want), std::string::npos) << want << " in:\n" << list.out;
  }
  EXPECT_EQ(list.out.find(token), std::string::npos) << "the token itself is never shown again";

  RunResult revoked = Run("token revoke 1");
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_NE(revoked.out.find("revoked token 1"), std::string::npos);
  auto listed = nlohmann::json::parse(Run("token list --json").out);
  ASSERT_EQ(listed["tokens"].size(), 2u);
  EXPECT_EQ(listed["tokens"][0]["revoked"], true);
  EXPECT_EQ(listed["tokens"][1]["revoked"], false);
  EXPECT_FALSE(listed["tokens"][0].contains("hash"));

  // Only the SHA-256 is stored, and both changes are in the audit log.
  auto store = store::OpenStore(store::SqliteUrl(dir_.path() + "/data/openwsus.db"));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto found = (*store)->FindTokenByHash(admin::HashTokenSecret(token));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->name, "ci");
  EXPECT_EQ((*found)->prefix, token.substr(0, 8));
  EXPECT_TRUE((*found)->revoked);
  auto audit = (*store)->ListAudit(10);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ((*audit)[0].action, "token.revoke");  // newest first
  EXPECT_EQ((*audit)[0].target, "1");
  EXPECT_EQ((*audit)[2].action, "token.create");
  EXPECT_EQ((*audit)[2].actor, "local");
  EXPECT_EQ((*audit)[2].details.find(token), std::string::npos);
}

TEST_F(CliTest, ApiCommandsSayWhatIsWrong) {
  int closed = http::testing::ClosedLoopbackPort();
  std::string closed_url = "http://127.0.0.1:" + std::to_string(closed);
  const std::string kId = "11111111-2222-3333-4444-555555555555";
  struct Case {
    std::string args;
    int exit_code;
    std::string message;
  };
  const Case cases[] = {
      // Checked before any connection.
      {"update approve " + kId + " --action deploy --group Lab", 2,
       "--action must be install, optional-install, uninstall or not-approved, not 'deploy'"},
      {"update approve " + kId + " --group Lab", 2, "--action is required"},
      {"update approve " + kId + " --action install", 2, "--group is required"},
      {"update approve " + kId + " --action not-approved --group Lab --deadline 2026-11-25", 2,
       "--deadline cannot go with --action not-approved"},
      {"update approve " + kId + " --action install --group Lab --deadline soon", 2, "--deadline must be a UTC date"},
      {"update approve KB5034441 --action install --group Lab", 2, "'KB5034441' is not an update id"},
      {"update approve --action install --group Lab", 2, "standard input is empty"},
      {"update list --approval sometimes", 2,
       "--approval must be unapproved, approved, declined or any-except-declined"},
      {"update list --status broken", 2, "--status must be needed, failed-or-needed"},
      {"computer list --status x", 2, "--status must be"},
      {"computer list --synced-before yesterday", 2, "--synced-before must be a UTC date"},
      {"settings set --targeting-mode both", 2, "--targeting-mode must be server or client"},
      {"settings set --decline-expired yes", 2, "--decline-expired must be true or false"},
      {"settings set", 2, "nothing to set"},
      {"rule add r --group Lab --classification Security --deadline-time 25:00 --deadline-days 1", 2,
       "--deadline-time must be HH:MM"},
      {"token create --role root", 2, "--role must be administrator or reporter, not 'root'"},
      {"token create", 2, "--role is required"},
      {"token revoke abc", 2, "token id must be a number"},
      {"token revoke 42", 1, "no token 42"},
      {"computer show", 2, "id is required"},
      // No server anywhere.
      {"update list --approval unapproved", 1, "no server to talk to: pass --server URL"},
      // A server but no token.
      {"--server " + closed_url + " group list", 1,
       "no API token: create one on the server's data directory with `openwsus token create --role administrator`"},
      // Nothing listens there; global flags work after the subcommand too.
      {"group list --server " + closed_url + " --token ows_x", 1,
       "cannot connect to " + closed_url + ": Connection refused"},
      {"--server ftp://x --token t group list", 2, "the scheme must be http or https"},
  };
  for (const Case& c : cases) {
    RunResult r = Run(c.args);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.args << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << ": " << r.err;
  }

  // The server of a running `openwsus serve` (ports.json) that has gone away.
  testing::WriteFileOrDie(dir_.path() + "/data/ports.json", "{\"http_port\": " + std::to_string(closed) + "}");
  RunResult gone = Run("--token ows_x computer list");
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_NE(gone.err.find("is `openwsus serve` still running?"), std::string::npos) << gone.err;
}

TEST_F(CliTest, ConfiguredServerTurnsListingsToTheApi) {
  ASSERT_EQ(Run("import " + WriteDocs()).exit_code, 0);
  int closed = http::testing::ClosedLoopbackPort();
  // ports.json alone: listings stay local.
  testing::WriteFileOrDie(dir_.path() + "/data/ports.json", "{\"http_port\": " + std::to_string(closed) + "}");
  EXPECT_EQ(Run("update list").exit_code, 0);
  EXPECT_EQ(Run("classification list").exit_code, 0);
  // cli.json names a server: they ask it.
  testing::WriteFileOrDie(dir_.path() + "/data/cli.json",
                          "{\"server\": \"http://127.0.0.1:" + std::to_string(closed) + "\", \"token\": \"ows_x\"}");
  for (const char* args : {"update list", "product list", "classification list --json"}) {
    RunResult r = Run(args);
    EXPECT_EQ(r.exit_code, 1) << args;
    EXPECT_NE(r.err.find("Connection refused"), std::string::npos) << args << ": " << r.err;
  }
  testing::WriteFileOrDie(dir_.path() + "/data/cli.json", "{\"server\": 8530}");
  RunResult bad = Run("update list");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("\"server\" must be a string"), std::string::npos) << bad.err;
}

TEST_F(CliTest, ApproveReadsTheListOutputAndReportsEachUpdate) {
  ASSERT_EQ(Run("import " + WriteDocs()).exit_code, 0);
  // What the server says: the first update approves, the second is declined.
  http::testing::FakeHttpServer server([](const http::testing::FakeRequest& request) {
    if (request.target.find("/api/v1/updates/11111111-2222-3333-4444-555555555555/approvals") == 0) {
      return http::testing::HttpAnswer(200, R"({"update_id": "11111111-2222-3333-4444-555555555555",
                                              "title": "Security Update", "kb_article_id": "5000001"})");
    }
    if (request.target.find("/approvals") != std::string::npos) {
      return http::testing::HttpAnswer(
          409, R"({"error": {"code": "failed_precondition", "message": "update is declined"}})");
    }
    return http::testing::HttpAnswer(400, R"({"error": {"code": "invalid_argument", "message": "no such thing"}})");
  });
  std::string flags = "--server " + server.url() + " --token ows_test ";

  // The local `update list --json` output, piped in (an array of {"update_id"}).
  RunResult local = Run("update list --json");
  ASSERT_EQ(local.exit_code, 0) << local.err;
  RunResult approved = RunWithInput(
      flags + "update approve --action install --group Workstations/Lab --deadline 2026-11-25T18:00:00Z -", local.out);
  EXPECT_EQ(approved.exit_code, 1) << approved.err;
  EXPECT_NE(approved.out.find("approved  11111111-2222-3333-4444-555555555555  Security Update (KB5000001): install "
                              "for Workstations/Lab, deadline 2026-11-25T18:00:00Z"),
            std::string::npos)
      << approved.out;
  EXPECT_NE(approved.out.find("update is declined"), std::string::npos) << approved.out;
  EXPECT_NE(approved.out.find("2 updates: 1 approved, 1 failed"), std::string::npos) << approved.out;
  EXPECT_NE(approved.err.find("error: 1 of 2 updates failed"), std::string::npos) << approved.err;

  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_NE(requests[0].head.find("Authorization: Bearer ows_test"), std::string::npos);
  auto body = nlohmann::json::parse(requests[0].body);
  EXPECT_EQ(body["action"], "install");
  EXPECT_EQ(body["group"], "Workstations/Lab");
  EXPECT_EQ(body["deadline"], "2026-11-25T18:00:00Z");

  // The API form and plain lines work too; a 400 answer exits 2.
  RunResult api_form =
      RunWithInput(flags + "update decline", R"({"updates": [{"update_id": "99999999-0000-0000-0000-000000000001"}]})");
  EXPECT_EQ(api_form.exit_code, 2) << api_form.err;
  EXPECT_NE(api_form.err.find("error: no such thing"), std::string::npos) << api_form.err;
  EXPECT_EQ(server.requests().back().target, "/api/v1/updates/99999999-0000-0000-0000-000000000001/decline");

  RunResult nothing = RunWithInput(flags + "update approve --action install --group Lab -", "{\"updates\": []}");
  EXPECT_EQ(nothing.exit_code, 0) << nothing.err;
  EXPECT_NE(nothing.err.find("nothing to do"), std::string::npos);
}

}  // namespace
}  // namespace openwsus
