// `openwsus serve` as a user runs it: the real binary in a child process on a
// fresh data directory, a free port on 127.0.0.1, and HTTP over loopback.
// Every wait is bounded; a child still running at the end is killed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "app/demo_seeder.h"
#include "common/hash.h"
#include "common/xpress.h"
#include "demo/demo_catalog.h"
#include "http/test_http_client.h"
#include "testing/serve_process.h"
#include "testing/test_support.h"

namespace openwsus::app {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using openwsus::testing::ReadFileOrDie;
using openwsus::testing::ScopedTempDir;
using openwsus::testing::WriteFileOrDie;
using std::chrono::milliseconds;
using std::chrono::seconds;

using testing::ChildProcess;

// One `openwsus serve` of the binary under test.
class ServeProcess : public testing::ServeProcess {
 public:
  explicit ServeProcess(std::string data_dir)
      : testing::ServeProcess(openwsus::testing::OpenwsusBinary(), std::move(data_dir)) {}
};

// Runs `openwsus <args>` to completion and returns its exit code and stderr.
std::pair<std::optional<int>, std::string> RunToExit(const ScopedTempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), openwsus::testing::OpenwsusBinary());
  ChildProcess child;
  std::string out = dir.path() + "/run.out";
  std::string err = dir.path() + "/run.err";
  if (!child.Start(args, out, err)) return {std::nullopt, "cannot start"};
  std::optional<int> code = child.WaitForExit(seconds(30));
  return {code, ReadFileOrDie(err)};
}

// One server shared by the tests that only talk to it. Its config file
// shortens the read timeout and the body limit so the limit tests are quick.
class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScopedTempDir();
    std::string data_dir = dir_->path() + "/data";
    WriteFileOrDie(data_dir + "/openwsus.json",
                   R"({"read_timeout_seconds": 1, "max_body_bytes": 65536,
                       "shutdown_timeout_seconds": 5})");
    server_ = new ServeProcess(data_dir);
    start_result_ = new ::testing::AssertionResult(server_->Start());
  }
  static void TearDownTestSuite() {
    delete start_result_;
    delete server_;  // kills it if a test left it running
    delete dir_;
  }
  void SetUp() override { ASSERT_TRUE(*start_result_); }

  std::unique_ptr<http::TestHttpClient> Connect() {
    auto client = http::TestHttpClient::Connect(server_->http_port());
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  static ScopedTempDir* dir_;
  static ServeProcess* server_;
  static ::testing::AssertionResult* start_result_;
};

ScopedTempDir* ServeTest::dir_ = nullptr;
ServeProcess* ServeTest::server_ = nullptr;
::testing::AssertionResult* ServeTest::start_result_ = nullptr;

TEST_F(ServeTest, AnnouncesWhereItListens) {
  EXPECT_GT(server_->http_port(), 0);
  EXPECT_FALSE(server_->https_port().has_value());
  std::string expected = "openwsus listening on http://127.0.0.1:" + std::to_string(server_->http_port());
  EXPECT_NE(server_->Stdout().find(expected), std::string::npos) << server_->Stdout();
  EXPECT_NE(server_->Stderr().find("msg=\"listening\""), std::string::npos) << server_->Stderr();
}

TEST_F(ServeTest, HealthAnswersWithTheVersion) {
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  auto response = client->Request("GET", "/health");
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->headers.Get("Content-Type"), "application/json");
  nlohmann::json body = nlohmann::json::parse(response->body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["version"], OPENWSUS_EXPECTED_VERSION);
  EXPECT_EQ(response->headers.Get("Server"), std::string("OpenWSUS/") + OPENWSUS_EXPECTED_VERSION);
}

TEST_F(ServeTest, UnknownPathIs404) {
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  auto response = client->Request("GET", "/no/such/page");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 404);
  response = client->Request("POST", "/health", "x");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 405);
}

