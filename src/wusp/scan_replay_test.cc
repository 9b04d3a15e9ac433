// The first scan of a real Windows 11 Update Agent (../fixtures/wsus-rs/
// wsus-m0-native/scan), replayed request by request against our service with
// a catalog that holds the same updates: the nine real documents of
// wsus-m0-wsusss/docs plus every category and detectoid of the real
// wsusutil export (wsus-export/WSUS.cab). The captured cookies are blanked,
// so ours go in their place, and the real server's revision ids in the
// requests are mapped to ours. Each answer must have the structure the real
// WSUS gave: the same elements, order and namespaces, a Deployment with its
// fields on every update, the same IsLeaf values and the same Core fragments.
// The flow capture (one approved update, then reports) is replayed too, for
// what does not depend on the real server's much larger catalog.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "import/importer.h"
#include "store/server_settings.h"
#include "testing/test_support.h"
#include "wusp/test_replay.h"
#include "wusp/wusp_test_fixture.h"

namespace openwsus::wusp {
namespace {

constexpr const char* kCapturedLastChange = "2026-10-04T13:17:07.59Z";

// The real server's revision ids of the nine documents (from the Core
// fragments of its SyncUpdates answers).
const std::map<int32_t, std::pair<const char*, int32_t>> kRealRevisions = {
    {72571, {"dd78b8a1-0b20-45c1-add6-4da72e9364cf", 202}},  {108226, {"56309036-4c77-4dd9-951a-99ee9c246a94", 101}},
    {108231, {"6964aab4-c5b5-43bd-a17d-ffb4346a8e1d", 100}}, {192576, {"7366a74a-ef29-44e1-b738-570b516aca1f", 200}},
    {197762, {"266f6222-c89d-43f2-9f8a-69340271e677", 200}}, {200373, {"ff36f0b5-dded-4780-8664-cd78af8b62c1", 200}},
    {200712, {"ccb78947-6453-4ecc-9de8-bc0305c98f2d", 200}}, {200724, {"1f9bd9bb-7390-4aa3-bbdb-ded99fac2583", 200}},
    {200996, {"a2fef9b0-7951-4c2c-a42b-9e351dd1c1fe", 200}},
};

// Texts that differ by nature: cookies, deployment ids and dates; revision
// ids and Core fragments are compared apart.
bool SyncTextIgnored(const pugi::xml_node& node) {
  std::string_view name = node.name();
  if (HandshakeTextIgnored(node) || name == "LastChangeTime" || name == "Xml") return true;
  return name == "ID";  // UpdateInfo/ID (mapped) and Deployment/ID (ours)
}

// The Core fragment of an <Xml> (several roots) as a document.
void ExpectSameFragment(const std::string& real, const std::string& ours, const std::string& where) {
  pugi::xml_document real_doc, our_doc;
  ASSERT_TRUE(real_doc.load_string(("<r>" + real + "</r>").c_str())) << where;
  ASSERT_TRUE(our_doc.load_string(("<r>" + ours + "</r>").c_str())) << where << ": " << ours;
  ExpectSameShape(real_doc.document_element(), our_doc.document_element(), where,
                  [](const pugi::xml_node&) { return false; });
}

class ScanReplayTest : public WuspTestFixture {
 protected:
  // Imports the catalog; false (and the test skips) without fixtures.
  bool ImportCatalog() {
    auto fixtures = openwsus::testing::FixturesDir();
    if (!fixtures) return false;
    std::string cab = *fixtures + "/wsus-export/WSUS.cab";
    std::string docs = *fixtures + "/wsus-rs/wsus-m0-wsusss/docs";
    if (!std::filesystem::exists(cab) || !std::filesystem::exists(docs) || !LoadExchange("scan", "000006")) {
      return false;
    }
    for (const std::string& path : {cab, docs}) {
      auto report = import::Importer(store_.get()).ImportPath(path);
      EXPECT_TRUE(report.ok()) << path << ": " << report.status().ToString();
    }
    EXPECT_TRUE(store_->SetSetting(std::string(store::kConfigLastChangeSetting), kCapturedLastChange).ok());
    Refresh();
    for (const auto& [real, identity] : kRealRevisions) {
      auto ours = store_->FindRevisionId({*Guid::Parse(identity.first), identity.second});
      EXPECT_TRUE(ours.ok()) << identity.first;
      if (!ours.ok()) return false;
      ours_by_real_[real] = *ours;
    }
    return true;
  }

