// The `openwsus` command: one table of subcommands (ninja's kTools pattern).
#include <cstdio>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "common/log.h"

namespace openwsus::cli {
namespace {

const CommandSpec kCommands[] = {
    {"serve", "Run the update server (HTTP 8530, HTTPS 8531 when a certificate is set)", AddServeCommand},
    {"import", "Import update metadata: a wsusutil export .cab, an update .xml, or a folder of them", AddImportCommand},
    {"update", "List, show, approve and decline updates", AddUpdateCommand},
    {"product", "List products; enable or disable them for synchronization", AddProductCommand},
    {"classification", "List update classifications; enable or disable them", AddClassificationCommand},
    {"computer", "List, show, remove computers; assign them to groups", AddComputerCommand},
    {"group", "List, add, remove and move computer groups", AddGroupCommand},
    {"rule", "Automatic approval rules", AddRuleCommand},
    {"report", "Update status counts per update, computer or group", AddReportCommand},
    {"audit", "The log of administrative changes", AddAuditCommand},
    {"settings", "Show and change the server's settings", AddSettingsCommand},
    {"token", "Create, list and revoke API tokens (on the local data directory)", AddTokenCommand},
    {"keys", "List and rotate the client cookie keys of the server", AddKeysCommand},
    {"server", "Downstream servers that sync from this one, and who may", AddServerCommand},
    {"agent", "Run the reference Windows Update Agent (one computer, or --fleet N) against a server", AddAgentCommand},
};

// The first word that is not a global option, or "" if none.
std::string FirstCommandWord(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--data-dir" || arg == "--config" || arg == "--server" || arg == "--token" || arg == "--ca-file") {
      ++i;  // skip the option's value
      continue;
    }
    if (!arg.starts_with("-")) return std::string(arg);
  }
  return "";
}

// CLI11 would say only "A subcommand is required" for a mistyped command.
bool IsKnownCommand(const std::string& word) {
  for (const CommandSpec& spec : kCommands) {
    if (word == spec.name) return true;
  }
  return false;
}

int Main(int argc, char** argv) {
  std::string word = FirstCommandWord(argc, argv);
  if (!word.empty() && !IsKnownCommand(word)) {
    std::string names;
    for (const CommandSpec& spec : kCommands) names += std::string(names.empty() ? "" : ", ") + spec.name;
    std::fprintf(stderr, "error: unknown command '%s' (commands: %s; see --help)\n", word.c_str(), names.c_str());
    return 2;
  }
  CLI::App app{"OpenWSUS: an update server that speaks the protocols of WSUS", "openwsus"};
  app.require_subcommand(1);
  app.set_version_flag("--version", OPENWSUS_VERSION);
  CommandContext context;
  app.add_option("--data-dir", context.globals.data_dir,
                 "Directory holding the database, content and keys "
                 "(default: $OPENWSUS_DATA_DIR, else ~/.local/share/openwsus)");
  app.add_option("--config", context.globals.config_file,
                 "Configuration file (default: <data dir>/openwsus.json when present)");
  app.add_flag("--quiet,-q", context.globals.quiet, "No progress bars or informational logs");
  app.add_option("--server", context.connection.server,
                 "Server for API commands, e.g. http://wsus.example:8530 (default: $OPENWSUS_SERVER, "
                 "else \"server\" in <data dir>/cli.json, else the `openwsus serve` running on the data dir)");
  app.add_option("--token", context.connection.token,
                 "API token (default: $OPENWSUS_TOKEN, else \"token\" in <data dir>/cli.json); "
                 "make one with `openwsus token create`");
  app.add_option("--ca-file", context.connection.ca_file,
                 "PEM file with the CA certificate of an https server (default: $OPENWSUS_CA_FILE, else "
                 "\"ca_file\" in cli.json, else the system's)");
  // Global options are accepted after the subcommand too:
  // `openwsus update list --server URL`.
  app.fallthrough();
  for (const CommandSpec& spec : kCommands) {
    spec.add(app.add_subcommand(spec.name, spec.help), &context);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every other parse error is a bad argument.
    return app.exit(e) == 0 ? 0 : 2;
  }
  return context.exit_code;
}

}  // namespace
}  // namespace openwsus::cli

int main(int argc, char** argv) { return openwsus::cli::Main(argc, argv); }