// The MS-WUSP handshake's first step as WUA sends it (../fixtures/wsus-rs
// wsus-m0-native/scan/000001), over HTTP to the real binary.
TEST_F(ServeTest, AnswersGetConfigOverHttp) {
  const std::string ns = "http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService";
  const std::string body =
      "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><GetConfig xmlns=\"" + ns +
      "\"><protocolVersion>2.90</protocolVersion></GetConfig></s:Body></s:Envelope>";
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  std::string last_change;
  for (int i = 0; i < 2; ++i) {
    // As WUA sends it, offering xpress: the answer comes compressed, as from
    // real WSUS, framed by Content-Length (no chunking was ever seen).
    auto response = client->Request(
        "POST", "/ClientWebService/client.asmx", body,
        "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"" + ns + "/GetConfig\"\r\nAccept-Encoding: xpress\r\n");
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, 200) << response->body;
    EXPECT_EQ(response->headers.Get("Content-Type"), "text/xml; charset=utf-8");
    EXPECT_EQ(response->headers.Get("Content-Length"), std::to_string(response->body.size()));
    EXPECT_FALSE(response->headers.Get("Transfer-Encoding").has_value());
    EXPECT_EQ(response->headers.Get("Content-Encoding"), "xpress");
    auto decoded = XpressDecode(response->body, 1u << 20);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    response->body = *decoded;
    EXPECT_EQ(response->headers.Get("Cache-Control"), "private");
    EXPECT_NE(response->body.find("<GetConfigResponse xmlns=\"" + ns + "\"><GetConfigResult><LastChange>"),
              std::string::npos)
        << response->body;
    EXPECT_NE(response->body.find("<Name>ProtocolVersion</Name><Value>3.2</Value>"), std::string::npos);
    EXPECT_NE(response->body.find("<Value>\\\\127.0.0.1\\UpdateServicesPackages</Value>"), std::string::npos)
        << response->body;
    size_t begin = response->body.find("<LastChange>");
    std::string this_change = response->body.substr(begin, response->body.find("</LastChange>") - begin);
    if (i == 1) {
      EXPECT_EQ(this_change, last_change) << "LastChange must be kept";
    }
    last_change = this_change;
  }
  // SyncUpdates answers over HTTP too; without a cookie, the fault names it.
  auto response = client->Request("POST", "/ClientWebService/client.asmx",
                                  "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                                  "<SyncUpdates xmlns=\"" +
                                      ns + "\"/></s:Body></s:Envelope>",
                                  "SOAPAction: \"" + ns + "/SyncUpdates\"\r\n");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 500);
  EXPECT_NE(response->body.find("<ErrorCode>InvalidParameters</ErrorCode><Message>parameters.cookie</Message>"),
            std::string::npos)
      << response->body;
  // The cookie keys were created in the data directory's keys/ folder.
  EXPECT_TRUE(fs::exists(dir_->path() + "/data/keys/cookie_keys"));
}

