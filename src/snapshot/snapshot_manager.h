// SnapshotManager: keeps the current scan snapshot (a PolicyIndex over a
// CatalogIndex) and replaces it, whole, when the store changes
// (architecture.md, principle 2). Readers take a shared_ptr and keep a
// consistent snapshot for as long as they hold it, whatever happens
// meanwhile.
//
// Changes reach it two ways: the admin API, in this process, calls
// RefreshPolicy() after each change it commits (so the next scan sees it);
// and Watch() polls the store's change counters, which also move when another
// process (`openwsus import`) writes, and rebuilds the catalog part or the
// policy part as needed. Rebuilds are serialised; scans never wait for one.
//
// Thread-safety: all public methods may be called from any thread. The
// store is used under rebuild_mu_ only.
#ifndef OPENWSUS_SNAPSHOT_SNAPSHOT_MANAGER_H_
#define OPENWSUS_SNAPSHOT_SNAPSHOT_MANAGER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/result.h"
#include "snapshot/policy_index.h"
#include "store/store.h"

namespace openwsus::snapshot {

class SnapshotManager {
 public:
  // Builds the first snapshot from `store`, which the manager owns (give it
  // a connection of its own).
  static Result<std::unique_ptr<SnapshotManager>> Create(std::unique_ptr<store::Store> store);
  ~SnapshotManager();  // stops watching
  SnapshotManager(const SnapshotManager&) = delete;
  SnapshotManager& operator=(const SnapshotManager&) = delete;

  std::shared_ptr<const PolicyIndex> Current() const;

  // Rebuild the policy part on the current catalog, or both parts.
  Status RefreshPolicy();
  Status RefreshCatalog();

  // Starts a thread that checks the change counters every `interval`.
  void Watch(std::chrono::milliseconds interval);

  // Called (on the rebuilding thread, with no lock of ours held) with each
  // new catalog index: the admin side counts the status of updates that
  // arrived. Set before Watch().
  void SetCatalogListener(std::function<void(const CatalogIndex&)> listener);

 private:
  explicit SnapshotManager(std::unique_ptr<store::Store> store) : store_(std::move(store)) {}
  // REQUIRES: rebuild_mu_ held. `rebuilt` (may be null) gets the new
  // catalog index when one was built.
  Status Rebuild(bool catalog, std::shared_ptr<const CatalogIndex>* rebuilt);
  static void Announce(const std::function<void(const CatalogIndex&)>& listener,
                       const std::shared_ptr<const CatalogIndex>& rebuilt);
  Status CheckCounters();
  void Install(std::shared_ptr<const PolicyIndex> next);

  std::mutex rebuild_mu_;
  std::unique_ptr<store::Store> store_;                  // GUARDED_BY(rebuild_mu_)
  int64_t catalog_counter_ = -1;                         // GUARDED_BY(rebuild_mu_): as of the last build
  int64_t policy_counter_ = -1;                          // GUARDED_BY(rebuild_mu_)
  std::function<void(const CatalogIndex&)> on_catalog_;  // GUARDED_BY(rebuild_mu_)

  mutable std::mutex current_mu_;
  std::shared_ptr<const PolicyIndex> current_;  // GUARDED_BY(current_mu_)

  std::mutex watch_mu_;
  std::condition_variable watch_cv_;
  bool stopping_ = false;  // GUARDED_BY(watch_mu_)
  std::thread watcher_;
};

}  // namespace openwsus::snapshot

#endif  // OPENWSUS_SNAPSHOT_SNAPSHOT_MANAGER_H_
