// The one mapping from a Status to an HTTP status code. Every handler that
// fails with a Status goes through here (the SOAP services turn the same
// Status into a SOAP fault in their own layer, later), so that two endpoints
// never disagree about what NotFound means on the wire.
#ifndef OPENWSUS_HTTP_HTTP_STATUS_H_
#define OPENWSUS_HTTP_HTTP_STATUS_H_

#include <string_view>

#include "common/status.h"

namespace openwsus::http {

// 200 for OK; 400, 401, 403, 404, 409, 413, 503 for the codes that have a
// matching HTTP meaning; 500 for the rest (the server's own failure).
int HttpStatusFor(const Status& status);

// "Not Found" for 404, etc.; "Unknown" for codes we never send.
std::string_view ReasonPhrase(int http_status);

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_HTTP_STATUS_H_