// The upstream role over HTTP: a downstream's handshake (the DSS service at
// the doubled-slash path a real downstream WSUS uses), its revision list of
// the demo catalog, and one document.
TEST_F(ServeTest, ServesADownstreamServerOverHttp) {
  const std::string dss = "http://www.microsoft.com/SoftwareDistribution/Server/DssAuthWebService";
  const std::string sync = "http://www.microsoft.com/SoftwareDistribution";
  auto envelope = [](const std::string& ns, const std::string& op, const std::string& inner) {
    return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><" + op + " xmlns=\"" +
           ns + "\">" + inner + "</" + op + "></soap:Body></soap:Envelope>";
  };
  auto between = [](const std::string& text, const std::string& open, const std::string& close) {
    size_t a = text.find(open);
    if (a == std::string::npos) return std::string();
    a += open.size();
    return text.substr(a, text.find(close, a) - a);
  };
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  auto call = [&](const std::string& path, const std::string& ns, const std::string& op, const std::string& inner) {
    auto r = client->Request("POST", path, envelope(ns, op, inner),
                             "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"" + ns + "/" + op + "\"\r\n");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : http::TestHttpResponse{};
  };
  auto auth = call("//DssAuthWebService/DssAuthWebService.asmx", dss, "GetAuthorizationCookie",
                   "<accountName>branch.example.org</accountName>"
                   "<accountGuid>6f1c2f6e-3f0b-4d3a-9b1e-0d2f6a1c5e11</accountGuid>");
  ASSERT_EQ(auth.status, 200) << auth.body;
  auto cookie = call("/ServerSyncWebService/ServerSyncWebService.asmx", sync, "GetCookie",
                     "<authCookies><AuthorizationCookie><PlugInId>DssTargeting</PlugInId><CookieData>" +
                         between(auth.body, "<CookieData>", "</CookieData>") +
                         "</CookieData></AuthorizationCookie></authCookies><protocolVersion>1.20</protocolVersion>");
  ASSERT_EQ(cookie.status, 200) << cookie.body;
  std::string cookie_xml = "<cookie>" + between(cookie.body, "<GetCookieResult>", "</GetCookieResult>") + "</cookie>";
  auto list = call("/serversyncwebservice/serversyncwebservice.asmx", sync, "GetRevisionIdList",
                   cookie_xml + "<filter><GetConfig>false</GetConfig></filter>");
  ASSERT_EQ(list.status, 200) << list.body;
  std::string first = between(list.body, "<UpdateIdentity>", "</UpdateIdentity>");
  ASSERT_FALSE(first.empty()) << list.body;
  auto data = call("/ServerSyncWebService/ServerSyncWebService.asmx", sync, "GetUpdateData",
                   cookie_xml + "<updateIds><UpdateIdentity>" + first + "</UpdateIdentity></updateIds>");
  ASSERT_EQ(data.status, 200) << data.body;
  EXPECT_NE(data.body.find("<ServerSyncUpdateData><Id>" + first + "</Id>"), std::string::npos) << data.body;
  auto fault = call("/ServerSyncWebService/ServerSyncWebService.asmx", sync, "GetRevisionIdList",
                    cookie_xml + "<filter><Anchor>garbage</Anchor><GetConfig>false</GetConfig></filter>");
  EXPECT_EQ(fault.status, 500);
  EXPECT_NE(fault.body.find("<ErrorCode>InvalidParameters</ErrorCode><Message>filter</Message>"), std::string::npos);
}

TEST_F(ServeTest, BodyOverTheLimitIs413AndTheServerStaysUp) {
  {
    auto client = Connect();
    ASSERT_NE(client, nullptr);
    auto response = client->Request("POST", "/ClientWebService/client.asmx", std::string(70000, 'x'));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, 413);
    EXPECT_TRUE(client->WaitForClose(seconds(5)));
  }
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  auto response = client->Request("GET", "/health");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(server_->child().running());
}

TEST_F(ServeTest, UnfinishedRequestIsCutByTheReadTimeout) {
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->Send("POST /ClientWebService/client.asmx HTTP/1.1\r\nHost: x\r\n").ok());
  auto start = Clock::now();
  EXPECT_TRUE(client->WaitForClose(seconds(10)));
  EXPECT_GE(Clock::now() - start, milliseconds(800));
  EXPECT_TRUE(server_->child().running());
}

TEST_F(ServeTest, DemoContentIsLaidOutLikeWsus) {
  DataDir data_dir(dir_->path() + "/data");
  std::vector<demo::DemoContentFile> files = demo::DemoContent();
  ASSERT_FALSE(files.empty());
  for (const demo::DemoContentFile& file : files) {
    std::string sha1 = HexEncode(Sha1(file.bytes), /*upper=*/true);
    std::string path = DemoSeeder::ContentPath(data_dir, sha1, file.file_name);
    ASSERT_TRUE(fs::exists(path)) << file.file_name << " not at " << path;
    EXPECT_EQ(fs::file_size(path), file.bytes.size());
  }
}

