// The admin API's error responses: a Status becomes an HTTP status and a JSON
// body {"error": {"code": "...", "message": "..."}} that scripts can branch on.
#ifndef OPENWSUS_ADMIN_API_ERROR_H_
#define OPENWSUS_ADMIN_API_ERROR_H_

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "http/http_response.h"

namespace openwsus::admin {

http::HttpResponse ErrorResponse(const Status& status);
http::HttpResponse JsonResponse(int http_status, const nlohmann::json& body);

}  // namespace openwsus::admin

#endif  // OPENWSUS_ADMIN_API_ERROR_H_
