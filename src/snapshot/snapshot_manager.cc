#include "snapshot/snapshot_manager.h"

#include <utility>

#include "common/log.h"
#include "store/settings_keys.h"

namespace openwsus::snapshot {

Result<std::unique_ptr<SnapshotManager>> SnapshotManager::Create(std::unique_ptr<store::Store> store) {
  std::unique_ptr<SnapshotManager> manager(new SnapshotManager(std::move(store)));
  std::lock_guard<std::mutex> lock(manager->rebuild_mu_);
  OW_RETURN_IF_ERROR(manager->Rebuild(/*catalog=*/true, nullptr));
  return manager;
}

SnapshotManager::~SnapshotManager() {
  {
    std::lock_guard<std::mutex> lock(watch_mu_);
    stopping_ = true;
  }
  watch_cv_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

std::shared_ptr<const PolicyIndex> SnapshotManager::Current() const {
  std::lock_guard<std::mutex> lock(current_mu_);
  return current_;
}

void SnapshotManager::Install(std::shared_ptr<const PolicyIndex> next) {
  std::shared_ptr<const PolicyIndex> old;
  {
    std::lock_guard<std::mutex> lock(current_mu_);
    old = std::move(current_);
    current_ = std::move(next);
  }
  // `old` dies here, outside the lock, unless a scan still holds it.
}

Status SnapshotManager::RefreshPolicy() {
  std::lock_guard<std::mutex> lock(rebuild_mu_);
  return Rebuild(/*catalog=*/false, nullptr);
}

Status SnapshotManager::RefreshCatalog() {
  std::shared_ptr<const CatalogIndex> rebuilt;
  std::function<void(const CatalogIndex&)> listener;
  {
    std::lock_guard<std::mutex> lock(rebuild_mu_);
    OW_RETURN_IF_ERROR(Rebuild(/*catalog=*/true, &rebuilt));
    listener = on_catalog_;
  }
  Announce(listener, rebuilt);
  return Status::Ok();
}

void SnapshotManager::Announce(const std::function<void(const CatalogIndex&)>& listener,
                               const std::shared_ptr<const CatalogIndex>& rebuilt) {
  // Outside rebuild_mu_: the listener takes the admin API's lock, and the
  // admin API calls RefreshPolicy() under it.
  if (listener && rebuilt) listener(*rebuilt);
}

Status SnapshotManager::Rebuild(bool catalog, std::shared_ptr<const CatalogIndex>* rebuilt) {
  // Counters first: a change committed while we read is seen again next time.
  OW_ASSIGN_OR_RETURN(int64_t catalog_counter, store_->GetCounter(store::kCatalogCounter));
  OW_ASSIGN_OR_RETURN(int64_t policy_counter, store_->GetCounter(store::kPolicyCounter));
  std::shared_ptr<const PolicyIndex> current = Current();
  std::shared_ptr<const CatalogIndex> catalog_index;
  if (catalog || current == nullptr) {
    auto started = std::chrono::steady_clock::now();
    OW_ASSIGN_OR_RETURN(catalog_index,
                        CatalogIndex::Build(store_.get(), current ? &current->catalog() : nullptr, DateTime::Now()));
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    log::Info("scan catalog built", {{"updates", std::to_string(catalog_index->size())},
                                     {"core_bytes", std::to_string(catalog_index->core_bytes())},
                                     {"ms", std::to_string(ms.count())}});
    catalog_counter_ = catalog_counter;
    if (rebuilt != nullptr) *rebuilt = catalog_index;
  } else {
    catalog_index = current->catalog_ptr();
  }
  OW_ASSIGN_OR_RETURN(auto policy, PolicyIndex::Build(store_.get(), std::move(catalog_index)));
  policy_counter_ = policy_counter;
  Install(std::move(policy));
  return Status::Ok();
}

void SnapshotManager::SetCatalogListener(std::function<void(const CatalogIndex&)> listener) {
  std::lock_guard<std::mutex> lock(rebuild_mu_);
  on_catalog_ = std::move(listener);
}

Status SnapshotManager::CheckCounters() {
  std::shared_ptr<const CatalogIndex> rebuilt;
  std::function<void(const CatalogIndex&)> listener;
  {
    std::lock_guard<std::mutex> lock(rebuild_mu_);
    OW_ASSIGN_OR_RETURN(int64_t catalog_counter, store_->GetCounter(store::kCatalogCounter));
    OW_ASSIGN_OR_RETURN(int64_t policy_counter, store_->GetCounter(store::kPolicyCounter));
    if (catalog_counter != catalog_counter_) {
      OW_RETURN_IF_ERROR(Rebuild(/*catalog=*/true, &rebuilt));
    } else if (policy_counter != policy_counter_) {
      OW_RETURN_IF_ERROR(Rebuild(/*catalog=*/false, nullptr));
    }
    listener = on_catalog_;
  }
  Announce(listener, rebuilt);
  return Status::Ok();
}

void SnapshotManager::Watch(std::chrono::milliseconds interval) {
  watcher_ = std::thread([this, interval] {
    std::unique_lock<std::mutex> lock(watch_mu_);
    while (!watch_cv_.wait_for(lock, interval, [&] { return stopping_; })) {
      lock.unlock();
      Status checked = CheckCounters();
      if (!checked.ok()) log::Error("cannot refresh the scan snapshot", {{"reason", checked.ToString()}});
      lock.lock();
    }
  });
}

}  // namespace openwsus::snapshot