TEST(ServeLifecycleTest, SigtermStopsCleanlyAndARestartKeepsTheCatalog) {
  ScopedTempDir dir;
  ServeProcess server(dir.path() + "/data");
  ASSERT_TRUE(server.Start());
  EXPECT_NE(server.Stderr().find("loaded the demo catalog"), std::string::npos) << server.Stderr();
  {
    // A kept-alive idle connection must not hold the shutdown up.
    auto client = http::TestHttpClient::Connect(server.http_port());
    ASSERT_TRUE(client.ok());
    ASSERT_TRUE((*client)->Request("GET", "/health").ok());
    auto start = Clock::now();
    server.child().Signal(SIGTERM);
    EXPECT_EQ(server.child().WaitForExit(seconds(10)), 0) << server.Stderr();
    EXPECT_LT(Clock::now() - start, seconds(5));
  }
  EXPECT_FALSE(fs::exists(dir.path() + "/data/ports.json"));

  // Second start on the same data directory: no second import; SIGINT works too.
  ServeProcess again(dir.path() + "/data");
  ASSERT_TRUE(again.Start());
  EXPECT_EQ(again.Stderr().find("loaded the demo catalog"), std::string::npos) << again.Stderr();
  again.child().Signal(SIGINT);
  EXPECT_EQ(again.child().WaitForExit(seconds(10)), 0) << again.Stderr();
}

TEST(ServeLifecycleTest, ServesHttpsWithACertificate) {
  ScopedTempDir dir;
  std::string cert = dir.path() + "/cert.pem";
  std::string key = dir.path() + "/key.pem";
  ASSERT_TRUE(http::WriteSelfSignedCertificate(cert, key).ok());
  ServeProcess server(dir.path() + "/data");
  ASSERT_TRUE(server.Start({"--https-port", "0", "--tls-cert", cert, "--tls-key", key}));
  ASSERT_TRUE(server.https_port().has_value());
  EXPECT_NE(server.Stdout().find("openwsus listening on https://127.0.0.1:" + std::to_string(*server.https_port())),
            std::string::npos)
      << server.Stdout();
  auto client = http::TestHttpClient::Connect(*server.https_port(), /*tls=*/true);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto response = (*client)->Request("GET", "/health");
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().WaitForExit(seconds(10)), 0) << server.Stderr();
}

TEST(ServeLifecycleTest, BadSettingsExitWithCode2AndSayWhy) {
  ScopedTempDir dir;
  std::string data_dir = dir.path() + "/data";
  auto [code, err] = RunToExit(dir, {"--data-dir", data_dir, "serve", "--http-port", "http"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("--http-port must be an integer"), std::string::npos) << err;

  std::tie(code, err) = RunToExit(dir, {"--data-dir", data_dir, "serve", "--tls-cert", "c.pem"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("--tls-key"), std::string::npos) << err;

  WriteFileOrDie(data_dir + "/openwsus.json", R"({"http_prot": 8530})");
  std::tie(code, err) = RunToExit(dir, {"--data-dir", data_dir, "serve"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("unknown key 'http_prot'"), std::string::npos) << err;

  std::string config = dir.path() + "/other.json";
  WriteFileOrDie(config, R"({"max_body_bytes": "big"})");
  std::tie(code, err) = RunToExit(dir, {"--data-dir", data_dir, "--config", config, "serve"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("key 'max_body_bytes'"), std::string::npos) << err;
}

TEST(ServeLifecycleTest, PortInUseFailsWithoutServing) {
  ScopedTempDir dir;
  ServeProcess first(dir.path() + "/one");
  ASSERT_TRUE(first.Start());
  auto [code, err] = RunToExit(dir, {"--data-dir", dir.path() + "/two", "serve", "--bind", "127.0.0.1", "--http-port",
                                     std::to_string(first.http_port())});
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("cannot listen"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir.path() + "/two/ports.json"));
  first.child().Signal(SIGTERM);
  EXPECT_EQ(first.child().WaitForExit(seconds(10)), 0);
}

}  // namespace
}  // namespace openwsus::app
