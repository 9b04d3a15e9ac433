// GetExtendedUpdateInfo in process, on a SQLite store holding the real
// documents of ../fixtures/wsus-rs/wsus-m0-wsusss/docs: the real requests of
// wsus-m0-native (scan/000010, flow/000015) replayed with our revision ids
// and cookie, the responses compared with the real server's.
#include "wusp/extended_info.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "catalog/update_parser.h"
#include "common/base64.h"
#include "common/cookie_sealer.h"
#include "common/key_ring.h"
#include "common/log.h"
#include "http/router.h"
#include "import/importer.h"
#include "store/server_settings.h"
#include "store/store.h"
#include "testing/test_support.h"
#include "wusp/wusp_service.h"
#include "wusp/wusp_test_fixture.h"

namespace openwsus::wusp {
namespace {

using openwsus::testing::ReadFileOrDie;
using openwsus::testing::ScopedTempDir;

constexpr const char* kAction =
    "\"http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/GetExtendedUpdateInfo\"";

// The real server's revision ids of the documents in wsus-m0-wsusss/docs,
// taken from the Core fragments of the capture's SyncUpdates responses.
struct RealRevision {
  int32_t real_id;
  const char* update_id;
  int32_t revision_number;
};
constexpr RealRevision kRealRevisions[] = {
    {72571, "dd78b8a1-0b20-45c1-add6-4da72e9364cf", 202},  {108226, "56309036-4c77-4dd9-951a-99ee9c246a94", 101},
    {108231, "6964aab4-c5b5-43bd-a17d-ffb4346a8e1d", 100}, {192576, "7366a74a-ef29-44e1-b738-570b516aca1f", 200},
    {197762, "266f6222-c89d-43f2-9f8a-69340271e677", 200}, {200373, "ff36f0b5-dded-4780-8664-cd78af8b62c1", 200},
    {200712, "ccb78947-6453-4ecc-9de8-bc0305c98f2d", 200}, {200724, "1f9bd9bb-7390-4aa3-bbdb-ded99fac2583", 200},
    {200996, "a2fef9b0-7951-4c2c-a42b-9e351dd1c1fe", 200},
};

struct ParsedResponse {
  std::vector<std::string> sections;                     // children of the Result
  std::vector<std::pair<int32_t, std::string>> updates;  // ID, Xml (unescaped)
  std::vector<std::pair<std::string, std::string>> locations;
  std::vector<int32_t> out_of_scope;
};

pugi::xml_node Child(const pugi::xml_node& node, const char* name) {
  for (auto c : node.children()) {
    if (c.type() == pugi::node_element && std::string_view(c.name()) == name) return c;
  }
  return {};
}

ParsedResponse ParseResponse(const std::string& body) {
  ParsedResponse p;
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(body.c_str())) << body;
  pugi::xml_node result = doc.select_node("//*[local-name()='GetExtendedUpdateInfoResult']").node();
  EXPECT_TRUE(result) << body;
  for (auto section : result.children()) {
    if (section.type() != pugi::node_element) continue;
    p.sections.emplace_back(section.name());
    for (auto item : section.children()) {
      if (item.type() != pugi::node_element) continue;
      std::string_view name = section.name();
      if (name == "Updates") {
        EXPECT_STREQ(item.name(), "Update");
        std::vector<std::string> names;
        for (auto c : item.children()) names.emplace_back(c.name());
        EXPECT_EQ(names, (std::vector<std::string>{"ID", "Xml"}));
        p.updates.emplace_back(std::stoi(Child(item, "ID").child_value()), Child(item, "Xml").child_value());
      } else if (name == "FileLocations") {
        EXPECT_STREQ(item.name(), "FileLocation");
        std::vector<std::string> names;
        for (auto c : item.children()) names.emplace_back(c.name());
        EXPECT_EQ(names, (std::vector<std::string>{"FileDigest", "Url"}));
        p.locations.emplace_back(Child(item, "FileDigest").child_value(), Child(item, "Url").child_value());
      } else if (name == "OutOfScopeRevisionIDs") {
        EXPECT_STREQ(item.name(), "int");
        p.out_of_scope.push_back(std::stoi(item.child_value()));
      }
    }
  }
  return p;
}

void ReplaceAll(std::string* text, const std::string& from, const std::string& to) {
  for (size_t at = text->find(from); at != std::string::npos; at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
  }
}

class ExtendedInfoTest : public WuspTestFixture {
 protected:
  // Imports the real documents; false (and the test skips) without fixtures.
  bool ImportRealDocuments() {
    fixtures_ = openwsus::testing::FixturesDir();
    if (!fixtures_) return false;
    std::string docs = *fixtures_ + "/wsus-rs/wsus-m0-wsusss/docs";
    if (!std::filesystem::exists(docs) || !std::filesystem::exists(*fixtures_ + "/wsus-rs/wsus-m0-native")) {
      return false;
    }
    auto report = import::Importer(store_.get()).ImportPath(docs);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    Refresh();
    for (const RealRevision& r : kRealRevisions) {
      auto guid = Guid::Parse(r.update_id);
      EXPECT_TRUE(guid.ok());
      auto ours = store_->FindRevisionId(catalog::UpdateIdentity{*guid, r.revision_number});
      EXPECT_TRUE(ours.ok()) << r.update_id;
      if (!ours.ok()) return false;
      ours_by_real_[r.real_id] = *ours;
      real_by_ours_[*ours] = r.real_id;
      auto revision = store_->FindRevision(*ours);
      auto update = catalog::ParseUpdate(revision->xml);
      EXPECT_TRUE(update.ok());
      for (const auto& file : update->files) known_digests_.insert(Base64Encode(file.sha1));
    }
    return true;
  }

