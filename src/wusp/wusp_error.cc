#include "wusp/wusp_error.h"

namespace openwsus::wusp {

using xml::WuspErrorCode;

WuspError WuspError::Protocol(WuspErrorCode code, Status why, std::string message) {
  return WuspError{code, std::move(why), std::move(message)};
}

WuspError WuspError::BadParameter(std::string parameter_path, Status why) {
  return WuspError{WuspErrorCode::kInvalidParameters, std::move(why), std::move(parameter_path)};
}

WuspError WuspError::FromStatus(Status status, std::string message) {
  return WuspError{std::nullopt, std::move(status), std::move(message)};
}

WuspErrorCode ErrorCodeFor(const WuspError& error) {
  if (error.code) return *error.code;
  switch (error.status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kResourceExhausted:
    case StatusCode::kNotFound:
      return WuspErrorCode::kInvalidParameters;
    case StatusCode::kUnavailable:
      return WuspErrorCode::kServerBusy;
    default:
      return WuspErrorCode::kInternalServerError;
  }
}

xml::SoapFault FaultFor(const WuspError& error, std::string method) {
  xml::SoapFault fault;
  fault.error_code = ErrorCodeFor(error);
  fault.message = error.message;
  fault.method = std::move(method);
  return fault;
}

}  // namespace openwsus::wusp
