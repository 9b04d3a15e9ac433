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

Result<DateTime> LoadOrCreateConfigLastChange(Store* store) {
  const std::string key(kConfigLastChangeSetting);
  OW_ASSIGN_OR_RETURN(std::optional<std::string> stored, store->GetSetting(key));
  if (stored) {
    auto time = DateTime::Parse(*stored);
    if (!time.ok()) return Status::DataLoss("setting " + key + " is not an xs:dateTime: " + *stored);
    return *time;
  }
  DateTime now = DateTime::Now();
  OW_RETURN_IF_ERROR(store->SetSetting(key, now.ToString()));
  return now;
}

}  // namespace openwsus::store