  std::string Cookie(int64_t lifetime_seconds = 3600) {
    auto last_change = store::LoadOrCreateConfigLastChange(store_.get());
    EXPECT_TRUE(last_change.ok());
    ClientCookieData data;
    data.client_id = Guid::Random();
    data.expires = DateTime::FromUnixSeconds(DateTime::Now().unix_seconds() + lifetime_seconds);
    data.protocol_version = "2.90";
    data.config_last_change = *last_change;
    auto sealed = sealer_->SealClientCookie(data);
    EXPECT_TRUE(sealed.ok());
    return *sealed;
  }

  http::HttpResponse Post(std::string body, const std::string& host = "192.0.2.1:8530") {
    http::HttpRequest request;
    request.method = "POST";
    request.target = request.path = std::string(xml::kClientServicePath);
    request.headers.Add("Content-Type", "text/xml; charset=utf-8");
    request.headers.Add("Host", host);
    request.headers.Add("SOAPAction", kAction);
    request.body = std::move(body);
    request.remote_address = "192.0.2.7";
    return router_.Handle(request);
  }

  // The real request of `exchange` with our cookie and, for the documents we
  // hold, our revision ids.
  std::string OurRequest(const std::string& exchange) {
    std::string body = ReadFileOrDie(*fixtures_ + "/wsus-rs/wsus-m0-native/" + exchange + "/request.body");
    size_t begin = body.find("<EncryptedData>") + 15;
    size_t end = body.find("</EncryptedData>");
    EXPECT_EQ(body.substr(begin, end - begin).find_first_not_of("A="), std::string::npos);
    body.replace(begin, end - begin, Cookie());
    for (const auto& [real, ours] : ours_by_real_) {
      ReplaceAll(&body, "<int>" + std::to_string(real) + "</int>", "<int>" + std::to_string(ours) + "</int>");
    }
    return body;
  }

  // Our response with the real server's ids, for comparison.
  ParsedResponse OurResponse(const std::string& request, const std::string& host) {
    http::HttpResponse r = Post(request, host);
    EXPECT_EQ(r.status, 200) << r.body;
    ParsedResponse p = ParseResponse(r.body);
    for (auto& [id, xml] : p.updates) {
      EXPECT_TRUE(real_by_ours_.count(id)) << id;
      id = real_by_ours_[id];
    }
    return p;
  }

