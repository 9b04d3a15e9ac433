#include "admin/authenticator.h"

#include "common/base64.h"
#include "common/hash.h"
#include "common/random.h"

namespace openwsus::admin {

Result<std::string> NewTokenSecret() {
  OW_ASSIGN_OR_RETURN(std::string bytes, RandomBytes(32));
  std::string text = Base64Encode(bytes);
  // base64url without padding: safe in headers, shells and URLs.
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!text.empty() && text.back() == '=') text.pop_back();
  return "ows_" + text;
}

std::string HashTokenSecret(const std::string& secret) { return HexEncode(Sha256(secret)); }

Result<Principal> Authenticate(store::Store* store, const http::HttpRequest& request) {
  auto header = request.headers.Get("Authorization");
  if (!header) return Status::Unauthenticated("missing Authorization: Bearer token");
  std::string_view value = *header;
  if (value.size() < 7 || (value.substr(0, 7) != "Bearer " && value.substr(0, 7) != "bearer ")) {
    return Status::Unauthenticated("Authorization must be a Bearer token");
  }
  std::string secret(value.substr(7));
  if (secret.empty() || secret.size() > 256) return Status::Unauthenticated("malformed token");
  OW_ASSIGN_OR_RETURN(auto token, store->FindTokenByHash(HashTokenSecret(secret)));
  if (!token || token->revoked) return Status::Unauthenticated("unknown or revoked token");
  return Principal{token->name, token->role};
}

}  // namespace openwsus::admin
