// Replays the requests a real downstream importer sent a real Windows Server
// 2025 WSUS upstream (../shared/fixtures/wsus-rs/wsus-m0-wsusss/
// exchanges-client and exchanges-getupdatedata) against our upstream holding
// the same catalog (WSUS.cab's categories and the nine real documents), with
// our cookies where the captures have theirs, and checks each answer has the
// real one's structure: the same elements, in the same order, in the same
// namespaces (runs of repeated siblings compared as one: the real lists were
// trimmed and our catalog is not theirs).
#include <gtest/gtest.h>

#include <filesystem>

#include "common/base64.h"
#include "common/strings.h"
#include "import/importer.h"
#include "wsusss/test_blobs.h"
#include "wsusss/update_blob.h"
#include "wsusss/wsusss_test_fixture.h"
#include "xml/safe_xml.h"

namespace openwsus::wsusss {
namespace {

std::string Shape(const pugi::xml_node& node) {
  std::string out = "{" + std::string(xml::NamespaceUri(node)) + "}" + std::string(xml::LocalName(node)) + "(";
  std::string previous;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    std::string shape = Shape(child);
    if (shape != previous) out += shape;
    previous = shape;
  }
  return out + ")";
}

std::string ShapeOf(const std::string& body) {
  auto doc = xml::SafeXml::Parse(body);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? Shape((*doc)->root()) : "";
}

std::string Replace(std::string text, const std::string& open, const std::string& close, const std::string& value) {
  for (size_t at = text.find(open); at != std::string::npos; at = text.find(open, at + 1)) {
    size_t start = at + open.size();
    size_t end = text.find(close, start);
    text.replace(start, end - start, value);
  }
  return text;
}

class ServerSyncReplayTest : public WsusssTest {
 protected:
  void SetUp() override {
    WsusssTest::SetUp();
    fixtures_ = testing::WsusssFixtures();
    if (!fixtures_) GTEST_SKIP() << "../shared/fixtures is absent: real exchanges skipped";
    auto cab = import::Importer(store_.get()).ImportPath(*openwsus::testing::FixturesDir() + "/wsus-export/WSUS.cab");
    ASSERT_TRUE(cab.ok()) << cab.status().ToString();
    auto docs = import::Importer(store_.get()).ImportPath(*fixtures_ + "/docs");
    ASSERT_TRUE(docs.ok()) << docs.status().ToString();
    // The one file of the nine documents, where Microsoft Update hosts it (as
    // a sync from it records).
    std::string sha1 = Base64Decode("h/W9BGlYUAaqXTp30cZi/SiV3c0=").value();
    auto txn = store_->BeginImport();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)
                    ->AddFileOrigin(sha1,
                                    "http://download.windowsupdate.com/c/msdownload/update/software/defu/"
                                    "2026/10/am_delta_87f5bd0469585006aa5d3a77d1c662fd2895ddcd.exe")
                    .ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }

  std::string Read(const std::string& set, const std::string& exchange, const std::string& file) {
    return openwsus::testing::ReadFileOrDie(*fixtures_ + "/" + set + "/" + exchange + "/" + file);
  }

  // Sends the captured request with our cookies and returns our answer,
  // checked against the captured answer's status and structure.
  http::HttpResponse Replay(const std::string& set, const std::string& exchange) {
    std::string body = Read(set, exchange, "request.body");
    if (!auth_cookie_.empty()) body = Replace(body, "<CookieData>", "</CookieData>", auth_cookie_);
    if (!cookie_.empty()) body = Replace(body, "<EncryptedData>", "</EncryptedData>", cookie_);
    std::string headers = Read(set, exchange, "request.headers");
    std::string path = headers.substr(5, headers.find(' ', 5) - 5);
    // Header names are spelled differently by each capture: find it folded.
    size_t at = AsciiLower(headers).find("soapaction: \"") + 13;
    std::string action = headers.substr(at, headers.find('"', at) - at);
    http::HttpResponse ours = Post(path, action, body);
    std::string real = Read(set, exchange, "response.body");
    int real_status = std::stoi(Read(set, exchange, "response.headers").substr(9, 3));
    EXPECT_EQ(ours.status, real_status) << exchange << ": " << ours.body.substr(0, 2000);
    EXPECT_EQ(ShapeOf(ours.body), ShapeOf(real)) << exchange;
    return ours;
  }

  std::optional<std::string> fixtures_;
  std::string auth_cookie_;
  std::string cookie_;
};

TEST_F(ServerSyncReplayTest, TheImportersHandshakeAndLists) {
  Replay("exchanges-client", "000001");  // GetAuthConfig
  auto auth = Replay("exchanges-client", "000002");
  auth_cookie_ = Between(auth.body, "<CookieData>", "</CookieData>");
  auto cookie = Replay("exchanges-client", "000003");
  cookie_ = Between(cookie.body, "<EncryptedData>", "</EncryptedData>");
  ASSERT_FALSE(cookie_.empty());
  Replay("exchanges-client", "000004");  // GetConfigData, the full answer
  auto config = Replay("exchanges-client", "000005");
  // Every category and detectoid of WSUS.cab and the documents, once each.
  EXPECT_NE(config.body.find("<UpdateID>56309036-4c77-4dd9-951a-99ee9c246a94</UpdateID>"), std::string::npos);
  Replay("exchanges-client", "000006");
  auto filtered = Replay("exchanges-client", "000013");  // Defender + Definition Updates
  EXPECT_NE(filtered.body.find("<UpdateID>a2fef9b0-7951-4c2c-a42b-9e351dd1c1fe</UpdateID>"), std::string::npos);
}

TEST_F(ServerSyncReplayTest, GetUpdateDataAsTheRealServerSendsIt) {
  auth_cookie_ = AuthorizationCookie();
  cookie_ = Between(CookieXml(), "<EncryptedData>", "</EncryptedData>");
  for (const std::string exchange : {"000013", "000014", "000015", "000016"}) {
    auto ours = Replay("exchanges-getupdatedata", exchange);
    std::string id = Between(ours.body, "<UpdateID>", "</UpdateID>");
    std::string revision = Between(ours.body, "<RevisionNumber>", "</RevisionNumber>");
    std::string doc = openwsus::testing::ReadFileOrDie(*fixtures_ + "/docs/" + id + "-r" + revision + ".xml");
    std::string compressed = Between(ours.body, "<XmlUpdateBlobCompressed>", "</XmlUpdateBlobCompressed>");
    if (!compressed.empty()) {
      EXPECT_EQ(testing::DecodeBlobWithMspack(compressed), doc) << exchange;
      if (auto independent = testing::DecodeBlobWithCabextract(compressed)) {
        EXPECT_EQ(*independent, doc);
      }
    } else {
      auto parsed = xml::SafeXml::Parse(ours.body);
      ASSERT_TRUE(parsed.ok());
      std::string text(xml::ChildText(
          (*parsed)->root().find_node([](const pugi::xml_node& n) { return xml::LocalName(n) == "XmlUpdateBlob"; })));
      EXPECT_EQ(text, doc) << exchange;
    }
  }
}

}  // namespace
}  // namespace openwsus::wsusss
