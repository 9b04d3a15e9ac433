#include "store/server_settings.h"

#include <optional>
#include <string>

namespace openwsus::store {

Result<Guid> LoadOrCreateServerId(Store* store) {
  const std::string key(kServerIdSetting);
  OW_ASSIGN_OR_RETURN(std::optional<std::string> stored, store->GetSetting(key));
  if (stored) {
    auto id = Guid::Parse(*stored);
    if (!id.ok() || id->IsNil()) return Status::DataLoss("setting " + key + " is not a GUID: " + *stored);
    return *id;
  }
  Guid id = Guid::Random();
  OW_RETURN_IF_ERROR(store->SetSetting(key, id.ToString()));
  return id;
}

Result<std::optional<DateTime>> FindConfigLastChange(Store* store) {
  const std::string key(kConfigLastChangeSetting);
  OW_ASSIGN_OR_RETURN(std::optional<std::string> stored, store->GetSetting(key));
  if (!stored) return std::optional<DateTime>();
  auto time = DateTime::Parse(*stored);
  if (!time.ok()) return Status::DataLoss("setting " + key + " is not an xs:dateTime: " + *stored);
  return std::optional<DateTime>(time->TruncatedToMilliseconds());
}

Result<DateTime> LoadOrCreateConfigLastChange(Store* store) {
  OW_ASSIGN_OR_RETURN(std::optional<DateTime> stored, FindConfigLastChange(store));
  if (stored) return *stored;
  DateTime now = DateTime::Now().TruncatedToMilliseconds();
  OW_RETURN_IF_ERROR(store->SetSetting(std::string(kConfigLastChangeSetting), now.ToString()));
  return now;
}

Status TouchConfigLastChange(Store* store, DateTime now) {
  constexpr int64_t kTicksPerMillisecond = 10'000;
  OW_ASSIGN_OR_RETURN(std::optional<DateTime> previous, FindConfigLastChange(store));
  DateTime next = now.TruncatedToMilliseconds();
  if (previous && next.ticks_since_epoch() < previous->ticks_since_epoch() + kTicksPerMillisecond) {
    next = DateTime::FromTicks(previous->ticks_since_epoch() + kTicksPerMillisecond);
  }
  return store->SetSetting(std::string(kConfigLastChangeSetting), next.ToString());
}

}  // namespace openwsus::store
