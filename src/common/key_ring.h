// KeyRing: the server's versioned 32-byte cookie keys (AES-256-GCM, aead.h),
// persisted in one file, `<dir>/cookie_keys`, where <dir> is the data dir's keys/
// folder.
//
// Every key has a version (1, 2, ...); the newest is current and seals new
// cookies, older ones are kept only to open cookies issued before a rotation.
// Rotate(/*keep_previous=*/true) starts a grace period during which old cookies
// still open; Rotate(false) or DropPrevious() removes the old keys, after which a
// cookie sealed with them opens as InvalidCookie and the client re-handshakes
// (GetAuthorizationCookie + GetCookie, then RefreshCache) - the intended way to
// revoke every outstanding cookie at once.
//
// File format (big-endian integers):
//   "OWKR" | u8 format (1) | u32 current version | u32 count (1..kMaxKeys)
//   | count x (u32 version, 32 key bytes), versions strictly increasing
//   | SHA-256 of everything before it (32 bytes)
// The file must be a regular file (not a symlink) owned by this user with no
// group/other permission bits (0600); anything else is refused with a clear
// error rather than repaired, since it means someone else touched the keys.
// Writes go to a temporary name in the same directory (mode 0600), are fsynced
// and then renamed over the old file, so a crash leaves the old or the new ring.
//
// Thread-safety: all methods may be called concurrently (an internal mutex guards
// the keys); Find returns a copy of the key. Two processes rotating the same file
// at once are not coordinated: the last rename wins. A running server does not see
// a rotation done by another process until it loads the ring again.
#ifndef OPENWSUS_COMMON_KEY_RING_H_
#define OPENWSUS_COMMON_KEY_RING_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace openwsus {

class KeyRing {
 public:
  static constexpr size_t kKeySize = 32;
  static constexpr size_t kMaxKeys = 64;
  static constexpr const char* kFileName = "cookie_keys";

  // Loads <dir>/cookie_keys, or when it does not exist creates <dir> (mode 0700,
  // if missing) and a ring holding one fresh random key, version 1. Fails with
  // PermissionDenied for bad ownership/permissions, DataLoss for a malformed or
  // corrupt file, IoError when the OS refuses.
  static Result<std::unique_ptr<KeyRing>> LoadOrCreate(const std::string& dir);

  // The version that seals new cookies.
  uint32_t current_version() const;
  // The current version and its key, read together (a rotation cannot fall
  // between them).
  std::pair<uint32_t, std::string> CurrentKey() const;
  // All versions held, oldest first.
  std::vector<uint32_t> versions() const;
  // The key of `version`, or nullopt when the ring does not hold it (never had it,
  // or it was dropped).
  std::optional<std::string> Find(uint32_t version) const;

  // Adds a random key with version current+1 and makes it current; with
  // keep_previous=false drops every other key. Persisted before it takes effect:
  // on failure the ring (memory and file) is unchanged.
  Status Rotate(bool keep_previous);
  // Drops every key but the current one (the end of a grace period).
  Status DropPrevious();

  const std::string& path() const { return path_; }

 private:
  KeyRing(std::string path, uint32_t current, std::map<uint32_t, std::string> keys)
      : path_(std::move(path)), current_(current), keys_(std::move(keys)) {}

  // Writes `keys` with `current` to path_ atomically. REQUIRES: mu_ held.
  Status Persist(uint32_t current, const std::map<uint32_t, std::string>& keys) const;

  const std::string path_;
  mutable std::mutex mu_;
  uint32_t current_;                      // GUARDED_BY(mu_)
  std::map<uint32_t, std::string> keys_;  // GUARDED_BY(mu_)
};

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_KEY_RING_H_