  http::HttpResponse Replay(const Exchange& e, const std::string& body) {
    http::HttpRequest request;
    request.method = "POST";
    request.target = request.path = e.path;
    request.headers.Add("Content-Type", "text/xml; charset=utf-8");
    request.headers.Add("Host", "192.0.2.1:8530");
    request.headers.Add("SOAPAction", e.soap_action);
    request.body = body;
    request.remote_address = "192.0.2.7";
    return router_.Handle(request);
  }

  // The real handshake, replayed: our cookie, and the computer registered.
  std::string Handshake() {
    auto get_auth = LoadExchange("scan", "000002");
    auto get_cookie = LoadExchange("scan", "000003");
    auto register_computer = LoadExchange("scan", "000004");
    http::HttpResponse r = Replay(*get_auth, get_auth->request_body);
    std::string cookie_data = ElementText(r.body, "CookieData");
    r = Replay(*get_cookie, ReplaceBlanked(get_cookie->request_body, "CookieData", cookie_data));
    EXPECT_EQ(r.status, 200) << r.body;
    std::string cookie = ElementText(r.body, "EncryptedData");
    r = Replay(*register_computer, ReplaceBlanked(register_computer->request_body, "EncryptedData", cookie));
    EXPECT_EQ(r.status, 200) << r.body;
    return cookie;
  }

  // The real request with our cookie and our revision ids.
  std::string OurRequest(const Exchange& e, const std::string& cookie) {
    std::string body = ReplaceBlanked(e.request_body, "EncryptedData", cookie);
    std::string out;
    std::regex id("<int>(\\d+)</int>");
    auto begin = std::sregex_iterator(body.begin(), body.end(), id);
    size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
      int32_t real = std::stoi((*it)[1].str());
      auto ours = ours_by_real_.find(real);
      out += body.substr(last, it->position() - last);
      // A real id of an update we lack stays as it was: to us it is unknown.
      out += "<int>" + std::to_string(ours == ours_by_real_.end() ? real : ours->second) + "</int>";
      last = it->position() + it->length();
    }
    return out + body.substr(last);
  }

  // Compares a SyncUpdates answer with the real one.
  void ExpectSameSync(const Exchange& e, const http::HttpResponse& r) {
    ASSERT_EQ(r.status, 200) << r.body;
    ExpectSameResponse(e.response_body, r.body, SyncTextIgnored);
    pugi::xml_document real_doc, our_doc;
    ASSERT_TRUE(real_doc.load_string(e.response_body.c_str()));
    ASSERT_TRUE(our_doc.load_string(r.body.c_str()));
    auto real_infos = real_doc.select_nodes("//*[local-name()='UpdateInfo']");
    auto our_infos = our_doc.select_nodes("//*[local-name()='UpdateInfo']");
    ASSERT_EQ(real_infos.size(), our_infos.size());
    for (size_t i = 0; i < real_infos.size(); ++i) {
      pugi::xml_node real = real_infos[i].node();
      pugi::xml_node ours = our_infos[i].node();
      int32_t real_id = real.child("ID").text().as_int();
      ASSERT_TRUE(ours_by_real_.count(real_id)) << real_id;
      EXPECT_EQ(ours.child("ID").text().as_int(), ours_by_real_[real_id]);
      EXPECT_STREQ(ours.child("Deployment").child("Action").text().get(),
                   real.child("Deployment").child("Action").text().get());
      ExpectSameFragment(real.child("Xml").text().get(), ours.child("Xml").text().get(),
                         "UpdateInfo " + std::to_string(real_id));
    }
  }

