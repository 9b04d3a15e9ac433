// The scan, metadata and reporting operations over SOAP, in process, on a
// real SQLite store holding the catalog of test_catalog.h: what a client
// sees, and the faults that make it recover as designed.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "import/importer.h"
#include "wusp/scan_fixture.h"

namespace openwsus::wusp {
namespace {

using SyncOperationsTest = ScanFixture;

TEST_F(SyncOperationsTest, AStagedScanDeliversEverythingWithADeploymentEach) {
  std::string cookie = RegisteredCookie();
  auto opened = sealer_->OpenClientCookie(cookie, DateTime::Now());
  ASSERT_TRUE(opened.ok());
  std::vector<int32_t> installed, other;
  auto answers = Scan(&cookie, &installed, &other);
  EXPECT_EQ(answers.size(), 4u);
  std::set<int32_t> seen;
  const std::vector<std::string> kFields = {"ID",         "Action",       "IsAssigned",          "LastChangeTime",
                                            "AutoSelect", "AutoDownload", "SupersedenceBehavior"};
  for (const std::string& body : answers) {
    for (const Info& info : Infos(body, "NewUpdates")) {
      EXPECT_TRUE(seen.insert(info.id).second) << "one revision once: " << info.id;
      EXPECT_EQ(info.deployment_fields, kFields) << info.id;
      EXPECT_TRUE(info.has_xml);
    }
    // NewCookie keeps the cookie's expiration; every answer has a new cookie.
    EXPECT_EQ(ElementText(body, "Expiration"), opened->expires.ToString());
  }
  EXPECT_EQ(seen.size(), 11u) << "all but the two drivers";
  EXPECT_EQ(installed, (std::vector<int32_t>{Rid(tc::kC), Rid(tc::kK), Rid(tc::kD), Rid(tc::kF), Rid(tc::kP)}));
  // A delta scan of the complete cache: nothing new, nothing changed.
  std::string body = Call(kClientNs, "SyncUpdates", SyncParams(cookie, installed, other));
  EXPECT_EQ(body.find("<NewUpdates>"), std::string::npos) << body;
  EXPECT_EQ(body.find("<ChangedUpdates>"), std::string::npos) << body;
  EXPECT_EQ(body.find("<OutOfScopeRevisionIDs>"), std::string::npos) << body;
  EXPECT_EQ(ElementText(body, "Truncated"), "false");
  EXPECT_EQ(ElementText(body, "DriverSyncNotNeeded"), "false") << "the catalog has drivers";
}

TEST_F(SyncOperationsTest, AnApprovalReachesTheNextScanAsAChangedUpdate) {
  std::string cookie = RegisteredCookie();
  std::vector<int32_t> installed, other;
  Scan(&cookie, &installed, &other);
  // The high-water mark trails the snapshot a minute: an approval stamped
  // two minutes ago is after it only for a cookie from before the approval.
  policy::Approval approval{*Guid::Parse(tc::kB), policy::kAllComputersId, policy::ApprovalAction::kInstall,
                            std::nullopt,         DateTime::Now(),         "test"};
  ASSERT_TRUE(store_->SetApproval(approval).ok());
  ASSERT_TRUE(snapshots_->RefreshPolicy().ok());
  std::string body = Call(kClientNs, "SyncUpdates", SyncParams(cookie, installed, other));
  auto changed = Infos(body, "ChangedUpdates");
  ASSERT_EQ(changed.size(), 1u) << body;
  EXPECT_EQ(changed[0].id, Rid(tc::kB));
  EXPECT_EQ(changed[0].action, "Install");
  EXPECT_FALSE(changed[0].has_xml) << "the client has the Core fragment";
  // A decline takes it out of scope.
  ASSERT_TRUE(store_->SetDeclined(*Guid::Parse(tc::kB), true).ok());
  ASSERT_TRUE(snapshots_->RefreshPolicy().ok());
  body = Call(kClientNs, "SyncUpdates", SyncParams(cookie, installed, other));
  EXPECT_EQ(Ints(body, "OutOfScopeRevisionIDs"), std::vector<int32_t>{Rid(tc::kB)});
}

TEST_F(SyncOperationsTest, ScanFaultsMakeTheClientRecoverAsDesigned) {
  // Not registered: RegistrationRequired.
  std::string cookie = ClientCookie();
  Fault f = CallFault(kClientNs, "SyncUpdates", SyncParams(cookie, {}, {}));
  EXPECT_EQ(f.error_code, "RegistrationRequired");
  Call(kClientNs, "RegisterComputer", RegisterParams(cookie));
  Call(kClientNs, "SyncUpdates", SyncParams(cookie, {}, {}));
  // Over 400 installed non-leaf ids, as real WSUS: InvalidParameters; 400 is fine.
  std::vector<int32_t> many(400, Rid(tc::kC));
  Call(kClientNs, "SyncUpdates", SyncParams(cookie, many, {}));
  many.push_back(Rid(tc::kC));
  f = CallFault(kClientNs, "SyncUpdates", SyncParams(cookie, many, {}));
  EXPECT_EQ(f.error_code, "InvalidParameters");
  EXPECT_EQ(f.message, "parameters.InstalledNonLeafUpdateIDs");
  // A system spec belongs to the driver pass.
  f = CallFault(kClientNs, "SyncUpdates", SyncParams(cookie, {}, {}, "<SystemSpec><Device/></SystemSpec>"));
  EXPECT_EQ(f.message, "parameters.SystemSpec");
  f = CallFault(kClientNs, "SyncUpdates", CookieParam(cookie));
  EXPECT_EQ(f.message, "parameters");
  f = CallFault(kClientNs, "SyncUpdates",
                CookieParam(cookie) +
                    "<parameters><InstalledNonLeafUpdateIDs><int>x</int></InstalledNonLeafUpdateIDs>"
                    "<SkipSoftwareSync>false</SkipSoftwareSync></parameters>");
  EXPECT_EQ(f.message, "parameters.InstalledNonLeafUpdateIDs");
  // A new config: ConfigChanged, and GetConfig gives the new LastChange.
  ASSERT_TRUE(store_->SetSetting(std::string(store::kConfigLastChangeSetting), "2027-01-01T00:00:00Z").ok());
  Refresh();
  f = CallFault(kClientNs, "SyncUpdates", SyncParams(cookie, {}, {}));
  EXPECT_EQ(f.error_code, "ConfigChanged");
  // Rotating the key without keeping the old one: InvalidCookie.
  std::string fresh = ClientCookie();
  ASSERT_TRUE(keys_->Rotate(/*keep_previous=*/false).ok());
  f = CallFault(kClientNs, "SyncUpdates", SyncParams(fresh, {}, {}));
  EXPECT_EQ(f.error_code, "InvalidCookie");
  ExpectStillAnswering();
}

TEST_F(SyncOperationsTest, OldClientsSendEncodedArraysAndNils) {
  std::string cookie = RegisteredCookie();
  std::string params = CookieParam(cookie) +
                       "<parameters xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\" "
                       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><ExpressQuery>false</ExpressQuery>"
                       "<InstalledNonLeafUpdateIDs soapenc:arrayType=\"xsd:int[1]\"><item>" +
                       std::to_string(Rid(tc::kC)) +
                       "</item></InstalledNonLeafUpdateIDs><OtherCachedUpdateIDs xsi:nil=\"true\"/>"
                       "<SkipSoftwareSync>false</SkipSoftwareSync></parameters>";
  std::string body = Call(kClientNs, "SyncUpdates", params);
  auto infos = Infos(body, "NewUpdates");
  ASSERT_FALSE(infos.empty());
  EXPECT_EQ(infos[0].id, Rid(tc::kF)) << "C counted as installed: its child comes";
}

TEST_F(SyncOperationsTest, GetCookieCarriesTheSyncStateOfTheOldCookie) {
  std::string cookie = RegisteredCookie();
  std::vector<int32_t> installed, other;
  Scan(&cookie, &installed, &other);
  auto synced = sealer_->OpenClientCookie(cookie, DateTime::Now());
  ASSERT_TRUE(synced.ok());
  EXPECT_GT(synced->deployment_high_water, 0);
  std::string renewed =
      ElementText(Call(kClientNs, "GetCookie",
                       GetCookieParams(AuthCookie(), ConfigLastChange(),
                                       "<oldCookie><EncryptedData>" + cookie + "</EncryptedData></oldCookie>")),
                  "EncryptedData");
  auto opened = sealer_->OpenClientCookie(renewed, DateTime::Now());
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->deployment_high_water, synced->deployment_high_water);
  // With it, the next scan resends nothing.
  std::string body = Call(kClientNs, "SyncUpdates", SyncParams(renewed, installed, other));
  EXPECT_EQ(body.find("<ChangedUpdates>"), std::string::npos);
  // A cookie from scratch (no old one) resends every cached deployment.
  std::string scratch = ClientCookie();
  body = Call(kClientNs, "SyncUpdates", SyncParams(scratch, installed, other));
  EXPECT_EQ(Infos(body, "ChangedUpdates").size(), installed.size() + other.size());
}

TEST_F(SyncOperationsTest, TheDriverPassAndThePrinterCatalog) {
  std::string cookie = RegisteredCookie();
  std::string spec =
      "<SystemSpec><Device><HardwareIDs><string>PCI\\VEN_1234&amp;DEV_0001</string></HardwareIDs>"
      "<installedDriver><MatchingID>pci\\ven_1234&amp;dev_0001</MatchingID>"
      "<DriverVerDate>2019-01-01T00:00:00Z</DriverVerDate><DriverVerVersion>281474976710656</DriverVerVersion>"
      "<Class>Net</Class><MatchingComputerHWID a:nil=\"true\" xmlns:a=\"http://www.w3.org/2001/XMLSchema-instance\"/>"
      "<SkipProviderFiltering>false</SkipProviderFiltering></installedDriver></Device></SystemSpec>";
  std::string params = CookieParam(cookie) + "<parameters><ExpressQuery>false</ExpressQuery>" + spec +
                       "<SkipSoftwareSync>true</SkipSoftwareSync><FeatureScoreMatchingKey>AMD64.10.0"
                       "</FeatureScoreMatchingKey></parameters>";
  std::string body = Call(kClientNs, "SyncUpdates", params);
  auto infos = Infos(body, "NewUpdates");
  ASSERT_EQ(infos.size(), 1u) << body;
  EXPECT_EQ(infos[0].id, Rid(tc::kX));
  EXPECT_EQ(infos[0].action, "PreDeploymentCheck");
  // SyncPrinterCatalog, under either of its SOAPActions.
  std::string printer_params = CookieParam(cookie) + "<printerUpdateIDs/>";
  body = Call(kClientNs, "SyncPrinterCatalog", printer_params);
  ASSERT_EQ(Infos(body, "NewUpdates").size(), 1u) << body;
  EXPECT_EQ(Infos(body, "NewUpdates")[0].id, Rid(tc::kY));
  http::HttpResponse r = Post(std::string(xml::kClientServicePath), Action(kClientNs, "SyncUpdates"),
                              Envelope(kClientNs, "SyncPrinterCatalog", printer_params));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("SyncPrinterCatalogResult"), std::string::npos);
}

