// SnapshotManager on a real SQLite store: what another connection writes is
// picked up by the watcher, and the catalog listener runs without our lock
// held (it takes the admin API's, whose changes call RefreshPolicy under it).
#include "snapshot/snapshot_manager.h"
#include "store/open_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "common/log.h"
#include "import/importer.h"
#include "snapshot/test_catalog.h"
#include "testing/test_support.h"

namespace openwsus::snapshot {
namespace {

namespace tc = testcatalog;
using namespace std::chrono_literals;

class SnapshotManagerTest : public ::testing::Test {
 protected:
  void SetUp() override { log::SetQuiet(true); }

  std::unique_ptr<store::Store> Open() {
    auto store = store::OpenStore(store::SqliteUrl(dir_.path() + "/openwsus.db"));
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(store).value();
  }

  // Imports one more update through another connection, as `openwsus import` does.
  void ImportOne(const std::string& id) {
    tc::DocSpec spec;
    spec.id = id;
    auto store = Open();
    auto report = import::Importer(store.get()).ImportDocuments({{id, tc::Document(spec)}});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }

  openwsus::testing::ScopedTempDir dir_;
};

TEST_F(SnapshotManagerTest, TheWatcherSeesAnotherProcesssImport) {
  auto manager = SnapshotManager::Create(Open());
  ASSERT_TRUE(manager.ok()) << manager.status().ToString();
  EXPECT_EQ((*manager)->Current()->catalog().size(), 0u);
  (*manager)->Watch(20ms);
  ImportOne(tc::kA);
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while ((*manager)->Current()->catalog().size() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ((*manager)->Current()->catalog().size(), 1u);
  // A reader keeps the snapshot it took, whatever comes after.
  auto held = (*manager)->Current();
  ImportOne(tc::kB);
  ASSERT_TRUE((*manager)->RefreshCatalog().ok());
  EXPECT_EQ(held->catalog().size(), 1u);
  EXPECT_EQ((*manager)->Current()->catalog().size(), 2u);
}

TEST_F(SnapshotManagerTest, TheCatalogListenerRunsWithoutOurLock) {
  auto manager = SnapshotManager::Create(Open());
  ASSERT_TRUE(manager.ok());
  std::mutex admin;  // stands for the admin API's lock
  int heard = 0;
  (*manager)->SetCatalogListener([&](const CatalogIndex& catalog) {
    std::lock_guard<std::mutex> lock(admin);
    heard = static_cast<int>(catalog.size());
  });
  ImportOne(tc::kA);
  // An admin change holds its lock while refreshing; a catalog rebuild's
  // listener wants that lock meanwhile. Neither may wait for the other.
  std::unique_lock<std::mutex> admin_lock(admin);
  auto rebuild = std::async(std::launch::async, [&] { return (*manager)->RefreshCatalog(); });
  std::this_thread::sleep_for(50ms);  // let the rebuild reach its listener
  EXPECT_TRUE((*manager)->RefreshPolicy().ok());
  admin_lock.unlock();
  ASSERT_EQ(rebuild.wait_for(10s), std::future_status::ready) << "deadlock";
  EXPECT_TRUE(rebuild.get().ok());
  EXPECT_EQ(heard, 1);
}

}  // namespace
}  // namespace openwsus::snapshot
