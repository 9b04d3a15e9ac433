// SoapError and SoapReply: how an MS-WUSP or MS-WSUSSS operation fails, and the one function
// that turns a failure into the SOAP fault the client sees.
//
// A failure is either a protocol outcome the client knows how to recover from
// (InvalidCookie, CookieExpired, ConfigChanged, InvalidAuthorizationCookie...:
// `code` is set) or a plain Status. FaultFor() maps the Status case:
//   InvalidArgument, ResourceExhausted, NotFound -> InvalidParameters
//   Unavailable                                  -> ServerBusy
//   anything else                                -> InternalServerError
// The detail Message is `message` when set (real WSUS names the parameter,
// "parameters.clientId"); otherwise empty for server-side failures, whose
// Status may name files and databases and is only logged.
//
// Plain values; safe to copy and hand between threads.
#ifndef OPENWSUS_XML_SOAP_ERROR_H_
#define OPENWSUS_XML_SOAP_ERROR_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "common/status.h"
#include "xml/soap_fault.h"

namespace openwsus::xml {

struct SoapError {
  std::optional<WuspErrorCode> code;  // a protocol outcome; nullopt: map `status`
  Status status;                      // why, for the log; never sent
  std::string message;                // detail/Message, e.g. "parameters.cookie"

  // A protocol outcome, e.g. Protocol(kCookieExpired, why).
  static SoapError Protocol(WuspErrorCode code, Status why, std::string message = "");
  // A bad or missing parameter: InvalidParameters naming `parameter_path`.
  static SoapError BadParameter(std::string parameter_path, Status why);
  // Any other failure; mapped by its code.
  static SoapError FromStatus(Status status, std::string message = "");
};

// The ErrorCode a failure is answered with.
WuspErrorCode ErrorCodeFor(const SoapError& error);

// The fault for `error`; `method` is the SOAPAction as the client sent it, quoted.
SoapFault FaultFor(const SoapError& error, std::string method);

// The outcome of one operation: the whole response body, or a failure.
class SoapReply {
 public:
  SoapReply(std::string body) : data_(std::move(body)) {}  // NOLINT: implicit by design
  SoapReply(SoapError error) : data_(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<std::string>(data_); }
  // REQUIRES: ok() / !ok() respectively.
  std::string& body() { return std::get<std::string>(data_); }
  const SoapError& error() const { return std::get<SoapError>(data_); }

 private:
  std::variant<std::string, SoapError> data_;
};

}  // namespace openwsus::xml

#endif  // OPENWSUS_XML_SOAP_ERROR_H_