TEST_F(SyncOperationsTest, RefreshCacheGetFileLocationsAndExtendedInfo) {
  std::string cookie = RegisteredCookie();
  std::string ids = "<globalIDs><UpdateIdentity><UpdateID>" + std::string(tc::kA) +
                    "</UpdateID><RevisionNumber>100</RevisionNumber></UpdateIdentity><UpdateIdentity><UpdateID>" +
                    tc::kM1 +
                    "</UpdateID><RevisionNumber>100</RevisionNumber></UpdateIdentity><UpdateIdentity>"
                    "<UpdateID>" +
                    tc::kB + "</UpdateID><RevisionNumber>7</RevisionNumber></UpdateIdentity></globalIDs>";
  std::string body = Call(kClientNs, "RefreshCache", CookieParam(cookie) + ids);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(body.c_str()));
  auto results = doc.select_nodes("//*[local-name()='RefreshCacheResult']/*[local-name()='RefreshCacheResult']");
  ASSERT_EQ(results.size(), 1u) << body;  // the bundle member and the unknown revision left out
  pugi::xml_node result = results[0].node();
  EXPECT_EQ(result.child("RevisionID").text().as_int(), Rid(tc::kA));
  EXPECT_STREQ(result.child("GlobalID").child("UpdateID").text().get(), tc::kA);
  EXPECT_STREQ(result.child("IsLeaf").text().get(), "true");
  EXPECT_STREQ(result.child("Deployment").child("Action").text().get(), "PreDeploymentCheck");
  EXPECT_EQ(CallFault(kClientNs, "RefreshCache", CookieParam(cookie)).message, "parameters.globalIDs");

  // GetFileLocations: A's file, from the Host header; unknown digests get nothing.
  std::string digests = "<fileDigests><base64Binary>" + std::string(tc::kFileASha1) +
                        "</base64Binary><base64Binary>AAAAAAAAAAAAAAAAAAAAAAAAAAA=</base64Binary></fileDigests>";
  body = Call(kClientNs, "GetFileLocations", CookieParam(cookie) + digests);
  EXPECT_EQ(ElementText(body, "Url"), "http://192.0.2.1:8530/Content/9D/A9993E364706816ABA3E25717850C26C9CD0D89D.exe");
  EXPECT_EQ(ElementText(body, "FileDigest"), tc::kFileASha1);
  EXPECT_NE(ElementText(body, "EncryptedData"), "<absent>") << "a NewCookie, as real WSUS";
  Fault f = CallFault(kClientNs, "GetFileLocations",
                      CookieParam(cookie) + "<fileDigests><base64Binary>AAAA</base64Binary></fileDigests>");
  EXPECT_EQ(f.message, "parameters.fileDigests");

  // GetExtendedUpdateInfo: a declined update, an old revision, an unknown id are out of scope.
  ASSERT_TRUE(store_->SetDeclined(*Guid::Parse(tc::kS), true).ok());
  ASSERT_TRUE(snapshots_->RefreshPolicy().ok());
  body = Call(kClientNs, "GetExtendedUpdateInfo",
              CookieParam(cookie) + IntList("revisionIDs", {Rid(tc::kA), Rid(tc::kS), 424242}) +
                  "<infoTypes><XmlUpdateFragmentType>Extended</XmlUpdateFragmentType></infoTypes>"
                  "<locales><string>en</string></locales>");
  EXPECT_EQ(Ints(body, "OutOfScopeRevisionIDs"), (std::vector<int32_t>{Rid(tc::kS), 424242}));
  EXPECT_EQ(ElementText(body, "Url"), "http://192.0.2.1:8530/Content/9D/A9993E364706816ABA3E25717850C26C9CD0D89D.exe");
  // GetExtendedUpdateInfo2 names updates by identity.
  body = Call(kClientNs, "GetExtendedUpdateInfo2",
              CookieParam(cookie) + "<updateIDs><UpdateIdentity><UpdateID>" + tc::kA +
                  "</UpdateID><RevisionNumber>100</RevisionNumber></UpdateIdentity></updateIDs>"
                  "<infoTypes><XmlUpdateFragmentType>FileUrl</XmlUpdateFragmentType>"
                  "<XmlUpdateFragmentType>Extended</XmlUpdateFragmentType></infoTypes>");
  EXPECT_NE(body.find("GetExtendedUpdateInfo2Result"), std::string::npos);
  EXPECT_EQ(ElementText(body, "ID"), std::to_string(Rid(tc::kA)));
  EXPECT_NE(ElementText(body, "Url"), "<absent>");
}

