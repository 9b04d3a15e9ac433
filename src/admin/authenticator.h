// Authenticator: turns the request's `Authorization: Bearer <token>` into the
// principal it names. Tokens are compared by their SHA-256 only; the store
// never holds a token itself. Reporter tokens may read, administrator tokens
// may also change things (the WSUS Reporters and Administrators roles).
#ifndef OPENWSUS_ADMIN_AUTHENTICATOR_H_
#define OPENWSUS_ADMIN_AUTHENTICATOR_H_

#include <string>

#include "common/result.h"
#include "http/http_request.h"
#include "store/store.h"

namespace openwsus::admin {

struct Principal {
  std::string name;  // the token's name, written in the audit log
  store::TokenRole role = store::TokenRole::kReporter;
};

// A new random token: "ows_" + 32 random bytes in base64url. Internal when
// the random source fails.
Result<std::string> NewTokenSecret();
// Lower-case hex SHA-256 of a token, as stored.
std::string HashTokenSecret(const std::string& secret);

// REQUIRES: the caller serialises access to `store`.
Result<Principal> Authenticate(store::Store* store, const http::HttpRequest& request);

}  // namespace openwsus::admin

#endif  // OPENWSUS_ADMIN_AUTHENTICATOR_H_
