#include "xml/soap_error.h"

namespace openwsus::xml {

SoapError SoapError::Protocol(WuspErrorCode code, Status why, std::string message) {
  return SoapError{code, std::move(why), std::move(message)};
}

SoapError SoapError::BadParameter(std::string parameter_path, Status why) {
  return SoapError{WuspErrorCode::kInvalidParameters, std::move(why), std::move(parameter_path)};
}

SoapError SoapError::FromStatus(Status status, std::string message) {
  return SoapError{std::nullopt, std::move(status), std::move(message)};
}

WuspErrorCode ErrorCodeFor(const SoapError& error) {
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

SoapFault FaultFor(const SoapError& error, std::string method) {
  SoapFault fault;
  fault.error_code = ErrorCodeFor(error);
  fault.message = error.message;
  fault.method = std::move(method);
  return fault;
}

}  // namespace openwsus::xml
