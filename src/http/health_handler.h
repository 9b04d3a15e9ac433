// GET /health: a liveness probe for load balancers and for people, answering
// {"status":"ok","version":"<version>"}. It touches no store, so it answers
// even while an import holds the database.
#ifndef OPENWSUS_HTTP_HEALTH_HANDLER_H_
#define OPENWSUS_HTTP_HEALTH_HANDLER_H_

#include <string>

#include "http/router.h"

namespace openwsus::http {

inline constexpr std::string_view kHealthPath = "/health";

HttpHandler MakeHealthHandler(std::string version);

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_HEALTH_HANDLER_H_
