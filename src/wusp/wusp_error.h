// WuspError and WuspReply: how an MS-WUSP operation fails, and the one function
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
#ifndef OPENWSUS_WUSP_WUSP_ERROR_H_
#define OPENWSUS_WUSP_WUSP_ERROR_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "common/status.h"
#include "xml/soap_fault.h"

namespace openwsus::wusp {

struct WuspError {
  std::optional<xml::WuspErrorCode> code;  // a protocol outcome; nullopt: map `status`
  Status status;                           // why, for the log; never sent
  std::string message;                     // detail/Message, e.g. "parameters.cookie"

  // A protocol outcome, e.g. Protocol(kCookieExpired, why).
  static WuspError Protocol(xml::WuspErrorCode code, Status why, std::string message = "");
  // A bad or missing parameter: InvalidParameters naming `parameter_path`.
  static WuspError BadParameter(std::string parameter_path, Status why);
  // Any other failure; mapped by its code.
  static WuspError FromStatus(Status status, std::string message = "");
};

// The ErrorCode a failure is answered with.
xml::WuspErrorCode ErrorCodeFor(const WuspError& error);

// The fault for `error`; `method` is the SOAPAction as the client sent it, quoted.
xml::SoapFault FaultFor(const WuspError& error, std::string method);

// The outcome of one operation: the whole response body, or a failure.
class WuspReply {
 public:
  WuspReply(std::string body) : data_(std::move(body)) {}  // NOLINT: implicit by design
  WuspReply(WuspError error) : data_(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<std::string>(data_); }
  // REQUIRES: ok() / !ok() respectively.
  std::string& body() { return std::get<std::string>(data_); }
  const WuspError& error() const { return std::get<WuspError>(data_); }

 private:
  std::variant<std::string, WuspError> data_;
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_WUSP_ERROR_H_
