#include "xml/soap_response_writer.h"

#include <cassert>

#include "xml/soap_request.h"
#include "xml/xml_writer.h"

namespace openwsus::xml {

SoapStyle SoapStyleForNamespace(std::string_view service_ns) {
  return service_ns == kClientWebServiceNs ? SoapStyle::kWcf : SoapStyle::kAsmx;
}

SoapResponseWriter::SoapResponseWriter(std::string_view service_ns, std::string_view operation)
    : SoapResponseWriter(service_ns, operation, SoapStyleForNamespace(service_ns)) {}

SoapResponseWriter::SoapResponseWriter(std::string_view service_ns, std::string_view operation, SoapStyle style)
    : style_(style), operation_(operation) {
  out_.reserve(512);
  if (style_ == SoapStyle::kWcf) {
    out_ += R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">)"
            R"(<s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" )"
            R"(xmlns:xsd="http://www.w3.org/2001/XMLSchema">)";
  } else {
    out_ += R"(<?xml version="1.0" encoding="utf-8"?>)"
            R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" )"
            R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" )"
            R"(xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>)";
  }
  out_ += '<';
  out_ += operation_;
  out_ += "Response";
  AppendAttribute(&out_, "xmlns", service_ns);
}

std::string* SoapResponseWriter::BeginResult() {
  assert(content_ == Content::kNone);  // programmer error: one result per response
  content_ = Content::kResult;
  out_ += "><";
  out_ += operation_;
  out_ += "Result>";
  return &out_;
}

std::string* SoapResponseWriter::BeginContent() {
  assert(content_ == Content::kNone);  // programmer error: one content per response
  content_ = Content::kOutParameters;
  out_ += '>';
  return &out_;
}

std::string SoapResponseWriter::Finish() && {
  switch (content_) {
    case Content::kNone:
      out_ += "/>";
      break;
    case Content::kResult:
      out_ += "</";
      out_ += operation_;
      out_ += "Result>";
      [[fallthrough]];
    case Content::kOutParameters:
      out_ += "</";
      out_ += operation_;
      out_ += "Response>";
      break;
  }
  out_ += style_ == SoapStyle::kWcf ? "</s:Body></s:Envelope>" : "</soap:Body></soap:Envelope>";
  return std::move(out_);
}

}  // namespace openwsus::xml
