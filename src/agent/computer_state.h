// ComputerState: what a simulated computer did to itself and must not
// forget between detection cycles (and, for `openwsus agent`, between runs):
// its client id, the updates it installed or removed, those waiting for a
// restart or whose install failed, what it downloaded without installing, how chosen
// updates' installs turn out, and the events the server has not
// acknowledged yet (sent again until it does: no report is lost).
#ifndef OPENWSUS_AGENT_COMPUTER_STATE_H_
#define OPENWSUS_AGENT_COMPUTER_STATE_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "agent/machine_profile.h"
#include "agent/wusp_client.h"
#include "common/guid.h"
#include "common/result.h"

namespace openwsus::agent {

enum class InstallOutcome : uint8_t { kSucceeds, kNeedsRestart, kFails };

struct ComputerState {
  Guid client_id;
  std::set<Guid> installed;       // simulated installs (bundles and their members)
  std::set<Guid> pending_reboot;  // installed, waiting for the restart (the next cycle)
  std::set<Guid> failed;          // the last install attempt failed
  std::set<Guid> downloaded;      // files verified, not installed (download-only policy)
  // Removed on an Uninstall approval: not installed, whatever its IsInstalled
  // rule says of the profile, until installed again.
  std::set<Guid> uninstalled;
  std::map<Guid, InstallOutcome> outcomes;  // how installs turn out; success when absent
  // Device (its first hardware id, lower case) -> the driver this computer
  // installed on it, in place of the profile's.
  std::map<std::string, catalog::DriverMetadata> drivers;
  std::vector<AgentEvent> unsent;

  // {"client_id": "...", "installed": [...], "pending_reboot": [...], "failed": [...],
  //  "downloaded": [...], "uninstalled": [...], "outcomes": {"<id>": "succeeds|needs-restart|fails"},
  //  "drivers": {"<device>": <an installed driver, machine_profile.h>},
  //  "unsent": [{"instance_id", "event_id", "update_id", "revision_number", "hresult",
  //              "replacement_strings", "misc_data", "time"}]}
  std::string ToJson() const;
  static Result<ComputerState> FromJson(std::string_view text);
};

}  // namespace openwsus::agent

#endif  // OPENWSUS_AGENT_COMPUTER_STATE_H_
