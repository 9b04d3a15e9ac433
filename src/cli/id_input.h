// Update and computer ids given to a command on its command line or piped in
// on standard input, the way PowerShell pipes Get-WsusUpdate into
// Approve-WsusUpdate:
//
//   openwsus update list --approval unapproved --json |
//     openwsus update approve --action install --group Workstations -
//
// Standard input may hold what the list commands print with --json (the API's
// {"updates": [...]} or {"computers": [...]}, the local `update list --json`
// array of {"update_id": ...}, one such object), a JSON array of id strings,
// or plain text with one id per line (blank lines and # comments skipped).
#ifndef OPENWSUS_CLI_ID_INPUT_H_
#define OPENWSUS_CLI_ID_INPUT_H_

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace openwsus::cli {

enum class IdKind { kUpdate, kComputer };

// The ids in `text`, canonical lower-case GUIDs, duplicates dropped, in order.
Result<std::vector<std::string>> ParseIdList(std::string_view text, IdKind kind);

struct IdSource {
  std::istream* in = nullptr;  // standard input
  bool in_is_terminal = true;  // then it is never read without an explicit "-"
  // Read standard input when no ids are given and it is not a terminal.
  bool implicit_stdin = true;
};

// The ids of `args`, where an argument "-" stands for the ids on standard
// input. Errors: no arguments and no standard input to read; standard input
// that is empty (the command before it in the pipe probably failed). A JSON
// list with no items is fine and gives no ids: the filter upstream matched
// nothing, and a nightly script should not fail for it.
Result<std::vector<std::string>> CollectIds(const std::vector<std::string>& args, IdKind kind, const IdSource& source);

}  // namespace openwsus::cli

#endif  // OPENWSUS_CLI_ID_INPUT_H_
