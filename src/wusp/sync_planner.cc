#include "wusp/sync_planner.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "common/strings.h"

namespace openwsus::wusp {
namespace {

using catalog::UpdateType;

// One flag per catalog entry, for the sets a request is made of.
class EntrySet {
 public:
  explicit EntrySet(size_t size) : flags_(size, 0) {}
  void Add(uint32_t entry) { flags_[entry] = 1; }
  bool Has(uint32_t entry) const { return flags_[entry] != 0; }
  const uint8_t* data() const { return flags_.data(); }

 private:
  std::vector<uint8_t> flags_;
};

// The filter closure (see the header): filter categories, the categories
// below them, their members, and what those need, transitively.
EntrySet FilterClosure(const snapshot::CatalogIndex& catalog, const std::vector<Guid>& filter) {
  EntrySet below(catalog.size());  // the filter categories and every category under them
  std::vector<uint32_t> work;
  for (const Guid& id : filter) {
    if (auto entry = catalog.FindUpdate(id)) {
      below.Add(*entry);
      work.push_back(*entry);
    }
  }
  // Categories name their parents; walk down by repeating until nothing is added.
  for (bool grew = !work.empty(); grew;) {
    grew = false;
    for (uint32_t e = 0; e < catalog.size(); ++e) {
      const snapshot::IndexedUpdate& u = catalog.at(e);
      if (below.Has(e) || u.type != UpdateType::kCategory) continue;
      if (std::any_of(u.categories.begin(), u.categories.end(), [&](uint32_t p) { return below.Has(p); })) {
        below.Add(e);
        grew = true;
      }
    }
  }
  EntrySet closure(catalog.size());
  work.clear();
  for (uint32_t e = 0; e < catalog.size(); ++e) {
    const snapshot::IndexedUpdate& u = catalog.at(e);
    bool member = std::any_of(u.categories.begin(), u.categories.end(), [&](uint32_t c) { return below.Has(c); });
    bool filter_category = below.Has(e) && std::find_if(filter.begin(), filter.end(), [&](const Guid& id) {
                                             return id == u.update_id;
                                           }) != filter.end();
    if (member || filter_category) {
      closure.Add(e);
      work.push_back(e);
    }
  }
  while (!work.empty()) {
    uint32_t e = work.back();
    work.pop_back();
    const snapshot::IndexedUpdate& u = catalog.at(e);
    auto need = [&](uint32_t n) {
      if (!closure.Has(n)) {
        closure.Add(n);
        work.push_back(n);
      }
    };
    for (const auto& clause : u.prerequisites) {
      for (uint32_t alternative : clause) need(alternative);
    }
    for (uint32_t member : u.bundle_members) need(member);
  }
  return closure;
}

class Planner {
 public:
  Planner(const snapshot::PolicyIndex& policy, const snapshot::ComputerGroups& computer, const SyncRequest& request)
      : policy_(policy),
        catalog_(policy.catalog()),
        computer_(computer),
        request_(request),
        in_scope_(policy.in_scope()),
        installed_(catalog_.size()),
        cached_(catalog_.size()),
        filtered_(!request.filter_categories.empty()),
        filter_(filtered_ ? FilterClosure(catalog_, request.filter_categories) : EntrySet(0)) {}

  SyncPlan Run() {
    for (int32_t id : request_.installed_non_leaf) {
      if (auto e = catalog_.FindRevision(id)) installed_.Add(*e);
    }
    const auto& cached_ids = DriverKind() ? request_.cached_drivers : CachedSoftware();
    for (int32_t id : cached_ids) {
      if (auto e = catalog_.FindRevision(id)) cached_.Add(*e);
    }
    if (request_.skip_software && !request_.printers) MatchDevices();
    CollectNew();
    SortOutCached(cached_ids);
    plan_.driver_sync_not_needed = !AnyDriverInScope();
    return std::move(plan_);
  }

 private:
  std::vector<int32_t> CachedSoftware() const {
    std::vector<int32_t> ids = request_.installed_non_leaf;
    ids.insert(ids.end(), request_.other_cached.begin(), request_.other_cached.end());
    return ids;
  }

  bool DriverKind() const { return request_.skip_software || request_.printers; }

  static bool IsPrinterDriver(const snapshot::IndexedUpdate& u) {
    return std::any_of(u.drivers.begin(), u.drivers.end(),
                       [](const catalog::DriverMetadata& d) { return EqualsIgnoreCase(d.class_name, "printer"); });
  }

  bool OfThisPass(uint32_t e) const {
    bool driver = (catalog_.kind(e) & snapshot::CatalogIndex::kDriverBit) != 0;
    if (request_.printers) return driver && IsPrinterDriver(catalog_.at(e));
    if (request_.skip_software) return driver && matched_.Has(e);
    return !driver;
  }

  // Deliverable but for the category filter. Reads the compact arrays only.
  bool DeliverableUnfiltered(uint32_t e) const {
    if (!in_scope_[e] || (catalog_.kind(e) & snapshot::CatalogIndex::kNeverDeliverableBit) != 0) return false;
    return OfThisPass(e) && catalog_.Satisfied(e, installed_.data());
  }

  bool Deliverable(uint32_t e) const { return (!filtered_ || filter_.Has(e)) && DeliverableUnfiltered(e); }

  void MatchDevices() {
    auto lookup = [this](const std::string& id) { return catalog_.DriversFor(id); };
    auto usable = [this](uint32_t e) { return InClientScope(policy_, e); };
    for (uint32_t e : MatchDrivers(request_.devices, lookup, usable)) matched_.Add(e);
  }

