// ConnectionSettings: which server the CLI's API commands talk to and with
// which token, and where each came from (for error messages).
//
// Each of server, token and CA file is taken, independently, from the first
// place that has it:
//   1. the global flags --server, --token, --ca-file;
//   2. the environment: OPENWSUS_SERVER, OPENWSUS_TOKEN, OPENWSUS_CA_FILE;
//   3. <data dir>/cli.json: {"server": "...", "token": "...", "ca_file": "..."};
//   4. the server only: <data dir>/ports.json, which a running `openwsus serve`
//      writes ({"http_port": N}), as http://127.0.0.1:N.
// Empty values count as absent. Resolution reads files but sends nothing;
// a missing server or token is reported only when a command needs it.
#ifndef OPENWSUS_CLI_CONNECTION_SETTINGS_H_
#define OPENWSUS_CLI_CONNECTION_SETTINGS_H_

#include <functional>
#include <optional>
#include <string>

#include "common/result.h"

namespace openwsus::cli {

struct ConnectionFlags {
  std::string server;   // --server
  std::string token;    // --token
  std::string ca_file;  // --ca-file
};

struct ConnectionSettings {
  std::string server;         // URL text; empty when none was found
  std::string server_source;  // "--server", "OPENWSUS_SERVER", a file path
  std::string token;
  std::string token_source;
  std::string ca_file;
  std::string data_dir;
  // A server or a token came from the flags, the environment or cli.json: the
  // administrator means to use the API, so commands that can work either on
  // the local database or through the API (update list, product list, ...)
  // choose the API. ports.json alone does not count.
  bool explicitly_configured = false;

  // OK when both server and token are known; otherwise an error that says
  // how to provide the missing one.
  Status CheckComplete() const;
};

// Returns the value of an environment variable, or nullopt.
using GetEnvFn = std::function<std::optional<std::string>(const char* name)>;
GetEnvFn ProcessEnvironment();

// Fails only for a cli.json or ports.json that exists but cannot be read or
// is not the JSON object it should be.
Result<ConnectionSettings> ResolveConnectionSettings(const ConnectionFlags& flags, const GetEnvFn& getenv,
                                                     const std::string& data_dir);

// The path of the CLI's own configuration file in `data_dir`.
std::string CliConfigPath(const std::string& data_dir);

}  // namespace openwsus::cli

#endif  // OPENWSUS_CLI_CONNECTION_SETTINGS_H_
