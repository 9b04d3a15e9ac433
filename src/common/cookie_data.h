// The payloads sealed inside the cookies we give Windows Update clients (MS-WUSP),
// and their compact binary form.
//
// AuthorizationCookieData goes into the SimpleAuth AuthorizationCookie's
// CookieData (GetAuthorizationCookie); ClientCookieData into the Cookie's
// EncryptedData (GetCookie and every later call). Both are sealed by CookieSealer
// (cookie_sealer.h); this file only turns them into bytes and back.
//
// Binary form, written and read field by field in this order (no generic object
// deserializer: a parser that only knows these fields, with a bounds check on
// every read, that rejects trailing bytes):
//   u8 payload format (1)
//   Authorization: guid(16) | str dns_name | list target_groups | i64 issued
//   Client:        guid(16) | list target_groups | i64 expires | str protocol_version
//                  | i64 config_last_change | u32 key_version | i64 deployment_high_water
//                  | i64 driver_high_water
// where str = u16 length + UTF-8 bytes, list = u16 count + count x str, i64/u32
// big-endian, times as DateTime ticks (100 ns since 1970, years 0001..9999).
// Limits (encode fails, decode rejects): dns_name <= 255 bytes, each group name
// <= 256 bytes, <= 64 groups, protocol_version <= 32 bytes.
//
// The decoders run only on plaintext that passed the AEAD tag check, so their
// input was written by us; they are strict anyway (defence in depth, fuzzed).
#ifndef OPENWSUS_COMMON_COOKIE_DATA_H_
#define OPENWSUS_COMMON_COOKIE_DATA_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/date_time.h"
#include "common/guid.h"
#include "common/result.h"

namespace openwsus {

// What GetAuthorizationCookie learned: who the client says it is and which
// target groups it asked for (client-side targeting).
struct AuthorizationCookieData {
  Guid client_id;                          // SusClientId
  std::string dns_name;                    // FQDN as the client sent it
  std::vector<std::string> target_groups;  // requested target group names
  DateTime issued;

  bool operator==(const AuthorizationCookieData&) const = default;
};

// What the server needs on every later call without a database read.
struct ClientCookieData {
  Guid client_id;
  std::vector<std::string> target_groups;
  DateTime expires;              // after this: CookieExpired
  std::string protocol_version;  // the client's, e.g. "1.20"
  DateTime config_last_change;   // GetConfig LastChange the client has
  uint32_t key_version = 0;      // set by CookieSealer to the sealing key's version
  // Ticks (DateTime) up to which the client has every deployment change of
  // its cached software updates, and of its cached drivers: the software and
  // driver passes of SyncUpdates cache different revisions, so each has a mark.
  int64_t deployment_high_water = 0;
  int64_t driver_high_water = 0;

  bool operator==(const ClientCookieData&) const = default;
};

constexpr size_t kMaxCookieDnsName = 255;
constexpr size_t kMaxCookieGroupName = 256;
constexpr size_t kMaxCookieGroups = 64;
constexpr size_t kMaxCookieProtocolVersion = 32;

// Fail with InvalidArgument when a field exceeds a limit or a time is out of range.
Result<std::string> EncodeAuthorizationCookieData(const AuthorizationCookieData& data);
Result<std::string> EncodeClientCookieData(const ClientCookieData& data);

// Fail with DataLoss ("bad cookie payload: ...") on anything but an exact,
// in-limits encoding.
Result<AuthorizationCookieData> DecodeAuthorizationCookieData(std::string_view bytes);
Result<ClientCookieData> DecodeClientCookieData(std::string_view bytes);

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_COOKIE_DATA_H_
