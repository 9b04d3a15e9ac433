#include "xml/soap_request.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>

#include "testing/test_support.h"

namespace openwsus::xml {
namespace {

constexpr char kGetConfigAction[] =
    "\"http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/GetConfig\"";

std::string Envelope(std::string_view body_inner) {
  return std::string(R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>)") +
         std::string(body_inner) + "</s:Body></s:Envelope>";
}

// The SOAPAction header value of a captured request.headers file.
std::string SoapActionHeader(const std::string& headers) {
  size_t pos = 0;
  while (pos < headers.size()) {
    size_t eol = headers.find('\n', pos);
    if (eol == std::string::npos) eol = headers.size();
    std::string line = headers.substr(pos, eol - pos);
    pos = eol + 1;
    std::string lower = line;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower.rfind("soapaction:", 0) == 0) {
      std::string value = line.substr(11);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
      return value;
    }
  }
  return {};
}

TEST(SoapRequestTest, ParsesEveryRealRequest) {
  auto fixtures = testing::FixturesDir();
  if (!fixtures) GTEST_SKIP() << "../shared/fixtures is absent: real requests skipped";
  std::filesystem::path root = std::filesystem::path(*fixtures) / "wsus-rs";
  int parsed = 0;
  for (const char* run : {"wsus-m0-native/scan", "wsus-m0-native/flow", "wsus-m0"}) {
    if (!std::filesystem::exists(root / run)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(root / run)) {
      std::filesystem::path body_path = entry.path() / "request.body";
      if (!std::filesystem::exists(body_path)) continue;
      std::string action = SoapActionHeader(testing::ReadFileOrDie((entry.path() / "request.headers").string()));
      if (action.empty()) continue;  // a content GET, not SOAP
      auto request = SoapRequest::Parse(testing::ReadFileOrDie(body_path.string()), action);
      ASSERT_TRUE(request.ok()) << entry.path() << ": " << request.status().ToString();
      EXPECT_EQ("\"" + request->operation_ns() + "/" + request->operation_name() + "\"", action) << entry.path();
      EXPECT_EQ(request->QuotedAction(), action);
      ++parsed;
    }
  }
  EXPECT_GE(parsed, 10);
}

TEST(SoapRequestTest, RealHandshakeAndSyncParameters) {
  auto fixtures = testing::FixturesDir();
  if (!fixtures) GTEST_SKIP() << "../shared/fixtures is absent: real requests skipped";
  std::filesystem::path root = std::filesystem::path(*fixtures) / "wsus-rs";
  auto load = [&](const std::string& dir) {
    std::filesystem::path d = root / dir;
    return SoapRequest::Parse(testing::ReadFileOrDie((d / "request.body").string()),
                              SoapActionHeader(testing::ReadFileOrDie((d / "request.headers").string())));
  };

  auto get_config = load("wsus-m0-native/scan/000001");
  ASSERT_TRUE(get_config.ok()) << get_config.status().ToString();
  EXPECT_EQ(get_config->operation_ns(), kClientWebServiceNs);
  EXPECT_EQ(get_config->operation_name(), "GetConfig");
  EXPECT_EQ(ReadString(get_config->operation(), kClientWebServiceNs, "protocolVersion"), "2.90");

  auto auth = load("wsus-m0-native/scan/000002");
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(auth->operation_ns(), kSimpleAuthWebServiceNs);
  EXPECT_EQ(auth->operation_name(), "GetAuthorizationCookie");
  auto client_id = ReadGuid(auth->operation(), kSimpleAuthWebServiceNs, "clientId");
  ASSERT_TRUE(client_id.ok() && client_id->has_value());
  EXPECT_EQ((*client_id)->ToString(), "e1da06a3-5601-43c9-bac3-52d5db701494");

  auto get_cookie = load("wsus-m0-native/scan/000003");
  ASSERT_TRUE(get_cookie.ok()) << get_cookie.status().ToString();
  EXPECT_EQ(get_cookie->operation_name(), "GetCookie");
  pugi::xml_node auth_cookies = FindParam(get_cookie->operation(), kClientWebServiceNs, "authCookies");
  auto cookies = ArrayItems(auth_cookies, kClientWebServiceNs, "AuthorizationCookie");
  ASSERT_EQ(cookies.size(), 1u);
  EXPECT_EQ(ReadString(cookies[0], kClientWebServiceNs, "PlugInId"), "SimpleTargeting");
  auto data = ReadBase64(cookies[0], kClientWebServiceNs, "CookieData");
  ASSERT_TRUE(data.ok() && data->has_value()) << data.status().ToString();

  auto sync = load("wsus-m0/000140");
  ASSERT_TRUE(sync.ok()) << sync.status().ToString();
  EXPECT_EQ(sync->operation_name(), "SyncUpdates");
  pugi::xml_node params = FindParam(sync->operation(), kClientWebServiceNs, "parameters");
  ASSERT_TRUE(params);
  auto installed = ReadIntArray(params, kClientWebServiceNs, "InstalledNonLeafUpdateIDs");
  ASSERT_TRUE(installed.ok()) << installed.status().ToString();
  EXPECT_EQ(installed->size(), 398u);
  auto other = ReadIntArray(params, kClientWebServiceNs, "OtherCachedUpdateIDs");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->size(), 3652u);
  auto drivers = ReadIntArray(params, kClientWebServiceNs, "CachedDriverIDs");
  ASSERT_TRUE(drivers.ok());
  EXPECT_TRUE(drivers->empty());
  auto express = ReadBool(params, kClientWebServiceNs, "ExpressQuery");
  ASSERT_TRUE(express.ok());
  EXPECT_EQ(*express, std::optional<bool>(false));

