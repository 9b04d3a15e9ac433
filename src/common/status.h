// Status: the outcome of an operation that can fail in an expected way.
//
// Every boundary in OpenWSUS returns a Status or a Result<T> (result.h) instead of
// throwing: unknown updates, bad XML and a busy database are ordinary events, not
// exceptional ones. An OK status carries no message. Status is a small value type;
// copies are independent, so it is safe to hand between threads.
#ifndef OPENWSUS_COMMON_STATUS_H_
#define OPENWSUS_COMMON_STATUS_H_

#include <string>
#include <string_view>

namespace openwsus {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is malformed (bad XML, bad flag)
  kNotFound,            // the named thing does not exist
  kAlreadyExists,       // a create collided with an existing thing
  kFailedPrecondition,  // the request is well formed but the state forbids it
  kPermissionDenied,    // authenticated but not allowed
  kUnauthenticated,     // no or bad credentials
  kResourceExhausted,   // a size, depth or count limit was hit
  kDataLoss,            // stored or received data is corrupt or truncated
  kIoError,             // the operating system refused a file or socket call
  kUnavailable,         // try again later (busy, shutting down)
  kInternal,            // a bug or a broken invariant
};

// The lower-case name of a code, e.g. "invalid argument".
std::string_view StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message));
  }
  static Status NotFound(std::string message) { return Status(StatusCode::kNotFound, std::move(message)); }
  static Status AlreadyExists(std::string message) { return Status(StatusCode::kAlreadyExists, std::move(message)); }
  static Status FailedPrecondition(std::string message) {
    return Status(StatusCode::kFailedPrecondition, std::move(message));
  }
  static Status PermissionDenied(std::string message) {
    return Status(StatusCode::kPermissionDenied, std::move(message));
  }
  static Status Unauthenticated(std::string message) {
    return Status(StatusCode::kUnauthenticated, std::move(message));
  }
  static Status ResourceExhausted(std::string message) {
    return Status(StatusCode::kResourceExhausted, std::move(message));
  }
  static Status DataLoss(std::string message) { return Status(StatusCode::kDataLoss, std::move(message)); }
  static Status IoError(std::string message) { return Status(StatusCode::kIoError, std::move(message)); }
  static Status Unavailable(std::string message) { return Status(StatusCode::kUnavailable, std::move(message)); }
  static Status Internal(std::string message) { return Status(StatusCode::kInternal, std::move(message)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid argument: <message>", or "OK".
  std::string ToString() const;

  // The same code with "<context>: " put before the message, so that an error
  // deep in a parser names the record it came from.
  Status WithContext(std::string_view context) const;

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace openwsus

// Returns early from the enclosing function when `expr` yields a failed Status.
#define OW_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::openwsus::Status ow_status_ = (expr);  \
    if (!ow_status_.ok()) return ow_status_; \
  } while (false)

#endif  // OPENWSUS_COMMON_STATUS_H_
