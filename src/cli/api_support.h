// Helpers the CLI's API commands share: connecting with the run's settings,
// reading ids from arguments or standard input, validating enum flags, and
// turning API JSON into table cells.
#ifndef OPENWSUS_CLI_API_SUPPORT_H_
#define OPENWSUS_CLI_API_SUPPORT_H_

#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cli/api_client.h"
#include "cli/commands.h"
#include "cli/id_input.h"
#include "common/result.h"

namespace openwsus::cli {

// The data directory of this run (--data-dir, else the default).
std::string DataDirRoot(const CommandContext& context);

// Server, token and CA file for this run (see connection_settings.h).
Result<ConnectionSettings> ResolveSettings(const CommandContext& context);

// Whether commands that work locally too should use the API instead: a
// server or token was given by flag, environment or cli.json.
Result<bool> ApiConfigured(const CommandContext& context);

Result<ApiClient> ConnectApi(const CommandContext& context);

// Ids from `args`, "-" meaning standard input (see id_input.h).
Result<std::vector<std::string>> IdsFromArgs(const std::vector<std::string>& args, IdKind kind,
                                             bool implicit_stdin = true);

// InvalidArgument "<flag> must be a, b or c, not 'x'" unless `value` is one of `allowed`.
Status CheckChoice(std::string_view flag, const std::string& value, std::initializer_list<std::string_view> allowed);

// A canonical xs:dateTime from a flag ("2026-11-25", "2026-11-25T18:00:00Z"); "" stays "".
Result<std::string> CheckDateTime(std::string_view flag, const std::string& value);

void PrintJson(const nlohmann::json& value);

// A member as table text: strings as they are, numbers and booleans printed,
// null or missing as "".
std::string Text(const nlohmann::json& object, std::string_view key);
int64_t Count(const nlohmann::json& object, std::string_view key);
// "a, b" from a list of names: strings, or objects with title, name or path.
std::string Names(const nlohmann::json& list);
// The list under `key` of an answer, or the answer itself when it is a list.
const nlohmann::json& ListOf(const nlohmann::json& answer, std::string_view key);

// Status counts as WSUS shows them: needed (not installed, downloaded,
// installed pending reboot), failed, installed or not applicable, no status.
struct StatusSummary {
  int64_t needed = 0;
  int64_t failed = 0;
  int64_t installed_or_not_applicable = 0;
  int64_t no_status = 0;
};
StatusSummary SummarizeStatus(const nlohmann::json& counts);

// Runs `action` for each id and prints "<verb>  <id>  <detail>" or
// "error  <id>  <message>" per id, then a summary line (for one id, just its
// line or "error: <message>" on stderr). Stops at the first failure that
// would fail every id (connection, token). Returns the exit code: 0 when all
// succeeded, else that of the first failure (2 for a 400 answer, else 1).
int ForEachId(const std::vector<std::string>& ids, std::string_view noun, std::string_view verb,
              const std::function<Result<std::string>(const std::string& id)>& action);

}  // namespace openwsus::cli

#endif  // OPENWSUS_CLI_API_SUPPORT_H_
