#include "wusp/cookie_gate.h"

#include <cstdlib>
#include <string>
#include <utility>

#include "common/strings.h"
#include "store/server_settings.h"
#include "xml/safe_xml.h"

namespace openwsus::wusp {
namespace {

using xml::WuspErrorCode;

constexpr int64_t kTicksPerMillisecond = 10'000;

// Opens a client cookie's EncryptedData, mapping the sealer's verdict.
std::variant<ClientCookieData, xml::SoapError> OpenCookieParam(const CookieSealer& sealer, const pugi::xml_node& cookie,
                                                               std::string_view ns, DateTime now) {
  std::optional<std::string> encrypted = xml::ReadString(cookie, ns, "EncryptedData");
  if (!encrypted || Trim(*encrypted).empty()) {
    return xml::SoapError::Protocol(WuspErrorCode::kInvalidCookie,
                                    Status::Unauthenticated("cookie has no EncryptedData"), "parameters.cookie");
  }
  OpenedCookie<ClientCookieData> opened = sealer.OpenClientCookie(Trim(*encrypted), now);
  switch (opened.fault()) {
    case CookieFault::kNone:
      return std::move(opened).value();
    case CookieFault::kExpired:
      return xml::SoapError::Protocol(WuspErrorCode::kCookieExpired, opened.status(), "parameters.cookie");
    case CookieFault::kInvalid:
      break;
  }
  return xml::SoapError::Protocol(WuspErrorCode::kInvalidCookie, opened.status(), "parameters.cookie");
}

}  // namespace

CookieGate::CookieGate(store::GuardedStore* store, const CookieSealer* sealer, snapshot::SnapshotManager* snapshots)
    : store_(store), sealer_(sealer), snapshots_(snapshots) {}

std::variant<CookieGate::Opened, xml::SoapError> CookieGate::Open(const http::SoapCall& call, Check check) {
  Opened opened{snapshots_->Current(), {}};
  pugi::xml_node cookie_node = xml::FindParam(call.op(), call.ns(), "cookie");
  if (!cookie_node || xml::IsNil(cookie_node)) {
    return xml::SoapError::BadParameter("parameters.cookie", Status::InvalidArgument("cookie is missing"));
  }
  auto cookie = OpenCookieParam(*sealer_, cookie_node, call.ns(), call.now);
  if (auto* refused = std::get_if<xml::SoapError>(&cookie)) return std::move(*refused);
  opened.cookie = std::move(std::get<ClientCookieData>(cookie));
  if (check == Check::kOpens) return opened;

  std::optional<DateTime> current = opened.snapshot->config_last_change();
  if (!current) {
    auto stored = ConfigLastChange();
    if (!stored.ok()) return xml::SoapError::FromStatus(stored.status());
    current = *stored;
  }
  if (auto changed = RefuseChanged(opened.cookie.config_last_change, *current, "parameters.cookie")) return *changed;
  if (check == Check::kRegistered && !IsRegistered(opened.cookie.client_id, *opened.snapshot)) {
    return xml::SoapError::Protocol(
        WuspErrorCode::kRegistrationRequired,
        Status::FailedPrecondition("computer " + opened.cookie.client_id.ToString() + " is not registered"),
        "parameters.cookie");
  }
  return opened;
}

Result<DateTime> CookieGate::ConfigLastChange() {
  return store_->With([](store::Store* store) { return store::LoadOrCreateConfigLastChange(store); });
}

bool CookieGate::SameConfig(DateTime a, DateTime b) {
  return std::llabs(a.ticks_since_epoch() - b.ticks_since_epoch()) < kTicksPerMillisecond;
}

std::optional<xml::SoapError> CookieGate::RefuseChanged(DateTime held, DateTime current, std::string_view parameter) {
  if (SameConfig(held, current)) return std::nullopt;
  return xml::SoapError::Protocol(
      WuspErrorCode::kConfigChanged,
      Status::FailedPrecondition("config " + held.ToString() + " was sent, current is " + current.ToString()),
      std::string(parameter));
}

void CookieGate::MarkRegistered(const Guid& computer_id, DateTime when) {
  std::lock_guard<std::mutex> lock(mu_);
  registered_[computer_id] = when;
}

bool CookieGate::IsRegistered(const Guid& computer_id, const snapshot::PolicyIndex& snapshot) {
  if (snapshot.HasComputer(computer_id)) return true;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = registered_.find(computer_id);
  // Registered before the snapshot yet missing from it: removed since.
  return it != registered_.end() && !(it->second < snapshot.as_of());
}

}  // namespace openwsus::wusp
