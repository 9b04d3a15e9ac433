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
#include "common/test_support.h"
#include "http/router.h"
#include "store/store.h"
#include "wusp/wusp_settings.h"
#include "wusp/wusp_test_fixture.h"
#include "xml/soap_request.h"

namespace openwsus::wusp {
namespace {

using openwsus::testing::ReadFileOrDie;
using openwsus::testing::ScopedTempDir;

constexpr std::string_view kClientNs = xml::kClientWebServiceNs;
constexpr std::string_view kAuthNs = xml::kSimpleAuthWebServiceNs;
// The real server's config LastChange in the capture; stored as ours so that
// the real GetCookie request (which echoes it) is valid here too.
constexpr const char* kCapturedLastChange = "2026-10-04T13:17:07.59Z";
constexpr const char* kCapturedClientId = "e1da06a3-5601-43c9-bac3-52d5db701494";

struct Exchange {
  std::string path;
  std::string soap_action;  // as sent, quoted
  std::string request_body;
  std::string response_body;
};

// ../fixtures/wsus-rs/wsus-m0-native/scan/<name>, or nullopt without fixtures.
std::optional<Exchange> LoadExchange(const std::string& name) {
  auto fixtures = openwsus::testing::FixturesDir(OPENWSUS_SOURCE_DIR);
  if (!fixtures) return std::nullopt;
  std::string dir = *fixtures + "/wsus-rs/wsus-m0-native/scan/" + name;
  if (!std::filesystem::exists(dir)) return std::nullopt;
  Exchange e;
  std::istringstream headers(ReadFileOrDie(dir + "/request.headers"));
  std::string line;
  while (std::getline(headers, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("POST ", 0) == 0) e.path = line.substr(5, line.find(' ', 5) - 5);
    if (line.rfind("SOAPAction: ", 0) == 0) e.soap_action = line.substr(12);
  }
  e.request_body = ReadFileOrDie(dir + "/request.body");
  e.response_body = ReadFileOrDie(dir + "/response.body");
  return e;
}

// Replaces the text of the first <name>...</name>, which must be blanked ('A's).
std::string ReplaceBlanked(std::string body, const std::string& name, const std::string& value) {
  size_t begin = body.find("<" + name + ">");
  size_t end = body.find("</" + name + ">");
  EXPECT_NE(begin, std::string::npos) << name;
  if (begin == std::string::npos || end == std::string::npos) return body;
  begin += name.size() + 2;
  std::string old = body.substr(begin, end - begin);
  EXPECT_EQ(old.find_first_not_of("A="), std::string::npos) << name << " is not blanked: " << old;
  return body.replace(begin, end - begin, value);
}

std::string ElementText(const std::string& body, const std::string& name) {
  pugi::xml_document doc;
  if (!doc.load_string(body.c_str())) return "<unparsable>";
  pugi::xpath_node node = doc.select_node(("//*[local-name()='" + name + "']").c_str());
  return node ? node.node().text().get() : "<absent>";
}

// Whose text differs by nature between two servers: cookies, times, and the
// package share's (redacted) host.
bool TextIgnored(const pugi::xml_node& node) {
  std::string_view name = node.name();
  if (name == "CookieData" || name == "EncryptedData" || name == "Expiration") return true;
  return name == "Value" && std::string_view(node.previous_sibling("Name").text().get()) == "PackageServerShare";
}

// Same elements (qualified names), order, attributes (namespace declarations
// included) and texts, except where TextIgnored.
void ExpectSameShape(const pugi::xml_node& real, const pugi::xml_node& ours, const std::string& path) {
  ASSERT_STREQ(real.name(), ours.name()) << path;
  std::string here = path + "/" + real.name();
  std::vector<std::pair<std::string, std::string>> real_attrs, our_attrs;
  for (auto a : real.attributes()) real_attrs.emplace_back(a.name(), a.value());
  for (auto a : ours.attributes()) our_attrs.emplace_back(a.name(), a.value());
  EXPECT_EQ(real_attrs, our_attrs) << here;
  if (!TextIgnored(real)) {
    EXPECT_STREQ(real.child_value(), ours.child_value()) << here;
  }
  std::vector<pugi::xml_node> real_children, our_children;
  for (auto c : real.children()) if (c.type() == pugi::node_element) real_children.push_back(c);
  for (auto c : ours.children()) if (c.type() == pugi::node_element) our_children.push_back(c);
  ASSERT_EQ(real_children.size(), our_children.size()) << here;
  for (size_t i = 0; i < real_children.size(); ++i) ExpectSameShape(real_children[i], our_children[i], here);
}

void ExpectSameResponse(const std::string& real, const std::string& ours) {
  EXPECT_EQ(real.rfind("<?xml", 0) == 0, ours.rfind("<?xml", 0) == 0) << "XML declaration differs\n" << ours;
  EXPECT_EQ(ours.find('\n'), std::string::npos);
  pugi::xml_document real_doc, our_doc;
  ASSERT_TRUE(real_doc.load_string(real.c_str()));
  ASSERT_TRUE(our_doc.load_string(ours.c_str())) << ours;
  ExpectSameShape(real_doc.document_element(), our_doc.document_element(), "");
}

std::string Envelope(std::string_view ns, std::string_view operation, std::string_view params) {
  return "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><" + std::string(operation) +
         " xmlns=\"" + std::string(ns) + "\">" + std::string(params) + "</" + std::string(operation) +
         "></s:Body></s:Envelope>";
}

std::string Action(std::string_view ns, std::string_view operation) {
  return "\"" + std::string(ns) + "/" + std::string(operation) + "\"";
}

struct Fault {
  std::string error_code, message, method;
};

class WuspServiceTest : public WuspTestFixture {
 protected:
  http::HttpResponse Post(const std::string& path, const std::string& soap_action, std::string body) {
    http::HttpRequest request;
    request.method = "POST";
    request.target = request.path = path;
    request.headers.Add("Content-Type", "text/xml; charset=utf-8");
    request.headers.Add("Host", "192.0.2.1:8530");
    if (!soap_action.empty()) request.headers.Add("SOAPAction", soap_action);
    request.body = std::move(body);
    request.remote_address = "192.0.2.7";
    return router_.Handle(request);
  }

