// SoapResponseWriter: builds the SOAP 1.1 envelope of a successful response as
// a string, the way the real WSUS does, around inner XML the caller appends.
//
// Real WSUS answers in two shapes (captures in ../fixtures/wsus-rs):
//   kWcf  (ClientWebService, a WCF service): no XML declaration,
//         <s:Envelope xmlns:s="..."><s:Body xmlns:xsi="..." xmlns:xsd="...">
//   kAsmx (SimpleAuth and Reporting, ASP.NET .asmx services):
//         <?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="..."
//         xmlns:xsi="..." xmlns:xsd="..."><soap:Body>
// Both then hold <OpResponse xmlns="<service ns>"><OpResult>...</OpResult>
// </OpResponse>, children unprefixed; a void operation (RegisterComputer) is
// <OpResponse xmlns="..."/>, and StartCategoryScan, whose outputs are out
// parameters, puts them straight in the response element, with no OpResult.
// Output is UTF-8 without a BOM.
//
// Usage:
//   SoapResponseWriter w(kClientWebServiceNs, "GetConfig");
//   std::string* out = w.BeginResult();
//   out->append("<LastChange>...</LastChange>");
//   std::string body = std::move(w).Finish();
//
// A writer is a single-use value owned by one request; not thread-safe.
#ifndef OPENWSUS_XML_SOAP_RESPONSE_WRITER_H_
#define OPENWSUS_XML_SOAP_RESPONSE_WRITER_H_

#include <string>
#include <string_view>

namespace openwsus::xml {

// The Content-Type of every SOAP 1.1 response, faults included.
inline constexpr std::string_view kSoapContentType = "text/xml; charset=utf-8";

enum class SoapStyle {
  kWcf,   // ClientWebService
  kAsmx,  // SimpleAuthWebService, ReportingWebService
};

// The style the real server uses for the service with that operation namespace.
SoapStyle SoapStyleForNamespace(std::string_view service_ns);

class SoapResponseWriter {
 public:
  // Writes everything up to and including the <OpResponse ...> start tag,
  // in the style of `service_ns` (SoapStyleForNamespace) or the one given.
  SoapResponseWriter(std::string_view service_ns, std::string_view operation);
  SoapResponseWriter(std::string_view service_ns, std::string_view operation, SoapStyle style);

  // Writes <OpResult> and returns the buffer to append its inner XML to; the
  // caller escapes text (xml_writer.h). Call at most once.
  std::string* BeginResult();

  // For operations without an OpResult (StartCategoryScan): closes the
  // <OpResponse> start tag and returns the buffer to append the out parameters
  // to. Call at most once, and not together with BeginResult().
  std::string* BeginContent();

  // Closes the result (if begun), the response element and the envelope, and
  // returns the whole body. Without BeginResult() or BeginContent() the
  // response element is empty: <OpResponse xmlns="..."/>.
  std::string Finish() &&;

 private:
  SoapStyle style_;
  std::string operation_;
  std::string out_;
  enum class Content { kNone, kResult, kOutParameters };
  Content content_ = Content::kNone;
};

}  // namespace openwsus::xml

#endif  // OPENWSUS_XML_SOAP_RESPONSE_WRITER_H_
