#include "xml/soap_fault.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "testing/test_support.h"
#include "xml/safe_xml.h"
#include "xml/soap_request.h"

namespace openwsus::xml {
namespace {

constexpr char kSyncUpdatesAction[] =
    "\"http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/SyncUpdates\"";

// "{ns}name" of every element in document order, with its depth, plus the text
// of leaf elements except those named in `ignore_text`.
std::vector<std::string> Shape(const pugi::xml_node& node, int depth,
                               const std::vector<std::string_view>& ignore_text) {
  std::vector<std::string> out;
  std::string entry =
      std::to_string(depth) + " {" + std::string(NamespaceUri(node)) + "}" + std::string(LocalName(node));
  bool leaf = !node.find_child([](const pugi::xml_node& n) { return n.type() == pugi::node_element; });
  bool ignored = false;
  for (std::string_view name : ignore_text) ignored |= LocalName(node) == name;
  if (leaf && !ignored) entry += " = " + std::string(ChildText(node));
  out.push_back(entry);
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    auto sub = Shape(child, depth + 1, ignore_text);
    out.insert(out.end(), sub.begin(), sub.end());
  }
  return out;
}

TEST(SoapFaultTest, ErrorCodeNamesRoundTrip) {
  EXPECT_EQ(ErrorCodeName(WuspErrorCode::kInvalidCookie), "InvalidCookie");
  EXPECT_EQ(ErrorCodeName(WuspErrorCode::kCookieExpired), "CookieExpired");
  EXPECT_EQ(ErrorCodeName(WuspErrorCode::kConfigChanged), "ConfigChanged");
  EXPECT_EQ(ErrorCodeName(WuspErrorCode::kRegistrationRequired), "RegistrationRequired");
  EXPECT_EQ(ErrorCodeName(WuspErrorCode::kRegistrationNotRequired), "RegistrationNotRequired");
  EXPECT_EQ(ErrorCodeName(WuspErrorCode::kInvalidAuthorizationCookie), "InvalidAuthorizationCookie");
  EXPECT_EQ(ErrorCodeName(WuspErrorCode::kInvalidParameters), "InvalidParameters");
  EXPECT_EQ(ErrorCodeName(WuspErrorCode::kServerChanged), "ServerChanged");
  EXPECT_EQ(ErrorCodeName(WuspErrorCode::kFileLocationChanged), "FileLocationChanged");
  EXPECT_EQ(ErrorCodeName(WuspErrorCode::kServerBusy), "ServerBusy");
  EXPECT_EQ(ErrorCodeName(WuspErrorCode::kInternalServerError), "InternalServerError");
  for (int i = 0; i <= static_cast<int>(WuspErrorCode::kUnknown); ++i) {
    auto code = static_cast<WuspErrorCode>(i);
    EXPECT_EQ(ParseErrorCode(ErrorCodeName(code)), code) << ErrorCodeName(code);
  }
  EXPECT_EQ(ParseErrorCode("invalidcookie"), WuspErrorCode::kUnknown);  // case matters
}

TEST(SoapFaultTest, FaultCodeFollowsTheErrorCode) {
  SoapFault fault{.error_code = WuspErrorCode::kInvalidCookie, .message = "m", .method = "\"a\""};
  EXPECT_NE(fault.ToXml().find("<faultcode>s:Client</faultcode>"), std::string::npos);
  fault.error_code = WuspErrorCode::kServerBusy;
  EXPECT_NE(fault.ToXml().find("<faultcode>s:Server</faultcode>"), std::string::npos);
  fault.server_fault = false;
  EXPECT_NE(fault.ToXml().find("<faultcode>s:Client</faultcode>"), std::string::npos);
}

TEST(SoapFaultTest, EscapesTextAndIdsAreFresh) {
  SoapFault a{.error_code = WuspErrorCode::kInvalidParameters, .message = "<a&b>", .method = "\"x\""};
  SoapFault b = a;
  b.id = Guid::Random();
  EXPECT_NE(a.id, b.id);
  std::string xml = a.ToXml();
  EXPECT_NE(xml.find("<Message>&lt;a&amp;b&gt;</Message>"), std::string::npos) << xml;
  EXPECT_TRUE(SafeXml::Parse(xml).ok());
}

TEST(SoapFaultTest, MatchesTheRealInvalidParametersFault) {
  auto fixtures = testing::FixturesDir();
  if (!fixtures) GTEST_SKIP() << "../shared/fixtures is absent: real fault skipped";
  std::filesystem::path dir = std::filesystem::path(*fixtures) / "wsus-rs/wsus-m0/000141";
  std::string real = testing::ReadFileOrDie((dir / "response.body").string());
  std::string headers = testing::ReadFileOrDie((dir / "response.headers").string());
  ASSERT_NE(headers.find(" 500 "), std::string::npos);
  ASSERT_NE(headers.find("Content-Type: text/xml; charset=utf-8"), std::string::npos);
  EXPECT_EQ(SoapFault::kHttpStatus, 500);

  // Fresh ID and another message: same elements, order and namespaces.
  SoapFault fault{.error_code = WuspErrorCode::kInvalidParameters,
                  .message = "parameters.OtherCachedUpdateIDs",
                  .method = kSyncUpdatesAction};
  auto ours = SafeXml::Parse(fault.ToXml());
  auto theirs = SafeXml::Parse(real);
  ASSERT_TRUE(ours.ok() && theirs.ok());
  EXPECT_EQ(Shape((*ours)->root(), 0, {"ID", "Message"}), Shape((*theirs)->root(), 0, {"ID", "Message"}));

  // With the real ID and message it is the real body, byte for byte.
  auto id = Guid::Parse("81418b4e-82c1-48d0-9504-da01db6148ae");
  ASSERT_TRUE(id.ok());
  fault.id = *id;
  fault.message = "parameters.InstalledNonLeafUpdateIDs";
  EXPECT_EQ(fault.ToXml(), real);
}

TEST(SoapFaultTest, ParseReadsBackWhatToXmlWrites) {
  SoapFault fault{.error_code = WuspErrorCode::kConfigChanged, .message = "parameters.cookie", .method = "\"m\""};
  auto parsed = SoapFault::Parse(fault.ToXml());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->error_code, WuspErrorCode::kConfigChanged);
  EXPECT_EQ(parsed->message, "parameters.cookie");
  EXPECT_EQ(parsed->method, "\"m\"");
  EXPECT_EQ(parsed->id, fault.id);
  EXPECT_EQ(parsed->fault_string, "Fault occurred");
}

