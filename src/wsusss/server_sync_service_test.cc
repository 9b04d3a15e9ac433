#include "wsusss/server_sync_service.h"

#include <gtest/gtest.h>

#include "catalog/test_documents.h"
#include "catalog/update_parser.h"
#include "common/xpress.h"
#include "store/settings_keys.h"
#include "wsusss/test_blobs.h"
#include "wsusss/update_blob.h"
#include "wsusss/wsusss_test_fixture.h"

namespace openwsus::wsusss {
namespace {

const Guid kBundle = *Guid::Parse("11111111-2222-3333-4444-555555555555");
const Guid kAllComputers = *Guid::Parse(policy::kAllComputersIdText);

std::string WithRevision(std::string xml, int revision) {
  size_t at = xml.find("RevisionNumber=\"201\"");
  xml.replace(at, 20, "RevisionNumber=\"" + std::to_string(revision) + "\"");
  return xml;
}

class ServerSyncServiceTest : public WsusssTest {
 protected:
  void Import(std::initializer_list<std::string> documents) {
    auto txn = store_->BeginImport();
    ASSERT_TRUE(txn.ok());
    for (const std::string& xml : documents) {
      auto update = catalog::ParseUpdate(xml);
      ASSERT_TRUE(update.ok()) << update.status().ToString();
      ASSERT_TRUE((*txn)->Add(*update, xml).ok());
    }
    ASSERT_TRUE((*txn)->Commit().ok());
  }

  http::HttpResponse RevisionIds(const std::string& cookie, bool get_config, const std::string& anchor,
                                 const std::string& lists = "") {
    std::string filter = "<filter>";
    if (!anchor.empty()) filter += "<Anchor>" + anchor + "</Anchor>";
    filter += std::string("<GetConfig>") + (get_config ? "true" : "false") + "</GetConfig>" + lists + "</filter>";
    return Call("GetRevisionIdList", cookie + filter);
  }

  static int Count(const std::string& body, const std::string& needle) {
    int n = 0;
    for (size_t at = body.find(needle); at != std::string::npos; at = body.find(needle, at + 1)) ++n;
    return n;
  }
};

TEST_F(ServerSyncServiceTest, HandshakeRegistersTheDownstream) {
  std::string cookie = CookieXml();
  EXPECT_NE(cookie.find("<EncryptedData>"), std::string::npos);
  auto servers = store_->ListDownstreamServers();
  ASSERT_TRUE(servers.ok());
  ASSERT_EQ(servers->size(), 1u);
  EXPECT_EQ((*servers)[0].name, "branch.example.org");
  EXPECT_EQ((*servers)[0].address, "192.0.2.10");
  EXPECT_FALSE((*servers)[0].last_sync.has_value());
  auto config = Call("GetConfigData", cookie);
  ASSERT_EQ(config.status, 200) << config.body;
  EXPECT_NE(config.body.find("<MaxNumberOfUpdatesPerRequest>100</MaxNumberOfUpdatesPerRequest>"), std::string::npos);
  EXPECT_NE(config.body.find("<ShortLanguage>en</ShortLanguage><LongLanguage>English</LongLanguage>"
                             "<Enabled>true</Enabled>"),
            std::string::npos);
  // With the anchor it was just given, the short answer: no language list.
  std::string anchor = Between(config.body, "<NewConfigAnchor>", "</NewConfigAnchor>");
  auto again = Call("GetConfigData", cookie + "<configAnchor>" + anchor + "</configAnchor>");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.body.find("LanguageUpdateList"), std::string::npos);
  ASSERT_EQ(RevisionIds(cookie, true, "").status, 200);
  EXPECT_TRUE(store_->ListDownstreamServers()->at(0).last_sync.has_value());
}

// Revisions, approvals and declines between two calls: exactly the new
// revisions come back with the old anchor, nothing with the new one.
TEST_F(ServerSyncServiceTest, AnchorsReturnExactlyWhatChanged) {
  Import({catalog::testdocs::kProduct, catalog::testdocs::kSecurityUpdatesClassification, catalog::testdocs::kBundle});
  std::string cookie = CookieXml();
  auto first = RevisionIds(cookie, false, "");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Count(first.body, "<UpdateIdentity>"), 1);
  std::string anchor = Between(first.body, "<Anchor>", "</Anchor>");
  auto config = RevisionIds(cookie, true, "");
  EXPECT_EQ(Count(config.body, "<UpdateIdentity>"), 2);

  Import({WithRevision(catalog::testdocs::kBundle, 300), catalog::testdocs::kDriver});
  policy::Approval approval{.update_id = kBundle,
                            .group_id = kAllComputers,
                            .action = policy::ApprovalAction::kInstall,
                            .created = DateTime::Now(),
                            .admin = "t"};
  ASSERT_TRUE(store_->SetApproval(approval).ok());
  ASSERT_TRUE(store_->SetDeclined(*Guid::Parse("eeeeeeee-0000-0000-0000-000000000001"), true).ok());

