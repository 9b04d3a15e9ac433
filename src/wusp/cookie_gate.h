// CookieGate: what every operation that takes a client cookie goes through
// first (RegisterComputer, the scan, extended info and files, reporting).
// The cookie is opened by the sealer (AES-256-GCM; nothing from a client is
// trusted before it opens), then checked as far as the operation asks: that
// the config it was issued under is still the current one (else
// ConfigChanged), and that the computer registered (else
// RegistrationRequired).
//
// Config dates are compared to the millisecond (SameConfig): GetConfig sends
// LastChange to the millisecond, a client's SOAP stack may hand it back
// rounded or truncated to what it keeps, and an administrator's change moves
// it by a millisecond at least (store::TouchConfigLastChange).
//
// Thread-safety: every method may be called from many handler threads.
#ifndef OPENWSUS_WUSP_COOKIE_GATE_H_
#define OPENWSUS_WUSP_COOKIE_GATE_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "common/cookie_data.h"
#include "common/cookie_sealer.h"
#include "common/date_time.h"
#include "common/guid.h"
#include "common/result.h"
#include "http/soap_call.h"
#include "snapshot/snapshot_manager.h"
#include "store/guarded_store.h"
#include "xml/soap_error.h"

namespace openwsus::wusp {

class CookieGate {
 public:
  enum class Check {
    kOpens,       // ours, not expired
    kCurrent,     // and issued under the current config (else ConfigChanged)
    kRegistered,  // and the computer registered (else RegistrationRequired)
  };
  // What an operation starts from: the snapshot, and the cookie once it
  // opened and passed the check.
  struct Opened {
    std::shared_ptr<const snapshot::PolicyIndex> snapshot;
    ClientCookieData cookie;
  };

  // All three must outlive the gate.
  CookieGate(store::GuardedStore* store, const CookieSealer* sealer, snapshot::SnapshotManager* snapshots);

  // Opens the call's `cookie` parameter: InvalidParameters when it is
  // missing, InvalidCookie / CookieExpired as the sealer finds it.
  std::variant<Opened, xml::SoapError> Open(const http::SoapCall& call, Check check);

  // The config LastChange as the store has it, created on first use. The
  // scan checks use the snapshot's copy instead (without the store's lock).
  Result<DateTime> ConfigLastChange();
  // ConfigChanged naming `parameter` when `held` (a cookie's or a client's
  // value) is not the config `current`; nullopt when it is.
  static std::optional<xml::SoapError> RefuseChanged(DateTime held, DateTime current, std::string_view parameter);
  // Whether two LastChange values name the same config: within a
  // millisecond of each other.
  static bool SameConfig(DateTime a, DateTime b);

  // RegisterComputer stored the computer at `when`: the snapshot knows only
  // those registered before it was built.
  void MarkRegistered(const Guid& computer_id, DateTime when);

 private:
  bool IsRegistered(const Guid& computer_id, const snapshot::PolicyIndex& snapshot);

  store::GuardedStore* store_;
  const CookieSealer* sealer_;
  snapshot::SnapshotManager* snapshots_;
  std::mutex mu_;                                            // guards registered_
  std::unordered_map<Guid, DateTime, GuidHash> registered_;  // GUARDED_BY(mu_)
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_COOKIE_GATE_H_
