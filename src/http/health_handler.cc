#include "http/health_handler.h"

#include <nlohmann/json.hpp>

namespace openwsus::http {

HttpHandler MakeHealthHandler(std::string version) {
  // The body never changes, so it is rendered once.
  std::string body = nlohmann::json{{"status", "ok"}, {"version", version}}.dump() + "\n";
  return [body = std::move(body)](const HttpRequest&) {
    HttpResponse response = HttpResponse::Json(200, body);
    response.headers.Set("Cache-Control", "no-store");
    return response;
  };
}

}  // namespace openwsus::http