  std::map<int32_t, int32_t> ours_by_real_;
};

TEST_F(ScanReplayTest, TheRealFirstScanGetsTheRealAnswers) {
  if (!ImportCatalog()) GTEST_SKIP() << "../shared/fixtures is absent: the real scan is not replayed";
  std::string cookie = Handshake();

  // StartCategoryScan: no cookie in it; the one product comes back preferred.
  auto start = LoadExchange("scan", "000005");
  http::HttpResponse r = Replay(*start, start->request_body);
  ASSERT_EQ(r.status, 200) << r.body;
  ExpectSameResponse(start->response_body, r.body);

  // The software pass, one level of the category chain per call, then the
  // driver pass with the 70 devices of a real PC.
  for (const char* name : {"000006", "000007", "000008", "000009"}) {
    SCOPED_TRACE(name);
    auto sync = LoadExchange("scan", name);
    ASSERT_TRUE(sync);
    r = Replay(*sync, OurRequest(*sync, cookie));
    ExpectSameSync(*sync, r);
    std::string next = ElementText(r.body, "EncryptedData");
    EXPECT_NE(next, cookie) << "every answer carries a new cookie";
    cookie = next;
  }

  // GetExtendedUpdateInfo of the three categories the scan brought.
  auto extended = LoadExchange("scan", "000010");
  r = Replay(*extended, OurRequest(*extended, cookie));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("OutOfScopeRevisionIDs"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("FileLocations"), std::string::npos) << "categories have no files";
}

TEST_F(ScanReplayTest, TheRealFlowIsAcceptedAndItsReportsStored) {
  if (!ImportCatalog()) GTEST_SKIP() << "../shared/fixtures is absent: the real flow is not replayed";
  std::string cookie = Handshake();
  // The approval of the capture: KB2267602 for All Computers.
  policy::Approval approval{*Guid::Parse("a2fef9b0-7951-4c2c-a42b-9e351dd1c1fe"),
                            policy::kAllComputersId,
                            policy::ApprovalAction::kInstall,
                            std::nullopt,
                            DateTime::Now(),
                            "test"};
  ASSERT_TRUE(store_->SetApproval(approval).ok());
  Refresh();

  // Software pages of a client whose cache came from the real server: most
  // of its ids are unknown here and come back out of scope, never a fault.
  for (const char* name : {"000001", "000003", "000012", "000013", "000014"}) {
    SCOPED_TRACE(name);
    auto sync = LoadExchange("flow", name);
    ASSERT_TRUE(sync);
    http::HttpResponse r = Replay(*sync, OurRequest(*sync, cookie));
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 2000);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(r.body.c_str()));
    for (auto info : doc.select_nodes("//*[local-name()='UpdateInfo']")) {
      EXPECT_TRUE(info.node().child("Deployment")) << "a Deployment on every UpdateInfo";
    }
    cookie = ElementText(r.body, "EncryptedData");
  }

  // The three real report batches: the real answer, and every event kept once.
  size_t events = 0;
  for (const char* name : {"000016", "000017", "000018"}) {
    SCOPED_TRACE(name);
    auto report = LoadExchange("flow", name);
    ASSERT_TRUE(report);
    std::string body = ReplaceBlanked(report->request_body, "EncryptedData", cookie);
    for (size_t at = body.find("<ReportingEvent>"); at != std::string::npos;
         at = body.find("<ReportingEvent>", at + 1)) {
      ++events;
    }
    http::HttpResponse r = Replay(*report, body);
    ASSERT_EQ(r.status, 200) << r.body;
    ExpectSameResponse(report->response_body, r.body);
    // Delivered twice: the same answer, no second copy.
    r = Replay(*report, body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  auto stored = store_->ListEvents(*Guid::Parse("e1da06a3-5601-43c9-bac3-52d5db701494"), 0);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), events);
  EXPECT_EQ(events, 15u) << "4, 9 and 2 events in the three batches";
}

}  // namespace
}  // namespace openwsus::wusp