  // 0: non-leaf, 1: category or detectoid, 2: the rest.
  int Rank(uint32_t e) const {
    uint8_t kind = catalog_.kind(e);
    if ((kind & snapshot::CatalogIndex::kNonLeafBit) != 0) return 0;
    return (kind & snapshot::CatalogIndex::kCategoryOrDetectoidBit) != 0 ? 1 : 2;
  }

  // Entries that could be deliverable, each once, in entry (revision id)
  // order: for software, roots and what installed entries gate
  // (CatalogIndex::GatedBy); for the driver pass, the drivers its devices
  // matched; for the printer catalog, every driver.
  std::vector<uint32_t> Candidates() const {
    if (request_.printers) return catalog_.drivers();
    if (request_.skip_software) {
      std::vector<uint32_t> out;
      for (uint32_t e : catalog_.drivers()) {
        if (matched_.Has(e)) out.push_back(e);
      }
      return out;
    }
    EntrySet seen(catalog_.size());
    for (uint32_t e : catalog_.roots()) seen.Add(e);
    for (int32_t id : request_.installed_non_leaf) {
      auto installed = catalog_.FindRevision(id);
      if (!installed) continue;
      auto [begin, end] = catalog_.GatedBy(*installed);
      for (const uint32_t* e = begin; e != end; ++e) seen.Add(*e);
    }
    // A pass over the flags gives entry order without sorting.
    std::vector<uint32_t> out;
    for (uint32_t e = 0; e < catalog_.size(); ++e) {
      if (seen.Has(e)) out.push_back(e);
    }
    return out;
  }

  void CollectNew() {
    // A bucket per rank, each in entry order; an entry with a full page
    // ahead of it in lower ranks cannot make the page.
    std::vector<uint32_t> buckets[3];
    const size_t page = request_.page_size;
    for (uint32_t e : Candidates()) {
      if (cached_.Has(e) || !Deliverable(e)) continue;
      int rank = Rank(e);
      size_t ahead = 0;
      for (int r = 0; r <= rank; ++r) ahead += buckets[r].size();
      if (ahead > page) continue;
      buckets[rank].push_back(e);
    }
    for (const auto& bucket : buckets) {
      for (uint32_t e : bucket) {
        if (plan_.new_updates.size() == page) {
          plan_.truncated = true;
          return;
        }
        plan_.new_updates.push_back({e, policy_.DeploymentFor(e, computer_)});
      }
    }
  }

  void SortOutCached(const std::vector<int32_t>& cached_ids) {
    EntrySet seen(catalog_.size());
    std::unordered_set<int32_t> unknown_seen;  // a forged list may hold 50,000 of them
    for (int32_t id : cached_ids) {
      auto e = catalog_.FindRevision(id);
      if (!e) {
        if (unknown_seen.insert(id).second) plan_.out_of_scope.push_back(id);
        continue;
      }
      if (seen.Has(*e)) continue;
      seen.Add(*e);
      if (Deliverable(*e)) {
        snapshot::Deployment d = policy_.DeploymentFor(*e, computer_);
        // A client that never synced (mark 0) gets every deployment, as from real WSUS.
        bool fresh = request_.high_water == DateTime();
        if (fresh || request_.high_water < d.changed || request_.high_water < catalog_.leaf_changed(*e)) {
          plan_.changed.push_back({*e, std::move(d)});
        }
      } else if (filtered_ && request_.need_two_group_out_of_scope && DeliverableUnfiltered(*e)) {
        plan_.deployed_out_of_scope.push_back(id);
      } else {
        plan_.out_of_scope.push_back(id);
      }
    }
  }

  bool AnyDriverInScope() const {
    for (uint32_t e : catalog_.drivers()) {
      if (InClientScope(policy_, e) && (!filtered_ || filter_.Has(e))) return true;
    }
    return false;
  }

  const snapshot::PolicyIndex& policy_;
  const snapshot::CatalogIndex& catalog_;
  const snapshot::ComputerGroups& computer_;
  const SyncRequest& request_;
  const std::vector<uint8_t>& in_scope_;
  EntrySet installed_;
  EntrySet cached_;
  EntrySet matched_{catalog_.size()};
  bool filtered_;
  EntrySet filter_;
  SyncPlan plan_;
};

}  // namespace

bool InClientScope(const snapshot::PolicyIndex& policy, uint32_t entry) { return policy.in_scope()[entry] != 0; }

SyncPlan PlanSync(const snapshot::PolicyIndex& policy, const snapshot::ComputerGroups& computer,
                  const SyncRequest& request) {
  return Planner(policy, computer, request).Run();
}

std::vector<RefreshedRevision> PlanRefreshCache(const snapshot::PolicyIndex& policy,
                                                const snapshot::ComputerGroups& computer,
                                                const std::vector<catalog::UpdateIdentity>& identities) {
  std::vector<RefreshedRevision> out;
  for (const catalog::UpdateIdentity& identity : identities) {
    auto e = policy.catalog().FindUpdate(identity.update_id);
    if (!e || policy.catalog().at(*e).revision_number != identity.revision_number) continue;
    if (!InClientScope(policy, *e)) continue;
    snapshot::Deployment d = policy.DeploymentFor(*e, computer);
    if (d.action == snapshot::DeploymentAction::kBundle) continue;
    out.push_back({identity, *e, std::move(d)});
  }
  return out;
}

}  // namespace openwsus::wusp
