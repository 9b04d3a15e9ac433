// The cookie gate's config check, end to end through the service: GetConfig's
// LastChange as clients keep it (to the microsecond, most SOAP stacks), and
// as an administrator changes it.
#include "wusp/cookie_gate.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "store/server_settings.h"
#include "store/settings_keys.h"
#include "wusp/scan_fixture.h"

namespace openwsus::wusp {
namespace {

// `text` as a client whose dates hold microseconds writes it back:
// "2026-12-07T16:15:39.087Z" -> "2026-12-07T16:15:39.087000Z", and a value
// with 7 digits rounded to 6.
std::string AsMicroseconds(const std::string& text) {
  DateTime time = DateTime::Parse(text).value();
  int64_t ticks = time.ticks_since_epoch();
  int64_t micros = (ticks % 10'000'000 + 5) / 10;  // rounded, as .NET and Java do
  int64_t seconds = ticks - ticks % 10'000'000;
  if (micros == 1'000'000) {
    micros = 0;
    seconds += 10'000'000;
  }
  std::string whole = DateTime::FromTicks(seconds).ToString();  // "...:39Z"
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%06lldZ", static_cast<long long>(micros));
  return whole.substr(0, whole.size() - 1) + fraction;
}

class CookieGateTest : public ScanFixture {
 protected:
  // What an administrator's change of a setting clients read does
  // (admin::AdminApi::PutSettings): a new LastChange with the policy
  // counter, in one transaction, and the snapshot told.
  void ChangeConfigAsAdministrator() {
    ASSERT_TRUE(store_
                    ->Transaction([&]() -> Status {
                      OW_RETURN_IF_ERROR(store::TouchConfigLastChange(store_.get(), DateTime::Now()));
                      return store_->BumpCounter(store::kPolicyCounter);
                    })
                    .ok());
    ASSERT_TRUE(snapshots_->RefreshPolicy().ok());
  }

  std::string CookieFor(const std::string& last_change) {
    return ElementText(Call(kClientNs, "GetCookie", GetCookieParams(AuthCookie(), last_change)), "EncryptedData");
  }
};

TEST(SameConfigTest, WithinAMillisecondIsTheSameConfig) {
  DateTime sent = *DateTime::Parse("2026-12-07T16:15:39.087Z");
  EXPECT_TRUE(CookieGate::SameConfig(sent, *DateTime::Parse("2026-12-07T16:15:39.087000Z")));
  EXPECT_TRUE(CookieGate::SameConfig(sent, *DateTime::Parse("2026-12-07T16:15:39.0879999Z")));
  EXPECT_TRUE(CookieGate::SameConfig(*DateTime::Parse("2026-12-07T16:15:39.0872754Z"),
                                     *DateTime::Parse("2026-12-07T16:15:39.087275Z")));
  EXPECT_FALSE(CookieGate::SameConfig(sent, *DateTime::Parse("2026-12-07T16:15:39.088Z")));
  EXPECT_FALSE(CookieGate::SameConfig(sent, *DateTime::Parse("2026-12-07T16:15:39Z")));
}

TEST_F(CookieGateTest, GetConfigSendsLastChangeToTheMillisecondAtMost) {
  ASSERT_TRUE(store_->SetSetting(std::string(store::kConfigLastChangeSetting), "2026-12-07T16:15:39.0872754Z").ok());
  EXPECT_EQ(ConfigLastChange(), "2026-12-07T16:15:39.087Z");
}

TEST_F(CookieGateTest, AClientKeepingMicrosecondsGetsACookieAndScans) {
  // A database of before this fix holds 7 digits; the snapshot reads it too.
  ASSERT_TRUE(store_->SetSetting(std::string(store::kConfigLastChangeSetting), "2026-12-07T16:15:39.0872754Z").ok());
  Refresh();
  std::string echoed = AsMicroseconds(ConfigLastChange());
  EXPECT_EQ(echoed, "2026-12-07T16:15:39.087000Z");
  std::string cookie = CookieFor(echoed);
  ASSERT_FALSE(cookie.empty());
  Call(kClientNs, "RegisterComputer", RegisterParams(cookie));
  std::string scan = Call(kClientNs, "SyncUpdates", SyncParams(cookie, {}, {}));
  EXPECT_FALSE(Infos(scan, "NewUpdates").empty()) << scan;
  // One that kept the 7-digit value an older server sent, rounded.
  EXPECT_FALSE(CookieFor("2026-12-07T16:15:39.087275Z").empty());
  EXPECT_FALSE(CookieFor("2026-12-07T16:15:39.0872754Z").empty());
}

TEST_F(CookieGateTest, AConfigChangedByAnAdministratorIsStillConfigChanged) {
  std::string before = AsMicroseconds(ConfigLastChange());
  std::string cookie = CookieFor(before);
  Call(kClientNs, "RegisterComputer", RegisterParams(cookie));
  Call(kClientNs, "SyncUpdates", SyncParams(cookie, {}, {}));

  ChangeConfigAsAdministrator();
  Fault refused = CallFault(kClientNs, "GetCookie", GetCookieParams(AuthCookie(), before));
  EXPECT_EQ(refused.error_code, "ConfigChanged");
  EXPECT_EQ(refused.message, "parameters.lastChange");
  for (const char* op : {"SyncUpdates", "RegisterComputer"}) {
    std::string params = std::string(op) == "SyncUpdates" ? SyncParams(cookie, {}, {}) : RegisterParams(cookie);
    EXPECT_EQ(CallFault(kClientNs, op, params).error_code, "ConfigChanged") << op;
  }
  // The client starts over from GetConfig and goes on.
  std::string after = AsMicroseconds(ConfigLastChange());
  EXPECT_NE(after, before);
  std::string fresh = CookieFor(after);
  Call(kClientNs, "RegisterComputer", RegisterParams(fresh));
  Call(kClientNs, "SyncUpdates", SyncParams(fresh, {}, {}));
}

}  // namespace
}  // namespace openwsus::wusp