  auto delta = RevisionIds(cookie, false, anchor);
  ASSERT_EQ(delta.status, 200) << delta.body;
  EXPECT_EQ(Count(delta.body, "<UpdateIdentity>"), 2);
  EXPECT_NE(delta.body.find("<RevisionNumber>300</RevisionNumber>"), std::string::npos);
  EXPECT_NE(delta.body.find("eeeeeeee-0000-0000-0000-000000000001"), std::string::npos);
  EXPECT_EQ(Count(RevisionIds(cookie, true, anchor).body, "<UpdateIdentity>"), 0);  // no category changed
  std::string newer = Between(delta.body, "<Anchor>", "</Anchor>");
  EXPECT_EQ(Count(RevisionIds(cookie, false, newer).body, "<UpdateIdentity>"), 0);

  // Filtered by product and classification, Delta true: the new revision only.
  std::string lists =
      "<Categories><IdAndDelta><Id>cccccccc-0000-0000-0000-000000000002</Id><Delta>true</Delta></IdAndDelta>"
      "</Categories><Classifications><IdAndDelta><Id>0fa1201d-4330-4fa8-8ae9-b877473b6441</Id><Delta>true</Delta>"
      "</IdAndDelta></Classifications>";
  auto filtered = RevisionIds(cookie, false, anchor, lists);
  EXPECT_EQ(Count(filtered.body, "<UpdateIdentity>"), 1) << filtered.body;
  EXPECT_EQ(Count(RevisionIds(cookie, false, newer, lists).body, "<UpdateIdentity>"), 0);
}

TEST_F(ServerSyncServiceTest, ForgedOrGarbageAnchorsAreInvalidParameters) {
  Import({catalog::testdocs::kBundle});
  std::string cookie = CookieXml();
  std::string anchor = Between(RevisionIds(cookie, false, "").body, "<Anchor>", "</Anchor>");
  std::string forged = anchor;
  forged[0] = forged[0] == '9' ? '8' : '9';
  for (const std::string& bad : {std::string("garbage"), std::string("9438,2026-10-04 16:33:26.670"), forged}) {
    auto r = RevisionIds(cookie, false, bad);
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(ErrorCode(r), "InvalidParameters") << bad;
    EXPECT_EQ(FaultMessage(r), "filter");
    EXPECT_NE(r.body.find("<faultactor>http://127.0.0.1:8530/ServerSyncWebService/ServerSyncWebService.asmx"
                          "</faultactor>"),
              std::string::npos)
        << r.body;
  }
}

TEST_F(ServerSyncServiceTest, GetUpdateDataSendsTheStoredDocument) {
  Import({catalog::testdocs::kBundle, catalog::testdocs::kProduct});
  std::string cookie = CookieXml();
  auto r = Call("GetUpdateData", cookie +
                                     "<updateIds><UpdateIdentity><UpdateID>11111111-2222-3333-4444-555555555555"
                                     "</UpdateID><RevisionNumber>201</RevisionNumber></UpdateIdentity></updateIds>");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<Id><UpdateID>11111111-2222-3333-4444-555555555555</UpdateID><RevisionNumber>201"),
            std::string::npos);
  EXPECT_NE(r.body.find("<FileDigestList><base64Binary>"), std::string::npos);
  EXPECT_NE(r.body.find("<fileUrls><ServerSyncUrlData><FileDigest>"), std::string::npos);
  // Over 5,120 bytes of UTF-16: a Cabinet, holding the stored document.
  std::string blob = Between(r.body, "<XmlUpdateBlobCompressed>", "</XmlUpdateBlobCompressed>");
  EXPECT_EQ(testing::DecodeBlobWithMspack(blob), DocumentBody(catalog::testdocs::kBundle));
  auto product =
      Call("GetUpdateData", cookie +
                                "<updateIds><UpdateIdentity><UpdateID>cccccccc-0000-0000-0000-000000000002"
                                "</UpdateID><RevisionNumber>100</RevisionNumber></UpdateIdentity></updateIds>");
  ASSERT_EQ(product.status, 200) << product.body;
  EXPECT_NE(product.body.find("<XmlUpdateBlob>&lt;upd:Update"), std::string::npos);  // a small one goes plain
  EXPECT_NE(product.body.find("<fileUrls />"), std::string::npos);
}

// Offered xpress, as a Windows downstream offers it: the answer decodes to
// exactly the plain one.
TEST_F(ServerSyncServiceTest, XpressAnswersDecodeToThePlainOnes) {
  Import({catalog::testdocs::kBundle});
  std::string cookie = CookieXml();
  std::string body = Envelope(xml::kServerSyncWebServiceNs, "GetUpdateData",
                              cookie +
                                  "<updateIds><UpdateIdentity><UpdateID>11111111-2222-3333-4444-555555555555"
                                  "</UpdateID><RevisionNumber>201</RevisionNumber></UpdateIdentity></updateIds>");
  std::string action = std::string(xml::kServerSyncWebServiceNs) + "/GetUpdateData";
  auto plain = Post(kSync, action, body);
  auto packed = Post(kSync, action, body, "xpress");
  ASSERT_EQ(packed.status, 200);
  EXPECT_FALSE(plain.headers.Has("Content-Encoding"));
  EXPECT_EQ(packed.headers.Get("Content-Encoding"), "xpress");
  EXPECT_EQ(XpressDecode(packed.body, 1u << 20).value(), plain.body);
}