  std::string Fault(const std::string& params) {
    http::HttpResponse r = Post(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><GetExtendedUpdateInfo xmlns=\"" +
        std::string(kClientNs) + "\">" + params + "</GetExtendedUpdateInfo></s:Body></s:Envelope>");
    EXPECT_EQ(r.status, 500) << r.body;
    pugi::xml_document doc;
    doc.load_string(r.body.c_str());
    return doc.select_node("//ErrorCode").node().child_value();
  }

  std::optional<std::string> fixtures_;
  std::map<int32_t, int32_t> ours_by_real_, real_by_ours_;
  std::set<std::string> known_digests_;
};

TEST_F(ExtendedInfoTest, ReplaysRealCategoryRequest) {
  if (!ImportRealDocuments()) GTEST_SKIP() << "fixtures absent: ../shared/fixtures/wsus-rs/wsus-m0-wsusss";
  std::string real_body = ReadFileOrDie(*fixtures_ + "/wsus-rs/wsus-m0-native/scan/000010/response.body");
  ParsedResponse real = ParseResponse(real_body);
  ParsedResponse ours = OurResponse(OurRequest("scan/000010"), "192.0.2.1:8530");
  EXPECT_EQ(ours.sections, real.sections);
  EXPECT_EQ(ours.updates, real.updates);  // order included: Extended first, then LocalizedProperties
  EXPECT_TRUE(ours.locations.empty());
  EXPECT_TRUE(ours.out_of_scope.empty());
}

TEST_F(ExtendedInfoTest, ReplaysRealUpdateRequestWithFilesAndUnknownIds) {
  if (!ImportRealDocuments()) GTEST_SKIP() << "fixtures absent: ../shared/fixtures/wsus-rs/wsus-m0-wsusss";
  std::string real_body = ReadFileOrDie(*fixtures_ + "/wsus-rs/wsus-m0-native/flow/000015/response.body");
  // Another host, to see that the URLs follow the Host header, port included.
  ReplaceAll(&real_body, "http://192.0.2.1:8530/", "http://wsus.example.test:8531/");
  ParsedResponse real = ParseResponse(real_body);
  std::string request = OurRequest("flow/000015");
  ParsedResponse ours = OurResponse(request, "wsus.example.test:8531");

  // We hold 6 of the 18 documents: the others are out of scope, in request order.
  std::vector<int32_t> unknown;
  pugi::xml_document request_doc;
  ASSERT_TRUE(request_doc.load_string(request.c_str()));
  for (auto n : request_doc.select_nodes("//*[local-name()='revisionIDs']/*")) {
    int32_t id = std::stoi(n.node().child_value());
    if (!real_by_ours_.count(id)) unknown.push_back(id);
  }
  ASSERT_EQ(unknown.size(), 12u);
  EXPECT_EQ(ours.out_of_scope, unknown);
  EXPECT_EQ(ours.sections, (std::vector<std::string>{"Updates", "FileLocations", "OutOfScopeRevisionIDs"}));

  // Updates: the real ones for the documents we hold. Extended fragments come
  // in request order; the real server lists LocalizedProperties in an order of
  // its own (not the request's), so those are compared as a set.
  std::vector<std::pair<int32_t, std::string>> real_extended, real_localized, our_extended, our_localized;
  for (const auto& u : real.updates) {
    if (!ours_by_real_.count(u.first)) continue;
    (u.second.rfind("<LocalizedProperties>", 0) == 0 ? real_localized : real_extended).push_back(u);
  }
  for (const auto& u : ours.updates) {
    (u.second.rfind("<LocalizedProperties>", 0) == 0 ? our_localized : our_extended).push_back(u);
  }
  ASSERT_EQ(real_extended.size(), 6u);
  EXPECT_EQ(our_extended, real_extended);
  ASSERT_EQ(ours.updates.size(), 12u);
  EXPECT_TRUE(std::equal(our_extended.begin(), our_extended.end(), ours.updates.begin()));
  // The capture redacted this link in the LocalizedProperties fragments only.
  for (auto& u : our_localized) ReplaceAll(&u.second, "LinkId=52661<", "LinkId=REDACTED<");
  std::sort(real_localized.begin(), real_localized.end());
  std::sort(our_localized.begin(), our_localized.end());
  ASSERT_EQ(our_localized.size(), real_localized.size());
  for (size_t i = 0; i < our_localized.size(); ++i) EXPECT_EQ(our_localized[i], real_localized[i]);

  // FileLocations: the real ones of our documents' files.
  std::vector<std::pair<std::string, std::string>> real_locations;
  for (const auto& l : real.locations) {
    if (known_digests_.count(l.first)) real_locations.push_back(l);
  }
  EXPECT_FALSE(real_locations.empty());
  // The real server's order is its own (neither request nor document order).
  std::sort(real_locations.begin(), real_locations.end());
  std::vector<std::pair<std::string, std::string>> our_locations = ours.locations;
  std::sort(our_locations.begin(), our_locations.end());
  EXPECT_EQ(our_locations, real_locations);
}

TEST_F(ExtendedInfoTest, UnknownIdsAreOutOfScope) {
  std::string params = "<cookie><Expiration>2026-10-04T16:03:35Z</Expiration><EncryptedData>" + Cookie() +
                       "</EncryptedData></cookie><revisionIDs><int>7</int><int>123456</int></revisionIDs>"
                       "<infoTypes><XmlUpdateFragmentType>Extended</XmlUpdateFragmentType></infoTypes>"
                       "<locales><string>en</string></locales>";
  http::HttpResponse r =
      Post("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><GetExtendedUpdateInfo xmlns=\"" +
           std::string(kClientNs) + "\">" + params + "</GetExtendedUpdateInfo></s:Body></s:Envelope>");
  ASSERT_EQ(r.status, 200) << r.body;
  ParsedResponse p = ParseResponse(r.body);
  EXPECT_EQ(p.sections, std::vector<std::string>{"OutOfScopeRevisionIDs"});
  EXPECT_EQ(p.out_of_scope, (std::vector<int32_t>{7, 123456}));
}

TEST_F(ExtendedInfoTest, TooManyIdsAreInvalidParameters) {
  std::string ids;
  for (int i = 1; i <= 51; ++i) ids += "<int>" + std::to_string(i) + "</int>";
  std::string cookie = "<cookie><EncryptedData>" + Cookie() + "</EncryptedData></cookie>";
  EXPECT_EQ(Fault(cookie + "<revisionIDs>" + ids + "</revisionIDs>"), "InvalidParameters");
  EXPECT_EQ(Fault(cookie + "<revisionIDs><int>x</int></revisionIDs>"), "InvalidParameters");
}

TEST_F(ExtendedInfoTest, BadCookieIsInvalidCookie) {
  EXPECT_EQ(Fault("<cookie><EncryptedData>AAAA</EncryptedData></cookie><revisionIDs><int>1</int></revisionIDs>"),
            "InvalidCookie");
  EXPECT_EQ(Fault("<cookie><EncryptedData>" + Cookie(-60) + "</EncryptedData></cookie>"), "CookieExpired");
  EXPECT_EQ(Fault("<revisionIDs><int>1</int></revisionIDs>"), "InvalidParameters");
}

TEST(ExtendedInfoHelpersTest, LanguagesAndUrls) {
  EXPECT_EQ(LanguagesToTry({"en-US", "en"}), (std::vector<std::string>{"en-US", "en"}));
  EXPECT_EQ(LanguagesToTry({"de-DE"}), (std::vector<std::string>{"de-DE", "de", "en"}));
  EXPECT_EQ(LanguagesToTry({}), std::vector<std::string>{"en"});
  std::string sha1(20, '\x01');
  sha1[19] = '\x0a';
  EXPECT_EQ(ContentUrl("h:8530", sha1, "x.Cab"),
            "http://h:8530/Content/0A/010101010101010101010101010101010101010A.Cab");
  EXPECT_EQ(ContentUrl("h", sha1, "noext"), "http://h/Content/0A/010101010101010101010101010101010101010A");
  EXPECT_EQ(ContentHost(" [::1]:8530 "), "[::1]:8530");
  EXPECT_EQ(ContentHost("a/b"), "localhost");
  EXPECT_EQ(ContentHost(""), "localhost");
}

}  // namespace
}  // namespace openwsus::wusp