  auto report = load("wsus-m0-native/flow/000016");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->operation_ns(), kReportingWebServiceNs);
  EXPECT_EQ(report->operation_name(), "ReportEventBatch");
  EXPECT_EQ(report->action(), "http://www.microsoft.com/SoftwareDistribution/ReportEventBatch");
}

TEST(SoapRequestTest, PrefixVariationsAndHeaderAreAccepted) {
  const char* bodies[] = {
      // WUA's form.
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetConfig xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"><protocolVersion>1.8</protocolVersion></GetConfig></s:Body></s:Envelope>)",
      // .NET's form, with a declaration and other prefixes, whitespace and a Header.
      R"(<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soap:Header><x:Anything xmlns:x="urn:x" soap:mustUnderstand="0"/></soap:Header>
  <soap:Body>
    <GetConfig xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService">
      <protocolVersion>1.8</protocolVersion>
    </GetConfig>
  </soap:Body>
</soap:Envelope>)",
      // Prefixed operation, unqualified children (older clients).
      R"(<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><c:GetConfig xmlns:c="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"><protocolVersion>1.8</protocolVersion></c:GetConfig></SOAP-ENV:Body></SOAP-ENV:Envelope>)",
      // Default-namespaced envelope.
      R"(<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><GetConfig xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"><protocolVersion>1.8</protocolVersion></GetConfig></Body></Envelope>)",
  };
  for (const char* body : bodies) {
    for (std::string_view action :
         {std::string_view(kGetConfigAction),
          std::string_view("http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/GetConfig")}) {
      auto request = SoapRequest::Parse(body, action);
      ASSERT_TRUE(request.ok()) << body << "\n" << request.status().ToString();
      EXPECT_EQ(request->operation_name(), "GetConfig");
      EXPECT_EQ(request->operation_ns(), kClientWebServiceNs);
      EXPECT_EQ(ReadString(request->operation(), kClientWebServiceNs, "protocolVersion"), "1.8");
    }
  }
}

TEST(SoapRequestTest, ChildInAnotherNamespaceIsNotAParameter) {
  auto request = SoapRequest::Parse(
      Envelope(
          R"(<GetConfig xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"><o:protocolVersion xmlns:o="urn:other">9</o:protocolVersion></GetConfig>)"),
      kGetConfigAction);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(ReadString(request->operation(), kClientWebServiceNs, "protocolVersion"), std::nullopt);
}

void ExpectError(const Result<SoapRequest>& r, StatusCode code, std::string_view needle) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), code) << r.status().ToString();
  EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().ToString();
}

TEST(SoapRequestTest, Soap12IsRefusedSayingSo) {
  auto r = SoapRequest::Parse(
      R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetConfig xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"/></s:Body></s:Envelope>)",
      kGetConfigAction);
  ExpectError(r, StatusCode::kInvalidArgument, "SOAP 1.2");
}

TEST(SoapRequestTest, MismatchedActionIsRefused) {
  std::string body =
      Envelope(R"(<GetConfig xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"/>)");
  ExpectError(
      SoapRequest::Parse(body, "\"http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/GetCookie\""),
      StatusCode::kInvalidArgument, "does not match");
  // Right name, wrong service namespace.
  ExpectError(SoapRequest::Parse(
                  body, "\"http://www.microsoft.com/SoftwareDistribution/Server/SimpleAuthWebService/GetConfig\""),
              StatusCode::kInvalidArgument, "does not match");
  ExpectError(SoapRequest::Parse(body, ""), StatusCode::kInvalidArgument, "missing SOAPAction");
  ExpectError(SoapRequest::Parse(body, "\"\""), StatusCode::kInvalidArgument, "missing SOAPAction");
}