TEST_F(SyncOperationsTest, StartCategoryScanFollowsTheSpecRules) {
  auto scan = [&](const std::string& relationships) {
    return Call(kClientNs, "StartCategoryScan", "<requestedCategories>" + relationships + "</requestedCategories>");
  };
  auto rel = [](int group, const char* id) {
    return "<CategoryRelationship><IndexOfAndGroup>" + std::to_string(group) + "</IndexOfAndGroup><CategoryId>" +
           std::string(id) + "</CategoryId></CategoryRelationship>";
  };
  std::string unknown = "99999999-0000-0000-0000-000000000001";
  std::string body = scan(rel(0, tc::kP) + rel(1, tc::kP) + rel(1, tc::kK) + rel(2, unknown.c_str()) + rel(2, tc::kP));
  EXPECT_EQ(Guids(body, "preferredCategoryIds"), std::vector<std::string>{tc::kP}) << body;
  EXPECT_EQ(Guids(body, "requestedCategoryIdsInError"), std::vector<std::string>{unknown}) << body;
  // A group that is not "one product" or "product and classification" clears the list.
  body = scan(rel(0, tc::kP) + rel(1, tc::kK));
  EXPECT_EQ(body.find("preferredCategoryIds"), std::string::npos) << body;
  std::string too_many;
  for (int i = 0; i < 200; ++i) too_many += rel(i, tc::kP);
  Fault f = CallFault(kClientNs, "StartCategoryScan", "<requestedCategories>" + too_many + "</requestedCategories>");
  EXPECT_EQ(f.error_code, "InvalidParameters");
}

}  // namespace
}  // namespace openwsus::wusp
