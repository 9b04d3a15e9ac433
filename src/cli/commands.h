// The `openwsus` subcommands. Each AddXxxCommand declares its flags on the
// CLI11 subcommand it is given and sets the callback that runs it; main.cc holds
// the one table of {name, help, add function} that builds the command line.
#ifndef OPENWSUS_CLI_COMMANDS_H_
#define OPENWSUS_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "app/global_options.h"
#include "cli/connection_settings.h"

namespace openwsus::cli {

struct CommandContext {
  app::GlobalOptions globals;
  ConnectionFlags connection;  // --server, --token, --ca-file
  int exit_code = 0;           // set by a command's callback
};

using AddCommandFn = void (*)(CLI::App* command, CommandContext* context);

struct CommandSpec {
  const char* name;
  const char* help;
  AddCommandFn add;
};

void AddServeCommand(CLI::App* command, CommandContext* context);           // serve_command.cc
void AddImportCommand(CLI::App* command, CommandContext* context);          // import_command.cc
void AddUpdateCommand(CLI::App* command, CommandContext* context);          // update_command.cc
void AddProductCommand(CLI::App* command, CommandContext* context);         // category_commands.cc
void AddClassificationCommand(CLI::App* command, CommandContext* context);  // category_commands.cc
void AddComputerCommand(CLI::App* command, CommandContext* context);        // computer_commands.cc
void AddGroupCommand(CLI::App* command, CommandContext* context);           // group_commands.cc
void AddRuleCommand(CLI::App* command, CommandContext* context);            // rule_commands.cc
void AddReportCommand(CLI::App* command, CommandContext* context);          // report_commands.cc
void AddAuditCommand(CLI::App* command, CommandContext* context);           // report_commands.cc
void AddSettingsCommand(CLI::App* command, CommandContext* context);        // settings_command.cc
void AddTokenCommand(CLI::App* command, CommandContext* context);           // token_command.cc
void AddKeysCommand(CLI::App* command, CommandContext* context);            // keys_command.cc
void AddAgentCommand(CLI::App* command, CommandContext* context);           // agent_command.cc
void AddServerCommand(CLI::App* command, CommandContext* context);          // server_commands.cc

// The API subcommands of `update` (approve, decline, undecline, accept-eula),
// which AddUpdateCommand adds. In update_admin_commands.cc.
void AddUpdateAdminCommands(CLI::App* update, CommandContext* context);

}  // namespace openwsus::cli

#endif  // OPENWSUS_CLI_COMMANDS_H_