TEST_F(ServerSyncServiceTest, HostileInputIsRefusedAndChangesNothing) {
  Import({catalog::testdocs::kBundle});
  std::string cookie = CookieXml();
  // No cookie, a forged one, a client's cookie, an expired one.
  EXPECT_EQ(ErrorCode(Call("GetConfigData", "")), "InvalidCookie");
  EXPECT_EQ(ErrorCode(Call("GetConfigData",
                           "<cookie><Expiration>2026-01-01T00:00:00Z</Expiration><EncryptedData>"
                           "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</EncryptedData></cookie>")),
            "InvalidCookie");
  ClientCookieData data{.client_id = Guid::Random(),
                        .expires = DateTime::FromUnixSeconds(DateTime::Now().unix_seconds() + 60),
                        .protocol_version = "1.20"};
  std::string client = sealer_->SealClientCookie(data).value();
  EXPECT_EQ(ErrorCode(Call("GetConfigData", "<cookie><EncryptedData>" + client + "</EncryptedData></cookie>")),
            "InvalidCookie");
  data.expires = DateTime::FromUnixSeconds(DateTime::Now().unix_seconds() - 60);
  std::string expired = sealer_->SealClientCookie(data, CookieAudience::kDownstreamServer).value();
  EXPECT_EQ(ErrorCode(Call("GetConfigData", "<cookie><EncryptedData>" + expired + "</EncryptedData></cookie>")),
            "CookieExpired");
  // More ids than MaxNumberOfUpdatesPerRequest, and an unknown id.
  std::string ids;
  for (int i = 0; i < 101; ++i) {
    ids +=
        "<UpdateIdentity><UpdateID>11111111-2222-3333-4444-555555555555</UpdateID><RevisionNumber>201"
        "</RevisionNumber></UpdateIdentity>";
  }
  auto many = Call("GetUpdateData", cookie + "<updateIds>" + ids + "</updateIds>");
  EXPECT_EQ(ErrorCode(many), "InvalidParameters");
  EXPECT_EQ(FaultMessage(many), "updateIds");
  auto unknown =
      Call("GetUpdateData", cookie +
                                "<updateIds><UpdateIdentity><UpdateID>11111111-2222-3333-4444-555555555555"
                                "</UpdateID><RevisionNumber>7</RevisionNumber></UpdateIdentity></updateIds>");
  EXPECT_EQ(ErrorCode(unknown), "InternalServerError");
  EXPECT_NE(unknown.body.find("<faultcode>s:Server</faultcode>"), std::string::npos);
  // A DOCTYPE, a 10 MB body, a bad name.
  std::string doctype = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]>" +
                        Envelope(xml::kServerSyncWebServiceNs, "Ping", "").substr(38);
  EXPECT_EQ(Post(kSync, std::string(xml::kServerSyncWebServiceNs) + "/Ping", doctype).status, 500);
  std::string huge = Envelope(xml::kServerSyncWebServiceNs, "Ping", "<x>" + std::string(10u << 20, 'a') + "</x>");
  auto big = Post(kSync, std::string(xml::kServerSyncWebServiceNs) + "/Ping", huge);
  EXPECT_EQ(big.status, 500);
  EXPECT_EQ(ErrorCode(big), "InvalidParameters");
  EXPECT_TRUE(AuthorizationCookie("bad name!", "6f1c2f6e-3f0b-4d3a-9b1e-0d2f6a1c5e11").empty());
  EXPECT_EQ(store_->ListDownstreamServers()->size(), 1u);
  // The service still answers.
  EXPECT_EQ(Call("GetConfigData", cookie).status, 200);
}

TEST_F(ServerSyncServiceTest, AnAllowListRefusesOthersAndAuditsThem) {
  std::string cookie = CookieXml();  // the first downstream, before any list
  ASSERT_TRUE(store_->SetSetting(store::kAllowedDownstreamsKey, "aaaaaaaa-0000-0000-0000-000000000001").ok());
  EXPECT_TRUE(AuthorizationCookie("other.example.org", "aaaaaaaa-0000-0000-0000-000000000002").empty());
  auto refused = Call("GetConfigData", cookie);  // no longer allowed: stopped at its next call
  EXPECT_EQ(ErrorCode(refused), "InvalidParameters");
  auto audit = store_->ListAudit(10);
  ASSERT_TRUE(audit.ok());
  ASSERT_GE(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].action, "downstream.refuse");
  EXPECT_FALSE(AuthorizationCookie("ok.example.org", "aaaaaaaa-0000-0000-0000-000000000001").empty());
}

}  // namespace
}  // namespace openwsus::wsusss
