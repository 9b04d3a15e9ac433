// Test support: a WuspService on a real SQLite store and a fresh key ring in a
// scratch directory, mounted on a router, as serve wires it. Test-only.
#ifndef OPENWSUS_WUSP_WUSP_TEST_FIXTURE_H_
#define OPENWSUS_WUSP_WUSP_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>

#include "common/cookie_sealer.h"
#include "common/key_ring.h"
#include "common/log.h"
#include "common/test_support.h"
#include "http/router.h"
#include "store/store.h"
#include "wusp/wusp_service.h"
#include "wusp/wusp_settings.h"

namespace openwsus::wusp {

class WuspTestFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    log::SetQuiet(true);
    auto store = store::OpenSqliteStore(dir_.path() + "/openwsus.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    auto keys = KeyRing::LoadOrCreate(dir_.path() + "/keys");
    ASSERT_TRUE(keys.ok()) << keys.status().ToString();
    keys_ = std::move(keys).value();
    auto server_id = LoadOrCreateServerId(store_.get());
    ASSERT_TRUE(server_id.ok());
    server_id_ = *server_id;
    sealer_ = std::make_unique<CookieSealer>(keys_.get(), server_id_);
    service_ = std::make_unique<WuspService>(store_.get(), sealer_.get());
    service_->Register(&router_);
  }

  openwsus::testing::ScopedTempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<KeyRing> keys_;
  Guid server_id_;
  std::unique_ptr<CookieSealer> sealer_;
  std::unique_ptr<WuspService> service_;
  http::Router router_;
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_WUSP_TEST_FIXTURE_H_