// The one mismatch MS-WUSP itself makes: its prose gives SyncPrinterCatalog
// the SOAPAction of SyncUpdates.
TEST(SoapRequestTest, SyncPrinterCatalogTakesEitherAction) {
  std::string body = Envelope(
      R"(<SyncPrinterCatalog xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"/>)");
  const std::string ns = "http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/";
  EXPECT_TRUE(SoapRequest::Parse(body, "\"" + ns + "SyncPrinterCatalog\"").ok());
  auto aliased = SoapRequest::Parse(body, "\"" + ns + "SyncUpdates\"");
  ASSERT_TRUE(aliased.ok()) << aliased.status().ToString();
  EXPECT_EQ(aliased->operation_name(), "SyncPrinterCatalog");
  ExpectError(SoapRequest::Parse(body, "\"" + ns + "GetConfig\""), StatusCode::kInvalidArgument, "does not match");
}

TEST(SoapRequestTest, StructuralErrors) {
  ExpectError(SoapRequest::Parse("", kGetConfigAction), StatusCode::kInvalidArgument, "empty request body");
  ExpectError(SoapRequest::Parse("  \r\n", kGetConfigAction), StatusCode::kInvalidArgument, "empty request body");
  ExpectError(SoapRequest::Parse("not xml", kGetConfigAction), StatusCode::kInvalidArgument, "malformed XML");
  ExpectError(SoapRequest::Parse(
                  R"(<GetConfig xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"/>)",
                  kGetConfigAction),
              StatusCode::kInvalidArgument, "not a SOAP 1.1 request");
  ExpectError(
      SoapRequest::Parse(R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/></s:Envelope>)",
                         kGetConfigAction),
      StatusCode::kInvalidArgument, "no Body");
  ExpectError(SoapRequest::Parse(Envelope(""), kGetConfigAction), StatusCode::kInvalidArgument, "Body is empty");
  ExpectError(SoapRequest::Parse(Envelope("<GetConfig/>"), kGetConfigAction), StatusCode::kInvalidArgument,
              "has no namespace");
  ExpectError(
      SoapRequest::Parse(
          R"(<!DOCTYPE x [<!ENTITY a "b">]><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>)",
          kGetConfigAction),
      StatusCode::kInvalidArgument, "DOCTYPE");
}

TEST(SoapRequestTest, LimitsAreEnforced) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  for (int i = 0; i < 100; ++i) deep += "</a>";
  std::string body =
      Envelope(R"(<GetConfig xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService">)" + deep +
               "</GetConfig>");
  ExpectError(SoapRequest::Parse(body, kGetConfigAction), StatusCode::kResourceExhausted, "depth");
  ExpectError(SoapRequest::Parse(body, kGetConfigAction, Limits{/*max_bytes=*/100, /*max_depth=*/256}),
              StatusCode::kResourceExhausted, "exceeds the limit");
}

// Items are in the array's namespace unless they say otherwise, whatever the
// shortcut taken for bare items.
TEST(SoapRequestTest, ArrayItemsHonourTheirOwnNamespaces) {
  auto request = SoapRequest::Parse(
      Envelope(R"(<SyncUpdates xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"
          xmlns:c="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"
          xmlns:o="urn:other" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <parameters>
          <A><int>1</int><c:int>2</c:int><int xmlns="urn:other">3</int><o:int>4</o:int><int xsi:nil="true"/><x>5</x></A>
          <B xmlns="urn:other"><int>6</int></B>
          <c:C><int xmlns="">7</int></c:C>
        </parameters>
      </SyncUpdates>)"),
      "\"http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/SyncUpdates\"");
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  constexpr std::string_view ns = kClientWebServiceNs;
  pugi::xml_node params = FindParam(request->operation(), ns, "parameters");
  EXPECT_EQ(*ReadIntArray(params, ns, "A"), (std::vector<int32_t>{1, 2}));
  EXPECT_TRUE(ReadIntArray(params, ns, "B")->empty()) << "B itself is in another namespace";
  EXPECT_EQ(*ReadIntArray(params, ns, "C"), (std::vector<int32_t>{7})) << "unqualified items are accepted";
}

