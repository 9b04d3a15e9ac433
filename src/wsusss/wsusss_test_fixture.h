// WsusssTest: a ServerSyncService over a real SQLite store in a temporary
// directory, reached through the real router as the HTTP server would, and
// the handshake a downstream server does.
#ifndef OPENWSUS_WSUSSS_WSUSSS_TEST_FIXTURE_H_
#define OPENWSUS_WSUSSS_WSUSSS_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/cookie_sealer.h"
#include "common/key_ring.h"
#include "http/router.h"
#include "store/open_store.h"
#include "testing/test_support.h"
#include "wsusss/server_sync_service.h"
#include "xml/service_names.h"

namespace openwsus::wsusss {

class WsusssTest : public ::testing::Test {
 protected:
  static constexpr std::string_view kSync = xml::kServerSyncServicePath;
  static constexpr std::string_view kDss = xml::kDssAuthServicePath;

  void SetUp() override {
    auto store = store::OpenStore("sqlite:" + dir_.path() + "/db.sqlite");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    auto service_store = store::OpenStore("sqlite:" + dir_.path() + "/db.sqlite");
    ASSERT_TRUE(service_store.ok());
    service_store_ = std::move(service_store).value();
    auto keys = KeyRing::LoadOrCreate(dir_.path() + "/keys");
    ASSERT_TRUE(keys.ok()) << keys.status().ToString();
    keys_ = std::move(keys).value();
    sealer_ = std::make_unique<CookieSealer>(keys_.get(), server_id_);
    service_ = std::make_unique<ServerSyncService>(WsusssDeps{service_store_.get(), sealer_.get(), server_id_});
    service_->Register(&router_);
  }

  // POSTs `body` to `path` with the SOAPAction of `action` (quoted, as real
  // downstreams send it).
  http::HttpResponse Post(std::string_view path, std::string_view action, std::string body,
                          std::string_view accept_encoding = "") {
    http::HttpRequest request;
    request.method = "POST";
    request.path = request.target = std::string(path);
    request.headers.Set("Host", "127.0.0.1:8530");
    request.headers.Set("Content-Type", "text/xml; charset=utf-8");
    request.headers.Set("SOAPAction", "\"" + std::string(action) + "\"");
    if (!accept_encoding.empty()) request.headers.Set("Accept-Encoding", std::string(accept_encoding));
    request.remote_address = "192.0.2.10";
    request.body = std::move(body);
    return router_.Handle(request);
  }

  static std::string Envelope(std::string_view ns, std::string_view op, std::string_view inner) {
    return R"(<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><)" +
           std::string(op) + " xmlns=\"" + std::string(ns) + "\">" + std::string(inner) + "</" + std::string(op) +
           "></soap:Body></soap:Envelope>";
  }

  // Calls a ServerSyncWebService operation.
  http::HttpResponse Call(std::string_view op, std::string_view inner) {
    return Post(kSync, std::string(xml::kServerSyncWebServiceNs) + "/" + std::string(op),
                Envelope(xml::kServerSyncWebServiceNs, op, inner));
  }

  static std::string Between(const std::string& text, const std::string& open, const std::string& close) {
    size_t a = text.find(open);
    if (a == std::string::npos) return "";
    a += open.size();
    size_t b = text.find(close, a);
    return b == std::string::npos ? "" : text.substr(a, b - a);
  }

  std::string AuthorizationCookie(std::string_view name = "branch.example.org",
                                  std::string_view guid = "6f1c2f6e-3f0b-4d3a-9b1e-0d2f6a1c5e11") {
    auto r = Post(kDss, std::string(xml::kDssAuthWebServiceNs) + "/GetAuthorizationCookie",
                  Envelope(xml::kDssAuthWebServiceNs, "GetAuthorizationCookie",
                           "<accountName>" + std::string(name) + "</accountName><accountGuid>" + std::string(guid) +
                               "</accountGuid>"));
    return r.status == 200 ? Between(r.body, "<CookieData>", "</CookieData>") : "";
  }

  // The <cookie> element of a downstream that did the whole handshake.
  std::string CookieXml() {
    std::string auth = AuthorizationCookie();
    EXPECT_FALSE(auth.empty());
    auto r =
        Call("GetCookie", "<authCookies><AuthorizationCookie><PlugInId>DssTargeting</PlugInId><CookieData>" + auth +
                              "</CookieData></AuthorizationCookie></authCookies><protocolVersion>1.20"
                              "</protocolVersion>");
    EXPECT_EQ(r.status, 200) << r.body;
    return "<cookie>" + Between(r.body, "<GetCookieResult>", "</GetCookieResult>") + "</cookie>";
  }

  static std::string ErrorCode(const http::HttpResponse& r) { return Between(r.body, "<ErrorCode>", "</ErrorCode>"); }
  static std::string FaultMessage(const http::HttpResponse& r) { return Between(r.body, "<Message>", "</Message>"); }

  openwsus::testing::ScopedTempDir dir_;
  Guid server_id_ = *Guid::Parse("0b1d2c3e-4f50-4617-8293-a4b5c6d7e8f9");
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::Store> service_store_;
  std::unique_ptr<KeyRing> keys_;
  std::unique_ptr<CookieSealer> sealer_;
  std::unique_ptr<ServerSyncService> service_;
  http::Router router_;
};

}  // namespace openwsus::wsusss

#endif  // OPENWSUS_WSUSSS_WSUSSS_TEST_FIXTURE_H_
