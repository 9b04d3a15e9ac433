#include "wusp/test_replay.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "testing/test_support.h"

namespace openwsus::wusp {

using openwsus::testing::ReadFileOrDie;

std::optional<Exchange> LoadExchange(const std::string& set, const std::string& name) {
  auto fixtures = openwsus::testing::FixturesDir();
  if (!fixtures) return std::nullopt;
  std::string dir = *fixtures + "/wsus-rs/wsus-m0-native/" + set + "/" + name;
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

bool HandshakeTextIgnored(const pugi::xml_node& node) {
  std::string_view name = node.name();
  if (name == "CookieData" || name == "EncryptedData" || name == "Expiration") return true;
  return name == "Value" && std::string_view(node.previous_sibling("Name").text().get()) == "PackageServerShare";
}

void ExpectSameShape(const pugi::xml_node& real, const pugi::xml_node& ours, const std::string& path,
                     const TextIgnored& ignored) {
  ASSERT_STREQ(real.name(), ours.name()) << path;
  std::string here = path + "/" + real.name();
  std::vector<std::pair<std::string, std::string>> real_attrs, our_attrs;
  for (auto a : real.attributes()) real_attrs.emplace_back(a.name(), a.value());
  for (auto a : ours.attributes()) our_attrs.emplace_back(a.name(), a.value());
  EXPECT_EQ(real_attrs, our_attrs) << here;
  if (!ignored(real)) {
    EXPECT_STREQ(real.child_value(), ours.child_value()) << here;
  }
  std::vector<pugi::xml_node> real_children, our_children;
  for (auto c : real.children())
    if (c.type() == pugi::node_element) real_children.push_back(c);
  for (auto c : ours.children())
    if (c.type() == pugi::node_element) our_children.push_back(c);
  ASSERT_EQ(real_children.size(), our_children.size()) << here;
  for (size_t i = 0; i < real_children.size(); ++i) ExpectSameShape(real_children[i], our_children[i], here, ignored);
}

void ExpectSameResponse(const std::string& real, const std::string& ours, const TextIgnored& ignored) {
  EXPECT_EQ(real.rfind("<?xml", 0) == 0, ours.rfind("<?xml", 0) == 0) << "XML declaration differs\n" << ours;
  EXPECT_EQ(ours.find('\n'), std::string::npos);
  pugi::xml_document real_doc, our_doc;
  ASSERT_TRUE(real_doc.load_string(real.c_str()));
  ASSERT_TRUE(our_doc.load_string(ours.c_str())) << ours;
  ExpectSameShape(real_doc.document_element(), our_doc.document_element(), "", ignored);
}

}  // namespace openwsus::wusp
