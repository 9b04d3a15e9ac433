#include "http/soap_endpoint.h"

#include <exception>
#include <optional>
#include <string>

#include "common/log.h"
#include "common/strings.h"
#include "common/xpress.h"
#include "xml/soap_response_writer.h"

namespace openwsus::http {
namespace {

// How much of a parser's complaint goes back in a fault's Message.
constexpr size_t kMaxFaultMessage = 256;

std::string Shorten(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "...";
}

// The service's own URL as the caller reached it.
std::string ServiceUrl(const HttpRequest& request) {
  std::string host = Shorten(Trim(request.headers.Get("Host").value_or("")), kMaxFaultMessage);
  return std::string(request.tls ? "https://" : "http://") + host + Shorten(request.path, kMaxFaultMessage);
}

HttpResponse FaultResponse(const HttpRequest& request, const SoapEndpoint& endpoint, const xml::SoapError& error,
                           std::string method, const std::string& operation) {
  xml::SoapFault fault = xml::FaultFor(error, std::move(method));
  if (endpoint.fault_actor) fault.actor = ServiceUrl(request);
  std::initializer_list<log::Field> fields = {{"operation", operation},
                                              {"error_code", std::string(xml::ErrorCodeName(fault.error_code))},
                                              {"fault_id", fault.id.ToString()},
                                              {"remote", request.remote_address},
                                              {"reason", error.status.ToString()}};
  std::string what(endpoint.log_name);
  if (fault.error_code == xml::WuspErrorCode::kInternalServerError) {
    log::Error(what + " request failed", fields);
  } else {
    log::Info(what + " fault", fields);
  }
  HttpResponse response;
  response.headers.Set("Content-Type", std::string(xml::kSoapContentType));
  response.headers.Set("Cache-Control", "private");
  response.status = xml::SoapFault::kHttpStatus;
  response.body = fault.ToXml();
  return response;
}

}  // namespace

HttpResponse AnswerSoap(const HttpRequest& request, const SoapEndpoint& endpoint, const SoapDispatch& dispatch) {
  std::string_view action_header = request.headers.Get("SOAPAction").value_or("");
  std::string method = Shorten(Trim(action_header), kMaxFaultMessage);
  std::string operation = "?";

  std::optional<xml::SoapReply> reply;
  auto soap = xml::SoapRequest::Parse(request.body, action_header, endpoint.limits);
  if (!soap.ok()) {
    reply = xml::SoapError::FromStatus(soap.status(), Shorten(soap.status().message(), kMaxFaultMessage));
  } else {
    method = soap->QuotedAction();
    operation = soap->operation_name();
    // Handlers return Status; this is only the adapter for what a library
    // (or the allocator) might throw.
    try {
      reply = dispatch(SoapCall{request, *soap, DateTime::Now()});
    } catch (const std::exception& e) {
      reply = xml::SoapError::FromStatus(Status::Internal(std::string("exception: ") + e.what()));
    }
  }
  if (!reply->ok()) return FaultResponse(request, endpoint, reply->error(), std::move(method), operation);
  HttpResponse response;
  response.headers.Set("Content-Type", std::string(xml::kSoapContentType));
  response.headers.Set("Cache-Control", "private");
  response.status = 200;
  response.body = std::move(reply->body());
  // As real WSUS: every answer to a caller that offers xpress goes
  // compressed (WUA and downstream servers do; faults stay plain).
  response.headers.Set("Vary", "Accept-Encoding");
  if (AcceptsEncoding(request.headers, "xpress")) {
    response.body = XpressEncode(response.body);
    response.headers.Set("Content-Encoding", "xpress");
  }
  return response;
}

xml::SoapError UnknownOperation(const SoapCall& call, std::string_view service_ns) {
  const std::string& op = call.soap.operation_name();
  if (call.soap.operation_ns() != service_ns) {
    return xml::SoapError::BadParameter(
        op, Status::InvalidArgument("operation {" + call.soap.operation_ns() + "}" + op + " posted to the service of " +
                                    std::string(service_ns)));
  }
  return xml::SoapError::BadParameter(op, Status::InvalidArgument("unknown operation " + op));
}

}  // namespace openwsus::http
