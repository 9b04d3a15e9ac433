// The `openwsus` subcommands. Each AddXxxCommand declares its flags on the
// CLI11 subcommand it is given and sets the callback that runs it; main.cc holds
// the one table of {name, help, add function} that builds the command line.
#ifndef OPENWSUS_CLI_COMMANDS_H_
#define OPENWSUS_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "app/global_options.h"

namespace openwsus::cli {

struct CommandContext {
  app::GlobalOptions globals;
  int exit_code = 0;  // set by a command's callback
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

}  // namespace openwsus::cli

#endif  // OPENWSUS_CLI_COMMANDS_H_