TEST(SoapRequestTest, SoapEncodedArraysAndNil) {
  // The shape of the spec's section 4 examples from old (SOAP-encoded) clients.
  auto request = SoapRequest::Parse(
      Envelope(R"(<SyncUpdates xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"
          xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
        <parameters>
          <ExpressQuery>false</ExpressQuery>
          <InstalledNonLeafUpdateIDs soapenc:arrayType="xsd:int[3]"><item>1</item><item> 2 </item><xsd:int>3</xsd:int></InstalledNonLeafUpdateIDs>
          <OtherCachedUpdateIDs xsi:type="soapenc:Array"><int>7</int><int xsi:nil="true"/></OtherCachedUpdateIDs>
          <CachedDriverIDs xsi:nil="true"/>
          <Names soapenc:arrayType="xsd:string[2]"><x>a</x><x>b</x></Names>
          <Ids><guid>{E1DA06A3-5601-43C9-BAC3-52D5DB701494}</guid></Ids>
          <Blobs><base64Binary>AQID
BA==</base64Binary></Blobs>
          <Missing xsi:nil="1"/>
        </parameters>
      </SyncUpdates>)"),
      "\"http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/SyncUpdates\"");
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  constexpr std::string_view ns = kClientWebServiceNs;
  pugi::xml_node params = FindParam(request->operation(), ns, "parameters");
  ASSERT_TRUE(params);

  auto installed = ReadIntArray(params, ns, "InstalledNonLeafUpdateIDs");
  ASSERT_TRUE(installed.ok()) << installed.status().ToString();
  EXPECT_EQ(*installed, (std::vector<int32_t>{1, 2, 3}));
  auto other = ReadIntArray(params, ns, "OtherCachedUpdateIDs");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*other, (std::vector<int32_t>{7}));
  auto drivers = ReadIntArray(params, ns, "CachedDriverIDs");
  ASSERT_TRUE(drivers.ok());
  EXPECT_TRUE(drivers->empty());
  auto absent = ReadIntArray(params, ns, "NoSuchArray");
  ASSERT_TRUE(absent.ok());
  EXPECT_TRUE(absent->empty());
  EXPECT_EQ(ReadStringArray(params, ns, "Names"), (std::vector<std::string>{"a", "b"}));
  auto ids = ReadGuidArray(params, ns, "Ids");
  ASSERT_TRUE(ids.ok());
  ASSERT_EQ(ids->size(), 1u);
  EXPECT_EQ((*ids)[0].ToString(), "e1da06a3-5601-43c9-bac3-52d5db701494");
  auto blobs = ReadBase64Array(params, ns, "Blobs");
  ASSERT_TRUE(blobs.ok()) << blobs.status().ToString();
  ASSERT_EQ(blobs->size(), 1u);
  EXPECT_EQ((*blobs)[0], std::string("\x01\x02\x03\x04"));

  EXPECT_TRUE(IsNil(FindParam(params, ns, "Missing")));
  EXPECT_EQ(ReadString(params, ns, "Missing"), std::nullopt);
  auto missing_int = ReadInt(params, ns, "Missing");
  ASSERT_TRUE(missing_int.ok());
  EXPECT_FALSE(missing_int->has_value());
}

TEST(SoapRequestTest, BadScalarsNameTheParameter) {
  auto request = SoapRequest::Parse(
      Envelope(
          R"(<GetConfig xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"><n>12x</n><big>2147483648</big><b>yes</b><g>nope</g><a><int>1</int><int>z</int></a></GetConfig>)"),
      kGetConfigAction);
  ASSERT_TRUE(request.ok());
  pugi::xml_node op = request->operation();
  constexpr std::string_view ns = kClientWebServiceNs;
  auto n = ReadInt(op, ns, "n");
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.status().message().find("parameter n"), std::string::npos) << n.status().ToString();
  EXPECT_FALSE(ReadInt(op, ns, "big").ok());
  EXPECT_FALSE(ReadBool(op, ns, "b").ok());
  EXPECT_FALSE(ReadGuid(op, ns, "g").ok());
  EXPECT_FALSE(ReadIntArray(op, ns, "a").ok());
}

TEST(SoapRequestTest, UnquoteSoapAction) {
  EXPECT_EQ(UnquoteSoapAction(" \"urn:a/B\" "), "urn:a/B");
  EXPECT_EQ(UnquoteSoapAction("urn:a/B"), "urn:a/B");
  EXPECT_EQ(UnquoteSoapAction("\"\""), "");
}

}  // namespace
}  // namespace openwsus::xml