  // Posts to the path of `ns`'s service; expects success and returns the body.
  std::string Call(std::string_view ns, std::string_view operation, std::string_view params) {
    http::HttpResponse r = Post(PathFor(ns), Action(ns, operation), Envelope(ns, operation, params));
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers.Get("Content-Type").value_or(""), "text/xml; charset=utf-8");
    return r.body;
  }

  Fault ExpectFault(const http::HttpResponse& r) {
    EXPECT_EQ(r.status, 500) << r.body;
    EXPECT_EQ(r.headers.Get("Content-Type").value_or(""), "text/xml; charset=utf-8");
    return Fault{ElementText(r.body, "ErrorCode"), ElementText(r.body, "Message"), ElementText(r.body, "Method")};
  }
  Fault CallFault(std::string_view ns, std::string_view operation, std::string_view params) {
    return ExpectFault(Post(PathFor(ns), Action(ns, operation), Envelope(ns, operation, params)));
  }

  static std::string PathFor(std::string_view ns) {
    if (ns == kAuthNs) return std::string(kSimpleAuthServicePath);
    if (ns == xml::kReportingWebServiceNs) return std::string(kReportingServicePath);
    return std::string(kClientServicePath);
  }

  std::string ConfigLastChange() { return ElementText(Call(kClientNs, "GetConfig", ""), "LastChange"); }

  std::string AuthCookie(const std::string& extra = "") {
    return ElementText(Call(kAuthNs, "GetAuthorizationCookie",
                            std::string("<clientId>") + kCapturedClientId + "</clientId>" + extra +
                                "<dnsName>pc1.example.test</dnsName>"),
                       "CookieData");
  }

  std::string GetCookieParams(const std::string& auth_cookie, const std::string& last_change,
                              const std::string& old_cookie = "<oldCookie><Expiration>2026-10-04T15:03:36Z</Expiration></oldCookie>") {
    return "<authCookies><AuthorizationCookie><PlugInId>SimpleTargeting</PlugInId><CookieData>" + auth_cookie +
           "</CookieData></AuthorizationCookie></authCookies>" + old_cookie + "<lastChange>" + last_change +
           "</lastChange><currentTime>2026-10-04T15:03:36Z</currentTime><protocolVersion>2.90</protocolVersion>";
  }

  std::string ClientCookie(const std::string& extra = "") {
    std::string body = Call(kClientNs, "GetCookie", GetCookieParams(AuthCookie(extra), ConfigLastChange()));
    return ElementText(body, "EncryptedData");
  }

  static std::string RegisterParams(const std::string& encrypted_data) {
    return "<cookie><Expiration>2026-10-04T16:03:35Z</Expiration><EncryptedData>" + encrypted_data +
           "</EncryptedData></cookie><computerInfo><DnsName>pc1.example.test</DnsName>"
           "<OSDescription>Windows 10 Pro</OSDescription></computerInfo>";
  }

