// GuardedStore: one store connection shared by the threads of a service. The
// client services (wusp/) share one for what
// the snapshot does not hold (the config LastChange as the store has it, the
// documents behind a FragmentCache miss). A Store is single-threaded, so
// every use holds the lock; the scan itself never comes here.
#ifndef OPENWSUS_STORE_GUARDED_STORE_H_
#define OPENWSUS_STORE_GUARDED_STORE_H_

#include <mutex>
#include <utility>

#include "store/store.h"

namespace openwsus::store {

class GuardedStore {
 public:
  explicit GuardedStore(Store* store) : store_(store) {}
  GuardedStore(const GuardedStore&) = delete;
  GuardedStore& operator=(const GuardedStore&) = delete;

  // Runs `use(store)` holding the lock and returns what it returns.
  template <typename F>
  auto With(F&& use) {
    std::lock_guard<std::mutex> lock(mu_);
    return std::forward<F>(use)(store_);
  }

 private:
  Store* store_;
  std::mutex mu_;
};

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_GUARDED_STORE_H_
