// CookieSealer: turns cookie payloads (cookie_data.h) into the opaque base64
// strings MS-WUSP clients carry, and checks them when they come back.
//
// Nothing in a returned cookie is trusted before its AES-256-GCM tag verifies
// under one of our keys (architecture principle 4; the opposite of
// CVE-2025-59287, where WSUS deserialized a client-supplied cookie). Sealed form,
// then base64 (standard alphabet, padded):
//   u8 envelope format (1) | u32 key version (big-endian, in clear so the right
//   key is found) | nonce(12) | ciphertext | tag(16)
// The associated data binds "openwsus-cookie/1/<kind>/", the server id (16 bytes)
// and those first 5 bytes, so an "auth" cookie never opens as a "client" cookie
// (or the reverse), a cookie from another server with a copied key file does not
// open here, and the version byte and key number cannot be altered.
//
// Open* return an OpenedCookie: the payload, or a CookieFault the SOAP layer maps
// to a protocol ErrorCode, plus a Status saying why (for the log only; never send
// it to the client):
//   client cookie:        kInvalid -> InvalidCookie, kExpired -> CookieExpired
//   authorization cookie: kInvalid and kExpired -> InvalidAuthorizationCookie
// kInvalid covers: not base64, empty, over kMaxCookieText, too short, unknown
// envelope format, a key version the ring does not hold (never had, or dropped by
// a rotation: the client then re-handshakes), tag failure (any changed byte, the
// other kind, another server) and a payload that does not decode.
//
// Thread-safety: const methods only; safe to share between threads as long as the
// KeyRing is (it is) and outlives the sealer.
#ifndef OPENWSUS_COMMON_COOKIE_SEALER_H_
#define OPENWSUS_COMMON_COOKIE_SEALER_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/cookie_data.h"
#include "common/guid.h"
#include "common/key_ring.h"
#include "common/result.h"

namespace openwsus {

enum class CookieFault {
  kNone,     // opened
  kInvalid,  // not ours, altered, or sealed with a key we no longer hold
  kExpired,  // ours and intact, but past its expiry
};

// "none", "invalid", "expired".
std::string_view CookieFaultName(CookieFault fault);

// The outcome of opening a cookie: a value, or a fault with its reason.
template <typename T>
class OpenedCookie {
 public:
  static OpenedCookie Opened(T value) { return OpenedCookie(CookieFault::kNone, Status(), std::move(value)); }
  static OpenedCookie Invalid(Status why) { return OpenedCookie(CookieFault::kInvalid, std::move(why), {}); }
  static OpenedCookie Expired(Status why) { return OpenedCookie(CookieFault::kExpired, std::move(why), {}); }

  bool ok() const { return fault_ == CookieFault::kNone; }
  CookieFault fault() const { return fault_; }
  // OK when ok(); otherwise Unauthenticated (invalid) or FailedPrecondition (expired).
  const Status& status() const { return status_; }

  // REQUIRES: ok(); aborts otherwise (a programmer error, like Result::value).
  const T& value() const& {
    Check();
    return *value_;
  }
  T&& value() && {
    Check();
    return std::move(*value_);
  }
  const T* operator->() const { return &value(); }
  const T& operator*() const& { return value(); }

 private:
  OpenedCookie(CookieFault fault, Status status, std::optional<T> value)
      : fault_(fault), status_(std::move(status)), value_(std::move(value)) {}
  void Check() const {
    if (!ok()) std::abort();
  }

  CookieFault fault_;
  Status status_;
  std::optional<T> value_;
};

// Whom a cookie is for: a Windows Update client (MS-WUSP) or a downstream
// server (MS-WSUSSS, the DSS authorization cookie and the sync cookie). The
// audience is bound into the associated data, so a client's cookie never
// opens as a downstream server's, nor the reverse.
enum class CookieAudience { kClient, kDownstreamServer };

class CookieSealer {
 public:
  // Longest base64 cookie text we accept or produce; payloads at their limits
  // (cookie_data.h) stay well below it.
  static constexpr size_t kMaxCookieText = 4096;

  // REQUIRES: `keys` outlives the sealer. `server_id` (the server's own id, nil
  // when it has none) is bound into every cookie.
  explicit CookieSealer(const KeyRing* keys, Guid server_id = Guid()) : keys_(keys), server_id_(server_id) {}

  // Seals with the current key. Fails (InvalidArgument) only when a field is over
  // its limit or a time out of range, or Internal when OpenSSL fails.
  Result<std::string> SealAuthorizationCookie(const AuthorizationCookieData& data,
                                              CookieAudience audience = CookieAudience::kClient) const;
  // As above; data.key_version is overwritten with the sealing key's version.
  Result<std::string> SealClientCookie(ClientCookieData data, CookieAudience audience = CookieAudience::kClient) const;

  // With `max_age`, a cookie issued more than max_age before `now` is kExpired.
  OpenedCookie<AuthorizationCookieData> OpenAuthorizationCookie(
      std::string_view text, DateTime now, std::optional<std::chrono::seconds> max_age = std::nullopt,
      CookieAudience audience = CookieAudience::kClient) const;
  // kExpired when now > data.expires. The returned key_version may be older than
  // the ring's current one (grace period); callers reseal to move the client on.
  OpenedCookie<ClientCookieData> OpenClientCookie(std::string_view text, DateTime now,
                                                  CookieAudience audience = CookieAudience::kClient) const;

 private:
  Result<std::string> Seal(std::string_view kind, uint32_t version, std::string_view key,
                           std::string_view payload) const;
  // The payload bytes and the key version that opened them; Unauthenticated on
  // any failure.
  Result<std::pair<std::string, uint32_t>> Open(std::string_view kind, std::string_view text) const;
  std::string AssociatedData(std::string_view kind, std::string_view header) const;

  const KeyRing* keys_;
  Guid server_id_;
};

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_COOKIE_SEALER_H_
