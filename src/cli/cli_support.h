// Helpers the CLI's subcommands share: opening the local store named by the
// global flags, reporting errors, printing tables, resolving category names.
#ifndef OPENWSUS_CLI_CLI_SUPPORT_H_
#define OPENWSUS_CLI_CLI_SUPPORT_H_

#include <memory>
#include <string>
#include <vector>

#include "app/global_options.h"
#include "common/result.h"
#include "store/store.h"

namespace openwsus::cli {

// Opens (creating if needed) the store in the data directory of `globals`.
Result<std::unique_ptr<store::Store>> OpenLocalStore(const app::GlobalOptions& globals);

// Prints "error: <message>" on stderr and returns the exit code for it
// (2 for bad arguments, 1 otherwise).
int ReportError(const Status& status);

// Prints rows as aligned columns; the first row is the header. Line breaks
// and runs of spaces in a cell become one space, except leading spaces,
// which indent tree rows.
void PrintTable(const std::vector<std::vector<std::string>>& rows);

// Finds a category of `type` by update id, exact title or unique title
// substring, all case-insensitive ("security" finds "Security Updates").
Result<store::CategoryNode> ResolveCategory(store::Store* store, catalog::CategoryType type,
                                            const std::string& name_or_id);

}  // namespace openwsus::cli

#endif  // OPENWSUS_CLI_CLI_SUPPORT_H_
