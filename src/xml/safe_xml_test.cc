#include "xml/safe_xml.h"

#include <gtest/gtest.h>

namespace openwsus::xml {
namespace {

constexpr char kUpd[] = "http://schemas.microsoft.com/msus/2002/12/Update";

TEST(SafeXmlTest, FindsByNamespaceWhateverThePrefix) {
  const char* docs[] = {
      R"(<upd:Update xmlns:upd="http://schemas.microsoft.com/msus/2002/12/Update"><upd:Properties UpdateType="Category"/></upd:Update>)",
      R"(<u:Update xmlns:u="http://schemas.microsoft.com/msus/2002/12/Update"><u:Properties UpdateType="Category"/></u:Update>)",
      R"(<Update xmlns="http://schemas.microsoft.com/msus/2002/12/Update"><Properties UpdateType="Category"/></Update>)",
  };
  for (const char* text : docs) {
    auto xml = SafeXml::Parse(text);
    ASSERT_TRUE(xml.ok()) << xml.status().ToString();
    pugi::xml_node root = (*xml)->root();
    EXPECT_TRUE(IsElement(root, kUpd, "Update")) << text;
    pugi::xml_node props = FindChild(root, kUpd, "Properties");
    ASSERT_TRUE(props) << text;
    EXPECT_EQ(AttributeValue(props, "UpdateType"), "Category");
  }
}

TEST(SafeXmlTest, WrongNamespaceIsNotAMatch) {
  auto xml = SafeXml::Parse(R"(<a:Update xmlns:a="urn:other"><a:Properties/></a:Update>)");
  ASSERT_TRUE(xml.ok());
  EXPECT_FALSE(IsElement((*xml)->root(), kUpd, "Update"));
  EXPECT_FALSE(FindChild((*xml)->root(), kUpd, "Properties"));
}

TEST(SafeXmlTest, NestedRedeclarationWins) {
  auto xml = SafeXml::Parse(R"(<p:a xmlns:p="urn:one"><p:b xmlns:p="urn:two"><p:c/></p:b></p:a>)");
  ASSERT_TRUE(xml.ok());
  pugi::xml_node c = (*xml)->root().first_child().first_child();
  EXPECT_EQ(NamespaceUri(c), "urn:two");
  EXPECT_EQ(LocalName(c), "c");
}

TEST(SafeXmlTest, RefusesDoctypeAndEntities) {
  auto xml = SafeXml::Parse(R"(<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>)");
  ASSERT_FALSE(xml.ok());
  EXPECT_NE(xml.status().message().find("DOCTYPE"), std::string::npos);
}

TEST(SafeXmlTest, RefusesDeepNesting) {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "<a>";
  for (int i = 0; i < 10000; ++i) deep += "</a>";
  auto xml = SafeXml::Parse(deep);
  ASSERT_FALSE(xml.ok());
  EXPECT_EQ(xml.status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(SafeXml::Parse("<a><b><c/></b></a>", Limits{1024, 3}).ok());
  EXPECT_FALSE(SafeXml::Parse("<a><b><c/></b></a>", Limits{1024, 2}).ok());
}

TEST(SafeXmlTest, RefusesOversizeAndMalformed) {
  EXPECT_EQ(SafeXml::Parse("<a/>", Limits{3, 10}).status().code(), StatusCode::kResourceExhausted);
  EXPECT_FALSE(SafeXml::Parse("<a><b></a>").ok());
  EXPECT_FALSE(SafeXml::Parse("").ok());
  EXPECT_FALSE(SafeXml::Parse("just text").ok());
}

TEST(SafeXmlTest, PredefinedEntitiesAndUtf8) {
  auto xml = SafeXml::Parse("<a>x &amp; y &#233; \xc3\xa9</a>");
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(ChildText((*xml)->root()), "x & y \xc3\xa9 \xc3\xa9");
}

}  // namespace
}  // namespace openwsus::xml
