#include "common/cookie_sealer.h"

#include "common/aead.h"
#include "common/base64.h"

namespace openwsus {
namespace {

constexpr uint8_t kEnvelopeFormat = 1;
constexpr size_t kHeaderSize = 1 + 4;
// The kinds bound into the associated data, per audience.
std::string_view AuthKind(CookieAudience audience) { return audience == CookieAudience::kClient ? "auth" : "dss-auth"; }
std::string_view ClientKind(CookieAudience audience) { return audience == CookieAudience::kClient ? "client" : "dss"; }
constexpr int64_t kTicksPerSecond = 10'000'000;

Status Invalid(const std::string& why) { return Status::Unauthenticated("invalid cookie: " + why); }

}  // namespace

std::string_view CookieFaultName(CookieFault fault) {
  switch (fault) {
    case CookieFault::kNone:
      return "none";
    case CookieFault::kInvalid:
      return "invalid";
    case CookieFault::kExpired:
      return "expired";
  }
  return "unknown";
}

std::string CookieSealer::AssociatedData(std::string_view kind, std::string_view header) const {
  std::string ad = "openwsus-cookie/1/";
  ad += kind;
  ad += '/';
  ad.append(reinterpret_cast<const char*>(server_id_.bytes().data()), server_id_.bytes().size());
  ad += header;
  return ad;
}

Result<std::string> CookieSealer::Seal(std::string_view kind, uint32_t version, std::string_view key,
                                       std::string_view payload) const {
  std::string header;
  header.push_back(static_cast<char>(kEnvelopeFormat));
  for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<char>(version >> shift));
  OW_ASSIGN_OR_RETURN(std::string sealed, Aead::Seal(key, payload, AssociatedData(kind, header)));
  std::string text = Base64Encode(header + sealed);
  if (text.size() > kMaxCookieText) return Status::InvalidArgument("cookie too large");
  return text;
}

Result<std::pair<std::string, uint32_t>> CookieSealer::Open(std::string_view kind, std::string_view text) const {
  if (text.empty()) return Invalid("empty");
  if (text.size() > kMaxCookieText) return Invalid("longer than " + std::to_string(kMaxCookieText));
  Result<std::string> raw = Base64Decode(text);
  if (!raw.ok()) return Invalid("not base64");
  if (raw->size() < kHeaderSize + Aead::kOverhead) return Invalid("too short");
  if (static_cast<uint8_t>((*raw)[0]) != kEnvelopeFormat) return Invalid("unknown format");
  uint32_t version = 0;
  for (size_t i = 1; i < kHeaderSize; ++i) version = version << 8 | static_cast<uint8_t>((*raw)[i]);
  std::optional<std::string> key = keys_->Find(version);
  if (!key) return Invalid("unknown key version " + std::to_string(version));
  std::string_view bytes(*raw);
  Result<std::string> payload =
      Aead::Open(*key, bytes.substr(kHeaderSize), AssociatedData(kind, bytes.substr(0, kHeaderSize)));
  if (!payload.ok()) return Invalid(payload.status().message());
  return std::make_pair(std::move(payload).value(), version);
}

Result<std::string> CookieSealer::SealAuthorizationCookie(const AuthorizationCookieData& data,
                                                          CookieAudience audience) const {
  OW_ASSIGN_OR_RETURN(std::string payload, EncodeAuthorizationCookieData(data));
  auto [version, key] = keys_->CurrentKey();
  return Seal(AuthKind(audience), version, key, payload);
}

Result<std::string> CookieSealer::SealClientCookie(ClientCookieData data, CookieAudience audience) const {
  auto [version, key] = keys_->CurrentKey();
  data.key_version = version;  // must equal the clear header's; OpenClientCookie checks
  OW_ASSIGN_OR_RETURN(std::string payload, EncodeClientCookieData(data));
  return Seal(ClientKind(audience), version, key, payload);
}

OpenedCookie<AuthorizationCookieData> CookieSealer::OpenAuthorizationCookie(std::string_view text, DateTime now,
                                                                            std::optional<std::chrono::seconds> max_age,
                                                                            CookieAudience audience) const {
  using Opened = OpenedCookie<AuthorizationCookieData>;
  auto opened = Open(AuthKind(audience), text);
  if (!opened.ok()) return Opened::Invalid(opened.status());
  auto data = DecodeAuthorizationCookieData(opened->first);
  if (!data.ok()) return Opened::Invalid(Invalid(data.status().message()));
  if (max_age) {
    int64_t age = 0;
    bool overflow = __builtin_sub_overflow(now.ticks_since_epoch(), data->issued.ticks_since_epoch(), &age);
    if (overflow || age / kTicksPerSecond > max_age->count()) {
      return Opened::Expired(
          Status::FailedPrecondition("authorization cookie expired: issued " + data->issued.ToString()));
    }
  }
  return Opened::Opened(std::move(data).value());
}

OpenedCookie<ClientCookieData> CookieSealer::OpenClientCookie(std::string_view text, DateTime now,
                                                              CookieAudience audience) const {
  using Opened = OpenedCookie<ClientCookieData>;
  auto opened = Open(ClientKind(audience), text);
  if (!opened.ok()) return Opened::Invalid(opened.status());
  auto data = DecodeClientCookieData(opened->first);
  if (!data.ok()) return Opened::Invalid(Invalid(data.status().message()));
  if (data->key_version != opened->second) {
    return Opened::Invalid(Invalid("key version mismatch"));
  }
  if (now > data->expires) {
    return Opened::Expired(Status::FailedPrecondition("cookie expired at " + data->expires.ToString()));
  }
  return Opened::Opened(std::move(data).value());
}

}  // namespace openwsus
