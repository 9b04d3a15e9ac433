// WuspService in process, on a real SQLite store in a temp dir: the handshake
// of a real Windows 11 Update Agent replayed from ../fixtures/wsus-rs
// (wsus-m0-native/scan), with our cookies in place of the blanked ones, each
// response compared with the real server's structurally; then the faults.
#include "wusp/wusp_service.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include "common/cookie_sealer.h"
#include "common/key_ring.h"
#include "common/log.h"
#include "http/router.h"
#include "store/server_settings.h"
#include "store/store.h"
#include "testing/test_support.h"
#include "wusp/test_replay.h"
#include "wusp/wusp_test_fixture.h"
#include "xml/soap_request.h"

namespace openwsus::wusp {
namespace {

using openwsus::testing::ReadFileOrDie;
using openwsus::testing::ScopedTempDir;

// The real server's config LastChange in the capture; stored as ours so that
// the real GetCookie request (which echoes it) is valid here too.
constexpr const char* kCapturedLastChange = "2026-10-04T13:17:07.59Z";

using WuspServiceTest = WuspTestFixture;

TEST_F(WuspServiceTest, ReplaysTheRealHandshake) {
  auto get_config = LoadExchange("scan", "000001");
  if (!get_config) GTEST_SKIP() << "fixtures absent: ../shared/fixtures/wsus-rs/wsus-m0-native/scan";
  auto get_auth = LoadExchange("scan", "000002");
  auto get_cookie = LoadExchange("scan", "000003");
  auto register_computer = LoadExchange("scan", "000004");
  ASSERT_TRUE(get_auth && get_cookie && register_computer);
  ASSERT_TRUE(store_->SetSetting(std::string(store::kConfigLastChangeSetting), kCapturedLastChange).ok());

  // GetConfig: the whole Config equal but for the package share's host.
  http::HttpResponse r = Post(get_config->path, get_config->soap_action, get_config->request_body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers.Get("Content-Type").value_or(""), "text/xml; charset=utf-8");
  ExpectSameResponse(get_config->response_body, r.body);
  EXPECT_EQ(ElementText(r.body, "LastChange"), kCapturedLastChange);
  EXPECT_NE(r.body.find("<Value>\\\\192.0.2.1\\UpdateServicesPackages</Value>"), std::string::npos) << r.body;

  // GetAuthorizationCookie (SimpleAuth, .asmx style).
  r = Post(get_auth->path, get_auth->soap_action, get_auth->request_body);
  ASSERT_EQ(r.status, 200) << r.body;
  ExpectSameResponse(get_auth->response_body, r.body);
  std::string auth_cookie = ElementText(r.body, "CookieData");
  auto auth = sealer_->OpenAuthorizationCookie(auth_cookie, DateTime::Now());
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(auth->client_id.ToString(), kCapturedClientId);
  EXPECT_EQ(auth->dns_name, "REDACTED3");
  EXPECT_TRUE(auth->target_groups.empty());

  // GetCookie, with our authorization cookie; its oldCookie has only Expiration.
  r = Post(get_cookie->path, get_cookie->soap_action,
           ReplaceBlanked(get_cookie->request_body, "CookieData", auth_cookie));
  ASSERT_EQ(r.status, 200) << r.body;
  ExpectSameResponse(get_cookie->response_body, r.body);
  std::string encrypted = ElementText(r.body, "EncryptedData");
  auto expiration = DateTime::Parse(ElementText(r.body, "Expiration"));
  ASSERT_TRUE(expiration.ok());
  int64_t lifetime = expiration->unix_seconds() - DateTime::Now().unix_seconds();
  EXPECT_GT(lifetime, 3500);
  EXPECT_LE(lifetime, 3600);
  auto cookie = sealer_->OpenClientCookie(encrypted, DateTime::Now());
  ASSERT_TRUE(cookie.ok()) << cookie.status().ToString();
  EXPECT_EQ(cookie->client_id.ToString(), kCapturedClientId);
  EXPECT_EQ(cookie->protocol_version, "2.90");
  EXPECT_EQ(cookie->config_last_change.ToString(), kCapturedLastChange);
  EXPECT_EQ(cookie->expires, *expiration);
  EXPECT_EQ(cookie->key_version, keys_->current_version());
  EXPECT_EQ(cookie->deployment_high_water, 0);

  // RegisterComputer, with our cookie: an empty response, and the computer stored.
  r = Post(register_computer->path, register_computer->soap_action,
           ReplaceBlanked(register_computer->request_body, "EncryptedData", encrypted));
  ASSERT_EQ(r.status, 200) << r.body;
  ExpectSameResponse(register_computer->response_body, r.body);
  auto computers = store_->ListComputers();
  ASSERT_TRUE(computers.ok());
  ASSERT_EQ(computers->size(), 1u);
  const store::ComputerRecord& c = computers->front();
  EXPECT_EQ(c.id.ToString(), kCapturedClientId);
  EXPECT_EQ(c.name, "REDACTED3");
  EXPECT_EQ(c.os_description, "Windows 10 Pro");
  EXPECT_EQ(c.ip_address, "192.0.2.7");
  ASSERT_TRUE(c.last_sync.has_value());
  EXPECT_LE(DateTime::Now().unix_seconds() - c.last_sync->unix_seconds(), 60);
}

// The structural comparison must notice what matters and only that.
TEST(ExpectSameResponseTest, NoticesDifferences) {
  static const std::string base =
      "<s:Envelope xmlns:s=\"urn:e\"><s:Body><R xmlns=\"urn:a\"><IsRegistrationRequired>true</IsRegistrationRequired>"
      "<EncryptedData>AAAA</EncryptedData></R></s:Body></s:Envelope>";
  ExpectSameResponse(base, std::string(base).replace(base.find("AAAA"), 4, "QkJC"));  // cookies may differ
  EXPECT_NONFATAL_FAILURE(ExpectSameResponse(base, std::string(base).replace(base.find("true"), 4, "false")),
                          "IsRegistrationRequired");
  EXPECT_NONFATAL_FAILURE(ExpectSameResponse(base, std::string(base).replace(base.find("urn:a"), 5, "urn:b")), "urn:b");
  EXPECT_FATAL_FAILURE(
      ExpectSameResponse(base, std::string(base).replace(base.find("<EncryptedData>AAAA</EncryptedData>"), 35, "")),
      "");
}

TEST_F(WuspServiceTest, ConfigLastChangeIsCreatedOnceAndKept) {
  std::string first = ConfigLastChange();
  ASSERT_TRUE(DateTime::Parse(first).ok()) << first;
  auto stored = store_->GetSetting(std::string(store::kConfigLastChangeSetting));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ(**stored, first);
  EXPECT_EQ(ConfigLastChange(), first);
  // The server id too.
  auto again = store::LoadOrCreateServerId(store_.get());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, server_id_);
}

TEST_F(WuspServiceTest, TargetGroupNamesAreSplitOnSemicolons) {
  std::string encrypted = ClientCookie("<targetGroupName>Lab; Workstations;;Lab</targetGroupName>");
  auto cookie = sealer_->OpenClientCookie(encrypted, DateTime::Now());
  ASSERT_TRUE(cookie.ok());
  EXPECT_EQ(cookie->target_groups, (std::vector<std::string>{"Lab", "Workstations"}));
  Call(kClientNs, "RegisterComputer", RegisterParams(encrypted));
  auto computers = store_->ListComputers();
  ASSERT_TRUE(computers.ok() && computers->size() == 1);
  EXPECT_EQ(computers->front().requested_groups, (std::vector<std::string>{"Lab", "Workstations"}));
  EXPECT_EQ(computers->front().name, "pc1.example.test");
}

TEST_F(WuspServiceTest, ReRegistrationKeepsCreationTime) {
  std::string encrypted = ClientCookie();
  Call(kClientNs, "RegisterComputer", RegisterParams(encrypted));
  auto first = store_->ListComputers();
  ASSERT_TRUE(first.ok() && first->size() == 1);
  Call(kClientNs, "RegisterComputer", RegisterParams(encrypted));
  auto second = store_->ListComputers();
  ASSERT_TRUE(second.ok() && second->size() == 1);
  EXPECT_EQ(first->front().created, second->front().created);
}

TEST_F(WuspServiceTest, GarbageAuthorizationCookieIsInvalidAuthorizationCookie) {
  for (const std::string& garbage : {std::string("garbage"), std::string(""), std::string(600, 'A')}) {
    Fault f = CallFault(kClientNs, "GetCookie", GetCookieParams(garbage, ConfigLastChange()));
    EXPECT_EQ(f.error_code, "InvalidAuthorizationCookie") << garbage;
    EXPECT_EQ(f.method, Action(kClientNs, "GetCookie"));
    ExpectStillAnswering();
  }
  // No authCookies at all.
  Fault f = CallFault(kClientNs, "GetCookie", "<lastChange>" + ConfigLastChange() + "</lastChange>");
  EXPECT_EQ(f.error_code, "InvalidAuthorizationCookie");
  // A client cookie is not an authorization cookie.
  f = CallFault(kClientNs, "GetCookie", GetCookieParams(ClientCookie(), ConfigLastChange()));
  EXPECT_EQ(f.error_code, "InvalidAuthorizationCookie");
}

TEST_F(WuspServiceTest, WrongLastChangeIsConfigChanged) {
  Fault f = CallFault(kClientNs, "GetCookie", GetCookieParams(AuthCookie(), "2020-01-01T00:00:00Z"));
  EXPECT_EQ(f.error_code, "ConfigChanged");
  ExpectStillAnswering();
  // A cookie issued under another config is refused by RegisterComputer too.
  std::string encrypted = ClientCookie();
  ASSERT_TRUE(store_->SetSetting(std::string(store::kConfigLastChangeSetting), "2027-01-01T00:00:00Z").ok());
  f = CallFault(kClientNs, "RegisterComputer", RegisterParams(encrypted));
  EXPECT_EQ(f.error_code, "ConfigChanged");
  // A malformed one names the parameter.
  f = CallFault(kClientNs, "GetCookie", GetCookieParams(AuthCookie(), "yesterday"));
  EXPECT_EQ(f.error_code, "InvalidParameters");
  EXPECT_EQ(f.message, "parameters.lastChange");
}

TEST_F(WuspServiceTest, ForgedOrTamperedCookieIsInvalidCookie) {
  std::string encrypted = ClientCookie();
  std::string tampered = encrypted;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'B' ? 'C' : 'B';
  for (const std::string& bad : {tampered, std::string("Zm9yZ2VkIGNvb2tpZQ=="), std::string("not base64!")}) {
    Fault f = CallFault(kClientNs, "RegisterComputer", RegisterParams(bad));
    EXPECT_EQ(f.error_code, "InvalidCookie") << bad;
    EXPECT_EQ(f.message, "parameters.cookie");
    ExpectStillAnswering();
  }
  // No EncryptedData.
  Fault f = CallFault(kClientNs, "RegisterComputer",
                      "<cookie><Expiration>2026-10-04T16:03:35Z</Expiration></cookie><computerInfo/>");
  EXPECT_EQ(f.error_code, "InvalidCookie");
  // A forged oldCookie in GetCookie, too.
  f = CallFault(kClientNs, "GetCookie",
                GetCookieParams(AuthCookie(), ConfigLastChange(),
                                "<oldCookie><EncryptedData>" + tampered + "</EncryptedData></oldCookie>"));
  EXPECT_EQ(f.error_code, "InvalidCookie");
  // A valid (or expired) old cookie is simply replaced.
  EXPECT_FALSE(
      ElementText(Call(kClientNs, "GetCookie",
                       GetCookieParams(AuthCookie(), ConfigLastChange(),
                                       "<oldCookie><EncryptedData>" + encrypted + "</EncryptedData></oldCookie>")),
                  "EncryptedData")
          .empty());
  EXPECT_TRUE(store_->ListComputers()->empty());
}

TEST_F(WuspServiceTest, ExpiredCookieIsCookieExpired) {
  auto last_change = DateTime::Parse(ConfigLastChange());
  ASSERT_TRUE(last_change.ok());
  ClientCookieData data;
  data.client_id = Guid::Random();
  data.expires = DateTime::FromUnixSeconds(DateTime::Now().unix_seconds() - 60);
  data.protocol_version = "2.90";
  data.config_last_change = *last_change;
  auto sealed = sealer_->SealClientCookie(data);
  ASSERT_TRUE(sealed.ok());
  Fault f = CallFault(kClientNs, "RegisterComputer", RegisterParams(*sealed));
  EXPECT_EQ(f.error_code, "CookieExpired");
  ExpectStillAnswering();
  // An expired authorization cookie is an invalid one.
  AuthorizationCookieData auth;
  auth.client_id = data.client_id;
  auth.issued = DateTime::FromUnixSeconds(DateTime::Now().unix_seconds() - 2 * 24 * 3600);
  auto sealed_auth = sealer_->SealAuthorizationCookie(auth);
  ASSERT_TRUE(sealed_auth.ok());
  f = CallFault(kClientNs, "GetCookie", GetCookieParams(*sealed_auth, ConfigLastChange()));
  EXPECT_EQ(f.error_code, "InvalidAuthorizationCookie");
}

TEST_F(WuspServiceTest, CookieFromAnotherServerIsInvalidCookie) {
  ScopedTempDir other_dir;
  auto other_keys = KeyRing::LoadOrCreate(other_dir.path() + "/keys");
  ASSERT_TRUE(other_keys.ok());
  auto last_change = DateTime::Parse(ConfigLastChange());
  ClientCookieData data;
  data.client_id = Guid::Random();
  data.expires = DateTime::FromUnixSeconds(DateTime::Now().unix_seconds() + 600);
  data.config_last_change = *last_change;
  // Another key ring; and our keys but another server id.
  CookieSealer other_ring((*other_keys).get(), server_id_);
  CookieSealer other_id(keys_.get(), Guid::Random());
  for (const CookieSealer* sealer : {&other_ring, &other_id}) {
    auto sealed = sealer->SealClientCookie(data);
    ASSERT_TRUE(sealed.ok());
    Fault f = CallFault(kClientNs, "RegisterComputer", RegisterParams(*sealed));
    EXPECT_EQ(f.error_code, "InvalidCookie");
    AuthorizationCookieData auth{data.client_id, "pc", {}, DateTime::Now()};
    auto sealed_auth = sealer->SealAuthorizationCookie(auth);
    ASSERT_TRUE(sealed_auth.ok());
    f = CallFault(kClientNs, "GetCookie", GetCookieParams(*sealed_auth, ConfigLastChange()));
    EXPECT_EQ(f.error_code, "InvalidAuthorizationCookie");
    ExpectStillAnswering();
  }
}

TEST_F(WuspServiceTest, MalformedRequestsAreFaults) {
  const std::string path(xml::kClientServicePath);
  const std::string get_config = Envelope(kClientNs, "GetConfig", "<protocolVersion>2.90</protocolVersion>");
  const std::string envelope_start =
      "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
      "<GetConfig xmlns=\"" +
      std::string(kClientNs) + "\"><protocolVersion>";
  const std::string envelope_end = "</protocolVersion></GetConfig></s:Body></s:Envelope>";
  std::string deep = envelope_start;
  for (int i = 0; i < 10000; ++i) deep += "<a>";
  for (int i = 0; i < 10000; ++i) deep += "</a>";
  deep += envelope_end;
  struct Case {
    const char* what;
    std::string action;
    std::string body;
  };
  const Case cases[] = {
      {"wrong SOAPAction", Action(kClientNs, "SyncUpdates"), get_config},
      {"no SOAPAction", "", get_config},
      {"DOCTYPE", Action(kClientNs, "GetConfig"), "<!DOCTYPE s:Envelope [<!ENTITY x \"y\">]>" + get_config},
      {"10,000 deep", Action(kClientNs, "GetConfig"), deep},
      {"10 MB", Action(kClientNs, "GetConfig"), envelope_start + std::string(10u << 20, 'x') + envelope_end},
      {"not XML", Action(kClientNs, "GetConfig"), "hello"},
      {"empty", Action(kClientNs, "GetConfig"), ""},
  };
  for (const Case& c : cases) {
    Fault f = ExpectFault(Post(path, c.action, c.body));
    EXPECT_EQ(f.error_code, "InvalidParameters") << c.what;
    ExpectStillAnswering();
  }
}

TEST_F(WuspServiceTest, OperationsAreDispatchedPerService) {
  // Unknown operation.
  Fault f = CallFault(kClientNs, "GetNothing", "");
  EXPECT_EQ(f.error_code, "InvalidParameters");
  EXPECT_EQ(f.message, "GetNothing");
  // A known operation posted to another service's path.
  f = ExpectFault(Post(std::string(xml::kSimpleAuthServicePath), Action(kClientNs, "GetConfig"),
                       Envelope(kClientNs, "GetConfig", "")));
  EXPECT_EQ(f.error_code, "InvalidParameters");
  // Paths match case-insensitively (WUA posts client.asmx; the spec says Client.asmx).
  http::HttpResponse r =
      Post("/ClientWebService/Client.asmx", Action(kClientNs, "GetConfig"), Envelope(kClientNs, "GetConfig", ""));
  EXPECT_EQ(r.status, 200);
  // Every client operation is there: without its parameters, each names the missing one.
  for (const char* op : {"SyncUpdates", "SyncPrinterCatalog", "RefreshCache", "GetExtendedUpdateInfo",
                         "GetExtendedUpdateInfo2", "GetFileLocations"}) {
    f = CallFault(kClientNs, op, "");
    EXPECT_EQ(f.error_code, "InvalidParameters") << op;
    EXPECT_EQ(f.message, "parameters.cookie") << op;
  }
  f = CallFault(kClientNs, "StartCategoryScan", "");
  EXPECT_EQ(f.message, "parameters.requestedCategories");
  f = CallFault(xml::kReportingWebServiceNs, "ReportEventBatch", "");
  EXPECT_EQ(f.error_code, "InvalidParameters");
  EXPECT_EQ(f.message, "parameters.cookie");
  EXPECT_EQ(f.method, "\"http://www.microsoft.com/SoftwareDistribution/ReportEventBatch\"");
  // Server-to-server operations of the Reporting WSDL are not for clients.
  f = CallFault(xml::kReportingWebServiceNs, "ReportEventBatch2", "");
  EXPECT_EQ(f.error_code, "InvalidParameters");
}

TEST_F(WuspServiceTest, BadParametersAreNamed) {
  Fault f = CallFault(kAuthNs, "GetAuthorizationCookie", "<dnsName>pc</dnsName>");
  EXPECT_EQ(f.error_code, "InvalidParameters");
  EXPECT_EQ(f.message, "parameters.clientId");
  f = CallFault(kAuthNs, "GetAuthorizationCookie", "<clientId>not-a-guid</clientId>");
  EXPECT_EQ(f.message, "parameters.clientId");
  f = CallFault(
      kAuthNs, "GetAuthorizationCookie",
      std::string("<clientId>") + kCapturedClientId + "</clientId><dnsName>" + std::string(300, 'a') + "</dnsName>");
  EXPECT_EQ(f.message, "parameters.dnsName");
  f = CallFault(kClientNs, "RegisterComputer", "<computerInfo/>");
  EXPECT_EQ(f.message, "parameters.cookie");
  f = CallFault(kClientNs, "RegisterComputer",
                "<cookie><EncryptedData>" + ClientCookie() + "</EncryptedData></cookie>");
  EXPECT_EQ(f.error_code, "InvalidParameters");
  EXPECT_EQ(f.message, "parameters.computerInfo");
  ExpectStillAnswering();
}

}  // namespace
}  // namespace openwsus::wusp
