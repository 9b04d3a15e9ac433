// PolicyIndex: the part of the scan snapshot that comes from administration:
// target groups, approvals and declines mapped onto a CatalogIndex, the
// groups each computer is assigned to, and the targeting mode. It answers the
// one question SyncUpdates asks of policy: which Deployment a computer gets
// for an update (DeploymentFor), and since when it has had it.
//
// Deployments, as the real WSUS 2025 of the captures sends them (every
// non-declined update is deployed to every computer, with an action):
//   Install / OptionalInstall / Uninstall  the computer's effective approval
//                                          (policy::ApprovalResolver);
//   Bundle      a bundle member without an approval of its own: installed as
//               part of its bundle (real WSUS sends every member so,
//               whether the bundle is approved or not);
//   PreDeploymentCheck  software and drivers nobody approved: the client
//               evaluates them and reports whether they are needed, but does
//               not install them;
//   Evaluate    categories and detectoids.
// Declined updates are not deployed at all. (protocol-wusp.md says unapproved
// software goes as Evaluate; the captures of 4 real catalogs say
// PreDeploymentCheck, and real traffic rules.)
//
// The change time of a deployment (`changed`) is the newest write to any
// approval row that could decide it for the computer's groups (rows of the
// update, or of a bundle holding it, in those groups or their ancestors), so
// that ChangedUpdates never misses a change; a computer whose assigned groups
// changed, and every computer after the group tree or the targeting mode
// changed, take that time as the floor.
//
// Immutable; built by SnapshotManager, shared through a shared_ptr.
#ifndef OPENWSUS_SNAPSHOT_POLICY_INDEX_H_
#define OPENWSUS_SNAPSHOT_POLICY_INDEX_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/date_time.h"
#include "common/guid.h"
#include "common/result.h"
#include "policy/approval.h"
#include "policy/approval_resolver.h"
#include "policy/group_tree.h"
#include "policy/targeting_mode.h"
#include "snapshot/catalog_index.h"
#include "store/store.h"

namespace openwsus::snapshot {

enum class DeploymentAction { kInstall, kOptionalInstall, kUninstall, kBundle, kPreDeploymentCheck, kEvaluate };
std::string_view DeploymentActionName(DeploymentAction action);  // the protocol's spelling

struct Deployment {
  int32_t id = 0;  // an approval row's deployment id, else the revision id
  DeploymentAction action = DeploymentAction::kEvaluate;
  std::optional<DateTime> deadline;
  DateTime changed;  // see the header comment; its date is LastChangeTime
};

// What PolicyIndex needs to know of one computer, resolved once per request.
struct ComputerGroups {
  std::vector<Guid> groups;    // GroupTree::EffectiveGroups: the computer's groups, All Computers last
  std::vector<Guid> relevant;  // those groups and all their ancestors, each once
  DateTime floor;              // deployments changed at least this late
};

class PolicyIndex {
 public:
  struct Inputs {
    std::vector<policy::TargetGroup> groups;
    std::vector<policy::Approval> approvals;
    std::vector<Guid> declined;
    std::vector<store::ComputerRecord> computers;  // only id, group_ids, groups_changed are used
    policy::TargetingMode targeting_mode = policy::TargetingMode::kServerSide;
    std::optional<DateTime> tree_changed;        // last group removal/move or targeting mode switch
    std::optional<DateTime> config_last_change;  // GetConfig's LastChange (store/server_settings.h)
    DateTime as_of;                              // when the inputs were read
  };

  // Reads the inputs from `store` (as_of is taken before reading).
  static Result<std::shared_ptr<const PolicyIndex>> Build(store::Store* store,
                                                          std::shared_ptr<const CatalogIndex> catalog);
  static Result<std::shared_ptr<const PolicyIndex>> FromInputs(Inputs inputs,
                                                               std::shared_ptr<const CatalogIndex> catalog);

  const CatalogIndex& catalog() const { return *catalog_; }
  const std::shared_ptr<const CatalogIndex>& catalog_ptr() const { return catalog_; }
  const policy::GroupTree& tree() const { return tree_; }
  DateTime as_of() const { return as_of_; }
  const std::optional<DateTime>& config_last_change() const { return config_last_change_; }
  // Whether the store held the computer when the snapshot was built.
  bool HasComputer(const Guid& computer) const { return computers_.count(computer) != 0; }

  // The groups of `computer`: assigned ones (server-side targeting) or those
  // named in `requested` (client-side targeting, from the cookie).
  ComputerGroups GroupsOf(const Guid& computer, const std::vector<std::string>& requested) const;

  bool IsDeclined(uint32_t entry) const { return declined_[entry] != 0; }
  // Not declined, not expired: the client may see it (one byte per entry).
  const std::vector<uint8_t>& in_scope() const { return in_scope_; }
  // REQUIRES: entry < catalog().size(), !IsDeclined(entry).
  Deployment DeploymentFor(uint32_t entry, const ComputerGroups& computer) const;

  size_t approval_count() const { return approval_count_; }

 private:
  struct ComputerEntry {
    std::vector<Guid> assigned;
    std::optional<DateTime> groups_changed;
  };

  PolicyIndex(std::shared_ptr<const CatalogIndex> catalog, policy::GroupTree tree)
      : catalog_(std::move(catalog)), tree_(std::move(tree)), resolver_(&tree_) {}
  // The rows of `entry`, empty when none.
  const std::vector<policy::Approval>& RowsOf(uint32_t entry) const;
  policy::EffectiveApproval Resolve(uint32_t entry, const ComputerGroups& computer) const;
  // The newest created time of the rows of `entry` in `relevant` groups.
  std::optional<DateTime> NewestRow(uint32_t entry, const ComputerGroups& computer) const;

  std::shared_ptr<const CatalogIndex> catalog_;
  policy::GroupTree tree_;
  policy::ApprovalResolver resolver_;  // points at tree_: PolicyIndex is never copied or moved
  std::unordered_map<uint32_t, std::vector<policy::Approval>> rows_;
  std::vector<uint8_t> has_rows_;  // per entry: whether rows_ holds any (the common case is none)
  std::vector<uint8_t> declined_;
  std::vector<uint8_t> in_scope_;
  std::unordered_map<Guid, ComputerEntry, GuidHash> computers_;
  policy::TargetingMode targeting_mode_ = policy::TargetingMode::kServerSide;
  DateTime tree_changed_;
  std::optional<DateTime> config_last_change_;
  DateTime as_of_;
  size_t approval_count_ = 0;
};

}  // namespace openwsus::snapshot

#endif  // OPENWSUS_SNAPSHOT_POLICY_INDEX_H_