// The server-sync services' shape: faultactor between faultstring and detail,
// as SOAP 1.1 orders them; read back by the client side.
TEST(SoapFaultTest, ActorGoesBeforeDetail) {
  SoapFault fault{.error_code = WuspErrorCode::kInvalidParameters, .message = "filter", .method = "\"m\""};
  fault.actor = "http://127.0.0.1:8530/ServerSyncWebService/ServerSyncWebService.asmx";
  std::string xml = fault.ToXml();
  EXPECT_NE(xml.find("<faultstring>Fault occurred</faultstring><faultactor>" + fault.actor + "</faultactor><detail>"),
            std::string::npos)
      << xml;
  auto parsed = SoapFault::Parse(xml);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->actor, fault.actor);
  EXPECT_EQ(SoapFault{}.ToXml().find("faultactor"), std::string::npos);
}

TEST(SoapFaultTest, ParseTakesOtherPrefixesAndUnknownCodes) {
  auto other = SoapFault::Parse(
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
      "<faultcode>soap:Server</faultcode><faultstring>x</faultstring><faultactor>a</faultactor><detail>"
      "<ErrorCode xmlns=\"http://example.test/\">SomethingNew</ErrorCode></detail></soap:Fault></soap:Body>"
      "</soap:Envelope>");
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(other->error_code, WuspErrorCode::kUnknown);
  auto none = SoapFault::Parse(
      "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><s:Fault/></s:Body></s:Envelope>");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->error_code, WuspErrorCode::kUnknown);
  for (const char* bad : {"", "not xml", "<a/>",
                          "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/></s:Envelope>",
                          "<!DOCTYPE x [<!ENTITY e \"e\">]><x>&e;</x>"}) {
    EXPECT_EQ(SoapFault::Parse(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace openwsus::xml
