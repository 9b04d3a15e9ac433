// Records the administration side keeps in the store: computers, API tokens,
// the audit log. Groups, approvals and rules are policy types (policy/).
#ifndef OPENWSUS_STORE_ADMIN_RECORDS_H_
#define OPENWSUS_STORE_ADMIN_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date_time.h"
#include "common/guid.h"

namespace openwsus::store {

struct ComputerRecord {
  Guid id;                   // the client's SusClientId
  std::string name;          // DNS name
  std::string ip_address;
  std::string os_description;
  std::optional<DateTime> last_sync;
  std::optional<DateTime> last_report;
  DateTime created;
  std::vector<Guid> group_ids;                // assigned custom groups (server-side targeting)
  std::vector<std::string> requested_groups;  // names sent by the client (client-side targeting)
};

enum class TokenRole { kAdministrator, kReporter };
std::string_view TokenRoleName(TokenRole role);  // "administrator", "reporter"
std::optional<TokenRole> ParseTokenRole(std::string_view name);

struct ApiToken {
  int64_t id = 0;
  std::string name;         // a label chosen by the administrator
  TokenRole role = TokenRole::kReporter;
  std::string hash;         // lower-case hex SHA-256 of the token; the token itself is never stored
  std::string prefix;       // the first characters of the token, to recognise it in listings
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

// One stored (computer, update) status, as reported by the client.
struct StatusRecord {
  Guid computer_id;
  Guid update_id;
  int state = 0;  // policy::InstallationState
  DateTime time;
};

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_ADMIN_RECORDS_H_
