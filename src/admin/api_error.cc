#include "admin/api_error.h"

#include "common/log.h"
#include "http/http_status.h"

namespace openwsus::admin {
namespace {

std::string_view CodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kResourceExhausted:
      return "resource_exhausted";
    case StatusCode::kUnavailable:
      return "unavailable";
    default:
      return "internal";
  }
}

}  // namespace

http::HttpResponse JsonResponse(int http_status, const nlohmann::json& body) {
  return http::HttpResponse::Json(http_status, body.dump() + "\n");
}

http::HttpResponse ErrorResponse(const Status& status) {
  int http_status = http::HttpStatusFor(status);
  std::string message = status.message();
  if (http_status >= 500) {
    // Server-side messages may name files and tables; log them, don't send them.
    log::Error("admin API failure", {{"status", status.ToString()}});
    message = "internal error";
  }
  http::HttpResponse response =
      JsonResponse(http_status, {{"error", {{"code", CodeName(status.code())}, {"message", message}}}});
  if (http_status == 401) response.headers.Set("WWW-Authenticate", "Bearer");
  return response;
}

}  // namespace openwsus::admin