  // After a fault, the service must still answer.
  void ExpectStillAnswering() {
    http::HttpResponse r = Post(std::string(kClientServicePath), Action(kClientNs, "GetConfig"),
                                Envelope(kClientNs, "GetConfig", "<protocolVersion>2.90</protocolVersion>"));
    EXPECT_EQ(r.status, 200) << r.body;
  }

};

TEST_F(WuspServiceTest, ReplaysTheRealHandshake) {
  auto get_config = LoadExchange("000001");
  if (!get_config) GTEST_SKIP() << "fixtures absent: ../shared/fixtures/wsus-rs/wsus-m0-native/scan";
  auto get_auth = LoadExchange("000002");
  auto get_cookie = LoadExchange("000003");
  auto register_computer = LoadExchange("000004");
  ASSERT_TRUE(get_auth && get_cookie && register_computer);
  ASSERT_TRUE(store_->SetSetting(std::string(kConfigLastChangeSetting), kCapturedLastChange).ok());

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
  EXPECT_NONFATAL_FAILURE(ExpectSameResponse(base, std::string(base).replace(base.find("urn:a"), 5, "urn:b")),
                          "urn:b");
  EXPECT_FATAL_FAILURE(ExpectSameResponse(base, std::string(base).replace(base.find("<EncryptedData>AAAA</EncryptedData>"), 35, "")),
                       "");
}

TEST_F(WuspServiceTest, ConfigLastChangeIsCreatedOnceAndKept) {
  std::string first = ConfigLastChange();
  ASSERT_TRUE(DateTime::Parse(first).ok()) << first;
  auto stored = store_->GetSetting(std::string(kConfigLastChangeSetting));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ(**stored, first);
  EXPECT_EQ(ConfigLastChange(), first);
  // The server id too.
  auto again = LoadOrCreateServerId(store_.get());
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
  ASSERT_TRUE(store_->SetSetting(std::string(kConfigLastChangeSetting), "2027-01-01T00:00:00Z").ok());
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
  EXPECT_FALSE(ElementText(Call(kClientNs, "GetCookie",
                                GetCookieParams(AuthCookie(), ConfigLastChange(),
                                                "<oldCookie><EncryptedData>" + encrypted + "</EncryptedData></oldCookie>")),
                           "EncryptedData").empty());
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
  const std::string path(kClientServicePath);
  const std::string get_config = Envelope(kClientNs, "GetConfig", "<protocolVersion>2.90</protocolVersion>");
  const std::string envelope_start = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                                     "<GetConfig xmlns=\"" + std::string(kClientNs) + "\"><protocolVersion>";
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
      {"DOCTYPE", Action(kClientNs, "GetConfig"),
       "<!DOCTYPE s:Envelope [<!ENTITY x \"y\">]>" + get_config},
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
  f = ExpectFault(Post(std::string(kSimpleAuthServicePath), Action(kClientNs, "GetConfig"),
                       Envelope(kClientNs, "GetConfig", "")));
  EXPECT_EQ(f.error_code, "InvalidParameters");
  // Paths match case-insensitively (WUA posts client.asmx; the spec says Client.asmx).
  http::HttpResponse r = Post("/ClientWebService/Client.asmx", Action(kClientNs, "GetConfig"),
                              Envelope(kClientNs, "GetConfig", ""));
  EXPECT_EQ(r.status, 200);
  // Not implemented yet: InternalServerError (retry later), not InvalidParameters.
  for (const char* op : {"SyncUpdates", "GetFileLocations", "StartCategoryScan"}) {
    f = CallFault(kClientNs, op, "");
    EXPECT_EQ(f.error_code, "InternalServerError") << op;
    EXPECT_EQ(f.message, "");
  }
  f = CallFault(xml::kReportingWebServiceNs, "ReportEventBatch", "");
  EXPECT_EQ(f.error_code, "InternalServerError");
  EXPECT_EQ(f.method, "\"http://www.microsoft.com/SoftwareDistribution/ReportEventBatch\"");
}

TEST_F(WuspServiceTest, BadParametersAreNamed) {
  Fault f = CallFault(kAuthNs, "GetAuthorizationCookie", "<dnsName>pc</dnsName>");
  EXPECT_EQ(f.error_code, "InvalidParameters");
  EXPECT_EQ(f.message, "parameters.clientId");
  f = CallFault(kAuthNs, "GetAuthorizationCookie", "<clientId>not-a-guid</clientId>");
  EXPECT_EQ(f.message, "parameters.clientId");
  f = CallFault(kAuthNs, "GetAuthorizationCookie",
                std::string("<clientId>") + kCapturedClientId + "</clientId><dnsName>" + std::string(300, 'a') +
                    "</dnsName>");
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
