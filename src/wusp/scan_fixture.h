// Test support: the service with the catalog of test_catalog.h imported,
// and what a client does with it over SOAP (handshake, the staged scan), for
// the tests of the scan operations and of the protocol's traps. Test-only.
#ifndef OPENWSUS_WUSP_SCAN_FIXTURE_H_
#define OPENWSUS_WUSP_SCAN_FIXTURE_H_

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <string>
#include <vector>

#include "import/importer.h"
#include "snapshot/test_catalog.h"
#include "wusp/wusp_test_fixture.h"

namespace openwsus::wusp {

namespace tc = snapshot::testcatalog;

inline std::vector<std::string> Guids(const std::string& body, const std::string& list) {
  std::vector<std::string> out;
  pugi::xml_document doc;
  if (!doc.load_string(body.c_str())) return out;
  for (auto n : doc.select_nodes(("//*[local-name()='" + list + "']/*[local-name()='guid']").c_str())) {
    out.emplace_back(n.node().text().get());
  }
  return out;
}

inline std::vector<int32_t> Ints(const std::string& body, const std::string& list) {
  std::vector<int32_t> out;
  pugi::xml_document doc;
  if (!doc.load_string(body.c_str())) return out;
  for (auto n : doc.select_nodes(("//*[local-name()='" + list + "']/*[local-name()='int']").c_str())) {
    out.push_back(n.node().text().as_int());
  }
  return out;
}

struct Info {
  int32_t id = 0;
  std::string action;
  bool is_leaf = false;
  bool has_xml = false;
  std::vector<std::string> deployment_fields;
};

inline std::vector<Info> Infos(const std::string& body, const std::string& list) {
  std::vector<Info> out;
  pugi::xml_document doc;
  if (!doc.load_string(body.c_str())) return out;
  for (auto n : doc.select_nodes(("//*[local-name()='" + list + "']/*[local-name()='UpdateInfo']").c_str())) {
    pugi::xml_node u = n.node();
    Info info{u.child("ID").text().as_int(),
              u.child("Deployment").child("Action").text().get(),
              std::string_view(u.child("IsLeaf").text().get()) == "true",
              static_cast<bool>(u.child("Xml")),
              {}};
    for (auto f : u.child("Deployment").children()) info.deployment_fields.emplace_back(f.name());
    out.push_back(info);
  }
  return out;
}

class ScanFixture : public WuspTestFixture {
 protected:
  void SetUp() override {
    WuspTestFixture::SetUp();
    std::vector<import::NamedDocument> docs;
    for (const tc::DocSpec& spec : tc::Specs()) docs.push_back({spec.id, tc::Document(spec)});
    auto imported = import::Importer(store_.get()).ImportDocuments(docs);
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    Refresh();
  }

  int32_t Rid(const char* update_id) {
    auto id = store_->FindLatestRevision(*Guid::Parse(update_id));
    EXPECT_TRUE(id.ok());
    return id.ok() ? id->revision_id : 0;
  }

  std::string RegisteredCookie() {
    std::string cookie = ClientCookie();
    Call(kClientNs, "RegisterComputer", RegisterParams(cookie));
    return cookie;
  }

  static std::string CookieParam(const std::string& cookie) {
    return "<cookie><Expiration>2026-10-04T16:03:35Z</Expiration><EncryptedData>" + cookie +
           "</EncryptedData></cookie>";
  }

  static std::string IntList(const std::string& name, const std::vector<int32_t>& ids) {
    std::string out = "<" + name + ">";
    for (int32_t id : ids) out += "<int>" + std::to_string(id) + "</int>";
    return out + "</" + name + ">";
  }

  static std::string SyncParams(const std::string& cookie, const std::vector<int32_t>& installed,
                                const std::vector<int32_t>& other, const std::string& extra = "") {
    std::string p = CookieParam(cookie) + "<parameters><ExpressQuery>false</ExpressQuery>";
    if (!installed.empty()) p += IntList("InstalledNonLeafUpdateIDs", installed);
    if (!other.empty()) p += IntList("OtherCachedUpdateIDs", other);
    return p + "<SkipSoftwareSync>false</SkipSoftwareSync>" + extra +
           "<NeedTwoGroupOutOfScopeUpdates>true</NeedTwoGroupOutOfScopeUpdates>"
           "<AlsoPerformRegularSync>false</AlsoPerformRegularSync><ComputerSpec/>"
           "<ProductsParameters><SyncCurrentVersionOnly>false</SyncCurrentVersionOnly></ProductsParameters>"
           "</parameters>";
  }

  // The client's software loop: returns every answer, and leaves the lists
  // and the cookie as a client would keep them.
  std::vector<std::string> Scan(std::string* cookie, std::vector<int32_t>* installed, std::vector<int32_t>* other) {
    std::vector<std::string> answers;
    for (int round = 0; round < 20; ++round) {
      std::string body = Call(kClientNs, "SyncUpdates", SyncParams(*cookie, *installed, *other));
      answers.push_back(body);
      bool non_leaf = false;
      for (const Info& info : Infos(body, "NewUpdates")) {
        non_leaf = non_leaf || !info.is_leaf;
        (info.is_leaf ? other : installed)->push_back(info.id);
      }
      *cookie = ElementText(body, "EncryptedData");
      if (ElementText(body, "Truncated") != "true" && !non_leaf) break;
    }
    return answers;
  }
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_SCAN_FIXTURE_H_
