// Records the administration side keeps in the store: computers, API tokens,
// the audit log. Groups, approvals and rules are policy types (policy/).
#ifndef OPENWSUS_STORE_ADMIN_RECORDS_H_
#define OPENWSUS_STORE_ADMIN_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/date_time.h"
#include "common/guid.h"

namespace openwsus::store {

struct ComputerRecord {
  Guid id;           // the client's SusClientId
  std::string name;  // DNS name
  std::string ip_address;
  std::string os_description;
  std::optional<DateTime> last_sync;
  std::optional<DateTime> last_report;
  DateTime created;
  std::vector<Guid> group_ids;                // assigned custom groups (server-side targeting)
  std::vector<std::string> requested_groups;  // names sent by the client (client-side targeting)
  // The ComputerInfo fields of the last RegisterComputer, by their protocol
  // names ("OSMajorVersion", "ProcessorArchitecture", ...), in the order sent.
  std::vector<std::pair<std::string, std::string>> info;
  // When group_ids last changed (assign, unassign, a group removed): the
  // client's deployments may have changed with them.
  std::optional<DateTime> groups_changed;
};

enum class TokenRole { kAdministrator, kReporter };
std::string_view TokenRoleName(TokenRole role);  // "administrator", "reporter"
std::optional<TokenRole> ParseTokenRole(std::string_view name);

struct ApiToken {
  int64_t id = 0;
  std::string name;  // a label chosen by the administrator
  TokenRole role = TokenRole::kReporter;
  std::string hash;    // lower-case hex SHA-256 of the token; the token itself is never stored
  std::string prefix;  // the first characters of the token, to recognise it in listings
  DateTime created;
  bool revoked = false;
};

struct AuditEntry {
  int64_t id = 0;
  DateTime time;
  std::string actor;    // the token's name, or "local" for commands run on the data directory
  std::string action;   // e.g. "update.approve"
  std::string target;   // e.g. the update id
  std::string details;  // JSON text
};

// One ReportingEvent of a client's ReportEventBatch, as stored. A client
// resends an event it is not sure arrived; (computer_id, event_instance_id)
// identifies it, so a second copy is ignored.
struct ClientEvent {
  Guid computer_id;        // BasicData/TargetID/Sid
  Guid event_instance_id;  // chosen by the client
  int32_t namespace_id = 0;
  int32_t event_id = 0;  // 147 detection finished, 156 status, 183 install succeeded, ...
  int32_t source_id = 0;
  DateTime time_at_target;
  DateTime received;  // server time
  Guid update_id;     // zero when the event is about no update
  int32_t revision_number = 0;
  int32_t win32_hresult = 0;
  std::string app_name;
  std::vector<std::string> replacement_strings;
  std::vector<std::string> misc_data;  // "K=V" strings
};

// One stored (computer, update) status, as reported by the client.
struct StatusRecord {
  Guid computer_id;
  Guid update_id;
  int state = 0;  // policy::InstallationState
  DateTime time;
};

// A downstream server (MS-WSUSSS DSS) that authorized with us: registered on
// its first GetAuthorizationCookie, updated as it syncs and rolls up.
enum class DownstreamMode { kAutonomous = 0, kReplica = 1 };

struct DownstreamServer {
  Guid server_id;       // the accountGuid it presents
  std::string name;     // the accountName: its FQDN
  std::string address;  // the IP address it last called from
  // Replica from its first GetDeployments on (an upsert never moves it back).
  DownstreamMode mode = DownstreamMode::kAutonomous;
  std::string protocol_version;  // from GetCookie, e.g. "1.20"
  DateTime first_seen;
  DateTime last_seen;
  std::optional<DateTime> last_sync;    // its last GetRevisionIdList
  std::optional<DateTime> last_rollup;  // its last reporting roll-up

  bool operator==(const DownstreamServer&) const = default;
};

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_ADMIN_RECORDS_H_
