// One test per trap of ../shared/docs/protocol-wusp.md (c) that applies to a
// server: what real Windows Update Agents need from an answer, and what they
// send that a strict reading of the WSDL would refuse. (Content downloads,
// the sixth group of traps, are tested in content/; Core fragment shapes in
// catalog/fragment_conformance_test.)
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "wusp/scan_fixture.h"

namespace openwsus::wusp {
namespace {

using TrapsTest = ScanFixture;

// Trap: "Missing Deployment on any UpdateInfo -> PopulateDataStore failed".
TEST_F(TrapsTest, EveryUpdateInfoCarriesADeployment) {
  std::string cookie = RegisteredCookie();
  std::vector<int32_t> installed, other;
  auto answers = Scan(&cookie, &installed, &other);
  policy::Approval approval{*Guid::Parse(tc::kA), policy::kAllComputersId, policy::ApprovalAction::kInstall,
                            std::nullopt,         DateTime::Now(),         "test"};
  ASSERT_TRUE(store_->SetApproval(approval).ok());
  ASSERT_TRUE(snapshots_->RefreshPolicy().ok());
  answers.push_back(Call(kClientNs, "SyncUpdates", SyncParams(cookie, installed, other)));
  size_t infos = 0;
  for (const std::string& body : answers) {
    for (const char* list : {"NewUpdates", "ChangedUpdates"}) {
      for (const Info& info : Infos(body, list)) {
        ++infos;
        ASSERT_GE(info.deployment_fields.size(), 4u) << info.id;
        EXPECT_EQ(info.deployment_fields[0], "ID");
        EXPECT_EQ(info.deployment_fields[1], "Action");
        EXPECT_FALSE(info.action.empty());
      }
    }
  }
  EXPECT_EQ(infos, 12u) << "11 new, then 1 changed";
}

// MS-WUSP 2.2.2.2.4: AutoSelect, AutoDownload, SupersedenceBehavior only for
// clients of protocol 1.8 and later; DriverSyncNotNeeded from 1.7.
TEST_F(TrapsTest, OlderClientsGetOnlyTheFieldsTheyKnow) {
  std::string params = GetCookieParams(AuthCookie(), ConfigLastChange());
  params.replace(params.find("<protocolVersion>2.90"), 21, "<protocolVersion>1.6");
  std::string cookie = ElementText(Call(kClientNs, "GetCookie", params), "EncryptedData");
  Call(kClientNs, "RegisterComputer", RegisterParams(cookie));
  std::string body = Call(kClientNs, "SyncUpdates", SyncParams(cookie, {}, {}));
  auto infos = Infos(body, "NewUpdates");
  ASSERT_FALSE(infos.empty());
  EXPECT_EQ(infos[0].deployment_fields, (std::vector<std::string>{"ID", "Action", "IsAssigned", "LastChangeTime"}));
  EXPECT_EQ(body.find("DriverSyncNotNeeded"), std::string::npos);
}

// Trap: "Wrong IsLeaf (bundle members as non-leaf) -> WUA evaluated 5 out of 442".
TEST_F(TrapsTest, BundleMembersAreLeavesAndCategoriesAreNot) {
  std::string cookie = RegisteredCookie();
  std::vector<int32_t> installed, other;
  std::map<int32_t, bool> leaf;
  for (const std::string& body : Scan(&cookie, &installed, &other)) {
    for (const Info& info : Infos(body, "NewUpdates")) leaf[info.id] = info.is_leaf;
  }
  for (const char* id : {tc::kB, tc::kM1, tc::kM2, tc::kA, tc::kS}) EXPECT_TRUE(leaf.at(Rid(id))) << id;
  for (const char* id : {tc::kC, tc::kF, tc::kP, tc::kK, tc::kD}) EXPECT_FALSE(leaf.at(Rid(id))) << id;
}

// Trap: "a prerequisite the client never received -> silently not applicable":
// whatever arrives, everything it names arrived before it.
TEST_F(TrapsTest, NothingArrivesBeforeWhatItNeeds) {
  std::string cookie = RegisteredCookie();
  std::vector<int32_t> installed, other;
  std::set<Guid> received;
  auto catalog = snapshots_->Current();
  for (const std::string& body : Scan(&cookie, &installed, &other)) {
    std::vector<Guid> page;
    for (const Info& info : Infos(body, "NewUpdates")) {
      const snapshot::IndexedUpdate& u = catalog->catalog().at(*catalog->catalog().FindRevision(info.id));
      for (const auto& clause : u.prerequisites) {
        bool any = false;
        for (uint32_t e : clause) any = any || received.count(catalog->catalog().at(e).update_id) > 0;
        EXPECT_TRUE(any) << u.update_id.ToString() << " came before its prerequisite";
      }
      page.push_back(u.update_id);
    }
    received.insert(page.begin(), page.end());
  }
}

// Traps: "decode prefix-independently", "ignore unknown request elements",
// "Cookie children in the operation namespace", "case-sensitive names".
TEST_F(TrapsTest, RequestsAreReadByNamespaceNotPrefix) {
  std::string cookie = RegisteredCookie();
  std::string body =
      "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Header><x:Extra xmlns:x=\"urn:x\"/>"
      "</e:Header><e:Body><c:SyncUpdates xmlns:c=\"" +
      std::string(kClientNs) + "\"><c:cookie><c:EncryptedData>" + cookie +
      "</c:EncryptedData></c:cookie><c:parameters><c:ExpressQuery>false</c:ExpressQuery>"
      "<c:SkipSoftwareSync>false</c:SkipSoftwareSync><c:FutureParameter>1</c:FutureParameter>"
      "<c:ProductsParameters><c:Products/></c:ProductsParameters></c:parameters></c:SyncUpdates></e:Body>"
      "</e:Envelope>";
  http::HttpResponse r = Post(std::string(xml::kClientServicePath), Action(kClientNs, "SyncUpdates"), body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(Infos(r.body, "NewUpdates").empty());
  // Our answers: the operation namespace on the response element, children unprefixed.
  EXPECT_NE(r.body.find("<SyncUpdatesResponse xmlns=\"" + std::string(kClientNs) + "\"><SyncUpdatesResult>"),
            std::string::npos);
  // Element names are case-sensitive: GetConfig says PlugInID, the cookie PlugInId.
  std::string config = Call(kClientNs, "GetConfig", "<protocolVersion>2.90</protocolVersion>");
  EXPECT_NE(config.find("<PlugInID>SimpleTargeting</PlugInID>"), std::string::npos);
  std::string auth = Call(kAuthNs, "GetAuthorizationCookie",
                          std::string("<clientId>") + kCapturedClientId + "</clientId><dnsName>pc</dnsName>");
  EXPECT_NE(auth.find("<PlugInId>SimpleTargeting</PlugInId>"), std::string::npos);
  // "parameters" in the wrong case is not the parameter.
  Fault f = CallFault(kClientNs, "SyncUpdates", CookieParam(cookie) + "<Parameters/>");
  EXPECT_EQ(f.message, "parameters");
}

// Trap: the public Windows Update service speaks SOAP 1.2; a WSUS client SOAP 1.1.
TEST_F(TrapsTest, Soap12IsAFaultNotAnAnswer) {
  std::string body = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetConfig xmlns=\"" +
                     std::string(kClientNs) + "\"/></s:Body></s:Envelope>";
  Fault f = ExpectFault(Post(std::string(xml::kClientServicePath), Action(kClientNs, "GetConfig"), body));
  EXPECT_EQ(f.error_code, "InvalidParameters");
}

// Traps: "emit literal arrays, empty array omitted"; "UTF-8 without BOM";
// "never Truncated=true with an empty page"; a full page may say false.
TEST_F(TrapsTest, AnswersAreLiteralCompactAndHonest) {
  std::string cookie = RegisteredCookie();
  std::string body = Call(kClientNs, "SyncUpdates", SyncParams(cookie, {}, {99999}));
  EXPECT_NE(body.find("<OutOfScopeRevisionIDs><int>99999</int></OutOfScopeRevisionIDs>"), std::string::npos) << body;
  EXPECT_EQ(body.find("<ChangedUpdates"), std::string::npos) << "empty lists are left out";
  EXPECT_NE(static_cast<unsigned char>(body[0]), 0xEF) << "no byte-order mark";
  std::vector<int32_t> installed, other;
  for (const std::string& answer : Scan(&cookie, &installed, &other)) {
    if (ElementText(answer, "Truncated") == "true") {
      EXPECT_FALSE(Infos(answer, "NewUpdates").empty());
    }
  }
}

// Trap: time formats: "parse leniently ... with or without Z and up to 7
// fractional digits"; emit UTC with Z.
TEST_F(TrapsTest, TimesAreReadLenientlyAndWrittenInUtc) {
  std::string params = GetCookieParams(AuthCookie(), ConfigLastChange());
  params.replace(params.find("<currentTime>2026-10-04T15:03:36Z"), 33, "<currentTime>2026-10-04T15:03:36.1234567");
  std::string answer = Call(kClientNs, "GetCookie", params);
  std::string expiration = ElementText(answer, "Expiration");
  EXPECT_EQ(expiration.back(), 'Z') << expiration;
  EXPECT_TRUE(DateTime::Parse(expiration).ok());
  // The config LastChange echoed without its Z is the same time.
  std::string last_change = ConfigLastChange();
  std::string without_z = last_change.substr(0, last_change.size() - 1);
  Call(kClientNs, "GetCookie", GetCookieParams(AuthCookie(), without_z));
}

// Trap: paging limits: thousands of cached ids are normal (5,261 seen);
// GetExtendedUpdateInfo takes up to MaxExtendedUpdatesPerRequest (50), not more.
TEST_F(TrapsTest, LimitsAreTheRealServersOnes) {
  std::string cookie = RegisteredCookie();
  std::vector<int32_t> many;
  for (int32_t i = 0; i < 5261; ++i) many.push_back(100000 + i);
  std::string body = Call(kClientNs, "SyncUpdates", SyncParams(cookie, {}, many));
  EXPECT_EQ(Ints(body, "OutOfScopeRevisionIDs").size(), 5261u);
  auto extended = [&](int n) {
    std::vector<int32_t> ids(static_cast<size_t>(n), Rid(tc::kA));
    return CookieParam(cookie) + IntList("revisionIDs", ids) +
           "<infoTypes><XmlUpdateFragmentType>Extended</XmlUpdateFragmentType></infoTypes><locales><string>en"
           "</string></locales>";
  };
  Call(kClientNs, "GetExtendedUpdateInfo", extended(50));
  EXPECT_EQ(CallFault(kClientNs, "GetExtendedUpdateInfo", extended(51)).message, "parameters.revisionIDs");
}

// Trap: "A client migrated from a real WSUS arrives with a foreign cookie
// and foreign revision ids: answer InvalidCookie, never a generic fault."
TEST_F(TrapsTest, AMigratedClientIsToldToStartOver) {
  for (const char* op : {"SyncUpdates", "GetExtendedUpdateInfo", "RefreshCache", "GetFileLocations"}) {
    Fault f = CallFault(kClientNs, op,
                        "<cookie><Expiration>2026-10-04T16:03:35.9967236Z</Expiration><EncryptedData>" +
                            std::string(384, 'A') + "=</EncryptedData></cookie>");
    EXPECT_EQ(f.error_code, "InvalidCookie") << op;
  }
}

}  // namespace
}  // namespace openwsus::wusp
