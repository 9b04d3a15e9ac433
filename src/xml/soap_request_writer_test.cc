#include "xml/soap_request_writer.h"

#include <gtest/gtest.h>

#include "xml/soap_request.h"

namespace openwsus::xml {
namespace {

// What the writer writes, the server's reader reads back: the operation
// and its parameters, and the SOAPAction that names them.
TEST(SoapRequestWriterTest, RoundTripsThroughTheServersReader) {
  std::string body = SoapRequestEnvelope(kClientWebServiceNs, "GetConfig", "<protocolVersion>2.90</protocolVersion>");
  EXPECT_EQ(body,
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><GetConfig "
            "xmlns=\"http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService\"><protocolVersion>2.90"
            "</protocolVersion></GetConfig></s:Body></s:Envelope>");
  std::string action = SoapActionHeader(kClientWebServiceNs, "GetConfig");
  EXPECT_EQ(action, "\"http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/GetConfig\"");
  auto parsed = SoapRequest::Parse(body, action);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->operation_name(), "GetConfig");
  EXPECT_EQ(parsed->operation_ns(), kClientWebServiceNs);
  EXPECT_EQ(ReadString(parsed->operation(), kClientWebServiceNs, "protocolVersion"), "2.90");
}

}  // namespace
}  // namespace openwsus::xml
