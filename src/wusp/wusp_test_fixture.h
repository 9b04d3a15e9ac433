// Test support: a WuspService on a real SQLite store and a fresh key ring in a
// scratch directory, mounted on a router, as serve wires it, and the calls a
// client makes (the handshake, SOAP posts, faults). Test-only.
#ifndef OPENWSUS_WUSP_WUSP_TEST_FIXTURE_H_
#define OPENWSUS_WUSP_WUSP_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/cookie_sealer.h"
#include "common/key_ring.h"
#include "common/log.h"
#include "http/router.h"
#include "snapshot/snapshot_manager.h"
#include "store/open_store.h"
#include "store/server_settings.h"
#include "store/store.h"
#include "testing/test_support.h"
#include "wusp/client_writer.h"
#include "wusp/test_replay.h"
#include "wusp/wusp_service.h"

namespace openwsus::wusp {

inline constexpr std::string_view kClientNs = xml::kClientWebServiceNs;
inline constexpr std::string_view kAuthNs = xml::kSimpleAuthWebServiceNs;
inline constexpr const char* kCapturedClientId = "e1da06a3-5601-43c9-bac3-52d5db701494";

inline std::string Envelope(std::string_view ns, std::string_view operation, std::string_view params) {
  return "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><" + std::string(operation) +
         " xmlns=\"" + std::string(ns) + "\">" + std::string(params) + "</" + std::string(operation) +
         "></s:Body></s:Envelope>";
}

inline std::string Action(std::string_view ns, std::string_view operation) {
  return "\"" + std::string(ns) + "/" + std::string(operation) + "\"";
}

struct Fault {
  std::string error_code, message, method;
};

class WuspTestFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    log::SetQuiet(true);
    auto store = store::OpenStore(store::SqliteUrl(dir_.path() + "/openwsus.db"));
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    auto keys = KeyRing::LoadOrCreate(dir_.path() + "/keys");
    ASSERT_TRUE(keys.ok()) << keys.status().ToString();
    keys_ = std::move(keys).value();
    auto server_id = store::LoadOrCreateServerId(store_.get());
    ASSERT_TRUE(server_id.ok());
    server_id_ = *server_id;
    sealer_ = std::make_unique<CookieSealer>(keys_.get(), server_id_);
    snapshots_ = MakeSnapshots();
    writer_ = std::make_unique<ClientWriter>(OpenStore());
    service_ = std::make_unique<WuspService>(WuspDeps{store_.get(), sealer_.get(), snapshots_.get(), writer_.get()},
                                             Options());
    service_->Register(&router_);
  }

  // The options the service is made with; tests may override.
  virtual WuspOptions Options() { return {}; }

  // Another connection to the test's database, as serve gives each part.
  std::unique_ptr<store::Store> OpenStore() {
    auto store = store::OpenStore(store::SqliteUrl(dir_.path() + "/openwsus.db"));
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(store).value();
  }

  std::unique_ptr<snapshot::SnapshotManager> MakeSnapshots() {
    auto snapshots = snapshot::SnapshotManager::Create(OpenStore());
    EXPECT_TRUE(snapshots.ok()) << snapshots.status().ToString();
    return std::move(snapshots).value();
  }

  // After the test changed the store behind the service's back.
  void Refresh() { ASSERT_TRUE(snapshots_->RefreshCatalog().ok()); }

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
    if (ns == kAuthNs) return std::string(xml::kSimpleAuthServicePath);
    if (ns == xml::kReportingWebServiceNs) return std::string(xml::kReportingServicePath);
    return std::string(xml::kClientServicePath);
  }

  std::string ConfigLastChange() { return ElementText(Call(kClientNs, "GetConfig", ""), "LastChange"); }

  std::string AuthCookie(const std::string& extra = "") {
    return ElementText(Call(kAuthNs, "GetAuthorizationCookie",
                            std::string("<clientId>") + kCapturedClientId + "</clientId>" + extra +
                                "<dnsName>pc1.example.test</dnsName>"),
                       "CookieData");
  }

  std::string GetCookieParams(
      const std::string& auth_cookie, const std::string& last_change,
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
    http::HttpResponse r = Post(std::string(xml::kClientServicePath), Action(kClientNs, "GetConfig"),
                                Envelope(kClientNs, "GetConfig", "<protocolVersion>2.90</protocolVersion>"));
    EXPECT_EQ(r.status, 200) << r.body;
  }

  openwsus::testing::ScopedTempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<KeyRing> keys_;
  Guid server_id_;
  std::unique_ptr<CookieSealer> sealer_;
  std::unique_ptr<snapshot::SnapshotManager> snapshots_;
  std::unique_ptr<ClientWriter> writer_;
  std::unique_ptr<WuspService> service_;
  http::Router router_;
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_WUSP_TEST_FIXTURE_H_
