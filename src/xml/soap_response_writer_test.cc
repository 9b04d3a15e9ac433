#include "xml/soap_response_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "testing/test_support.h"
#include "xml/soap_request.h"

namespace openwsus::xml {
namespace {

TEST(SoapResponseWriterTest, ClientServiceShape) {
  SoapResponseWriter w(kClientWebServiceNs, "GetCookie");
  w.BeginResult()->append("<Expiration>2026-10-04T16:03:35.9967236Z</Expiration>");
  EXPECT_EQ(
      std::move(w).Finish(),
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">)"
      R"(<GetCookieResponse xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"><GetCookieResult><Expiration>2026-10-04T16:03:35.9967236Z</Expiration></GetCookieResult></GetCookieResponse></s:Body></s:Envelope>)");
}

TEST(SoapResponseWriterTest, AsmxServiceShape) {
  SoapResponseWriter w(kReportingWebServiceNs, "ReportEventBatch");
  w.BeginResult()->append("true");
  EXPECT_EQ(
      std::move(w).Finish(),
      R"(<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>)"
      R"(<ReportEventBatchResponse xmlns="http://www.microsoft.com/SoftwareDistribution"><ReportEventBatchResult>true</ReportEventBatchResult></ReportEventBatchResponse></soap:Body></soap:Envelope>)");
  EXPECT_EQ(SoapStyleForNamespace(kSimpleAuthWebServiceNs), SoapStyle::kAsmx);
  EXPECT_EQ(SoapStyleForNamespace(kClientWebServiceNs), SoapStyle::kWcf);
}

TEST(SoapResponseWriterTest, VoidAndOutParameterResponses) {
  EXPECT_EQ(
      SoapResponseWriter(kClientWebServiceNs, "RegisterComputer").Finish(),
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">)"
      R"(<RegisterComputerResponse xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"/></s:Body></s:Envelope>)");
  SoapResponseWriter w(kClientWebServiceNs, "StartCategoryScan");
  w.BeginContent()->append("<preferredCategoryIds/>");
  std::string body = std::move(w).Finish();
  EXPECT_NE(
      body.find(
          R"(<StartCategoryScanResponse xmlns="http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService"><preferredCategoryIds/></StartCategoryScanResponse></s:Body>)"),
      std::string::npos)
      << body;
}

TEST(SoapResponseWriterTest, OutputParsesAsSoap11) {
  SoapResponseWriter w(kSimpleAuthWebServiceNs, "GetAuthorizationCookie", SoapStyle::kWcf);
  w.BeginResult()->append("<PlugInId>SimpleTargeting</PlugInId>");
  std::string body = std::move(w).Finish();
  EXPECT_NE(body.substr(0, 3), "\xEF\xBB\xBF");  // no BOM
  auto xml = SafeXml::Parse(body);
  ASSERT_TRUE(xml.ok());
  pugi::xml_node response = FindChild(FindChild((*xml)->root(), kSoap11EnvelopeNs, "Body"), kSimpleAuthWebServiceNs,
                                      "GetAuthorizationCookieResponse");
  ASSERT_TRUE(response);
  EXPECT_TRUE(FindChild(response, kSimpleAuthWebServiceNs, "GetAuthorizationCookieResult"));
}

// Rebuilding each real response from its result's inner XML must give back the
// real bytes: same declaration (or none), prefixes, namespace placement.
TEST(SoapResponseWriterTest, RebuildsTheRealResponsesByteForByte) {
  auto fixtures = testing::FixturesDir();
  if (!fixtures) GTEST_SKIP() << "../shared/fixtures is absent: real responses skipped";
  std::filesystem::path root = std::filesystem::path(*fixtures) / "wsus-rs";
  struct Case {
    const char* dir;
    std::string_view ns;
    const char* operation;
  } cases[] = {
      {"wsus-m0-native/scan/000001", kClientWebServiceNs, "GetConfig"},
      {"wsus-m0-native/scan/000002", kSimpleAuthWebServiceNs, "GetAuthorizationCookie"},
      {"wsus-m0-native/scan/000003", kClientWebServiceNs, "GetCookie"},
      {"wsus-m0-native/scan/000004", kClientWebServiceNs, "RegisterComputer"},
      {"wsus-m0-native/scan/000005", kClientWebServiceNs, "StartCategoryScan"},
      {"wsus-m0-native/scan/000006", kClientWebServiceNs, "SyncUpdates"},
      {"wsus-m0-native/scan/000010", kClientWebServiceNs, "GetExtendedUpdateInfo"},
      {"wsus-m0-native/flow/000016", kReportingWebServiceNs, "ReportEventBatch"},
  };
  for (const Case& c : cases) {
    std::string real = testing::ReadFileOrDie((root / c.dir / "response.body").string());
    std::string open = std::string("<") + c.operation + "Result>";
    std::string close = std::string("</") + c.operation + "Result>";
    SoapResponseWriter w(c.ns, c.operation);
    size_t begin = real.find(open);
    std::string response_open = std::string(c.operation) + "Response xmlns=\"" + std::string(c.ns) + "\">";
    if (begin != std::string::npos) {
      begin += open.size();
      size_t end = real.rfind(close);
      ASSERT_NE(end, std::string::npos) << c.dir;
      w.BeginResult()->append(real, begin, end - begin);
    } else if ((begin = real.find(response_open)) != std::string::npos) {
      // Out parameters straight in the response element (StartCategoryScan).
      begin += response_open.size();
      size_t end = real.rfind(std::string("</") + c.operation + "Response>");
      ASSERT_NE(end, std::string::npos) << c.dir;
      w.BeginContent()->append(real, begin, end - begin);
    }
    EXPECT_EQ(std::move(w).Finish(), real) << c.dir;
  }
}

}  // namespace
}  // namespace openwsus::xml
