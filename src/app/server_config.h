// ServerConfig: the settings of `openwsus serve`, from three layers, later
// ones winning: built-in defaults (HttpServerOptions), the JSON config file,
// then command-line flags.
//
// The config file is --config FILE when given (it must exist), else the data
// directory's openwsus.json when present. It holds one JSON object; every key
// is optional:
//
//   {
//     "bind_address": "0.0.0.0",
//     "http_port": 8530,              // 0 picks a free port
//     "https_port": 8531,             // used only with both TLS files
//     "tls_cert_file": "cert.pem",    // relative paths are relative to the file
//     "tls_key_file": "key.pem",
//     "max_body_bytes": 8388608,
//     "max_header_bytes": 16384,
//     "max_connections": 900,
//     "io_threads": 0,                // 0: one per hardware thread
//     "handler_threads": 0,           // 0: 32 per hardware thread, at least 128
//     "read_timeout_seconds": 30,     // numbers; fractions allowed
//     "idle_timeout_seconds": 120,
//     "shutdown_timeout_seconds": 10,
//     "sync_page_size": 30,           // UpdateInfos per SyncUpdates page (real WSUS: 30)
//     "snapshot_poll_seconds": 2,     // how often the scan snapshot looks for other processes' writes
//     "client_write_timeout_seconds": 30  // a client write waiting longer for the store is ServerBusy
//   }
//
// An unknown key or a value of the wrong type is an error that names the file
// and the key: a misspelt setting silently ignored would be worse.
//
// A plain value type.
#ifndef OPENWSUS_APP_SERVER_CONFIG_H_
#define OPENWSUS_APP_SERVER_CONFIG_H_

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "app/global_options.h"
#include "common/result.h"
#include "http/http_server_options.h"

namespace openwsus::app {

// The serve command's flags as typed; nullopt when not given. They are parsed
// here rather than by the CLI library so that a bad value gets our message
// and exit code.
struct ServerFlags {
  std::optional<std::string> http_port;       // --http-port
  std::optional<std::string> https_port;      // --https-port
  std::optional<std::string> bind_address;    // --bind
  std::optional<std::string> tls_cert_file;   // --tls-cert
  std::optional<std::string> tls_key_file;    // --tls-key
  std::optional<std::string> max_body_bytes;  // --max-body-bytes
};

struct ServerConfig {
  http::HttpServerOptions http;
  size_t sync_page_size = 30;
  std::chrono::milliseconds snapshot_poll_interval{2000};
  // How long a client's report or registration may wait for the store
  // before the client hears ServerBusy (and sends it again later).
  std::chrono::milliseconds client_write_timeout{30000};

  // Defaults, then the config file that `globals` names or implies, then
  // `flags`; then Validate(). Errors are InvalidArgument.
  static Result<ServerConfig> Load(const GlobalOptions& globals, const ServerFlags& flags);

  // Overrides the settings present in `json_text`. `source` names the file in
  // error messages; relative TLS paths are resolved against `base_dir`.
  Status ApplyJson(std::string_view json_text, const std::string& source, const std::string& base_dir);
  Status ApplyFlags(const ServerFlags& flags);
  // Checks what no single setting can: the TLS files come in pairs, the two
  // ports differ.
  Status Validate() const;
};

}  // namespace openwsus::app

#endif  // OPENWSUS_APP_SERVER_CONFIG_H_
