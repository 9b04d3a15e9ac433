// Options every `openwsus` subcommand shares, filled by the CLI before a
// subcommand runs.
#ifndef OPENWSUS_APP_GLOBAL_OPTIONS_H_
#define OPENWSUS_APP_GLOBAL_OPTIONS_H_

#include <string>

namespace openwsus::app {

struct GlobalOptions {
  std::string data_dir;     // --data-dir; empty means DataDir::DefaultRoot()
  std::string config_file;  // --config; empty means <data dir>/openwsus.json if present
  bool quiet = false;       // --quiet: no progress bars or info logs
};

}  // namespace openwsus::app

#endif  // OPENWSUS_APP_GLOBAL_OPTIONS_H_
