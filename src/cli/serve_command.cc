// `openwsus serve`: runs the update server until SIGTERM or SIGINT.
#include <memory>
#include <string>

#include "app/data_dir.h"
#include "app/server_app.h"
#include "app/server_config.h"
#include "app/version.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "common/log.h"

namespace openwsus::cli {
namespace {

// Flag text as typed. The values are strings on purpose: ServerConfig parses
// them, so a bad one gets our message and exit code 2 instead of CLI11's.
struct ServeFlags {
  std::string http_port, https_port, bind, tls_cert, tls_key, max_body_bytes;
  CLI::Option* http_port_option = nullptr;
  CLI::Option* https_port_option = nullptr;
  CLI::Option* bind_option = nullptr;
  CLI::Option* tls_cert_option = nullptr;
  CLI::Option* tls_key_option = nullptr;
  CLI::Option* max_body_bytes_option = nullptr;

  app::ServerFlags ToServerFlags() const {
    app::ServerFlags flags;
    auto take = [](const CLI::Option* option, const std::string& value) {
      return option->count() > 0 ? std::optional<std::string>(value) : std::nullopt;
    };
    flags.http_port = take(http_port_option, http_port);
    flags.https_port = take(https_port_option, https_port);
    flags.bind_address = take(bind_option, bind);
    flags.tls_cert_file = take(tls_cert_option, tls_cert);
    flags.tls_key_file = take(tls_key_option, tls_key);
    flags.max_body_bytes = take(max_body_bytes_option, max_body_bytes);
    return flags;
  }
};

int RunServe(const ServeFlags& flags, const CommandContext& context) {
  log::SetQuiet(context.globals.quiet);
  auto config = app::ServerConfig::Load(context.globals, flags.ToServerFlags());
  if (!config.ok()) return ReportError(config.status());
  app::DataDir data_dir(context.globals.data_dir.empty() ? app::DataDir::DefaultRoot() : context.globals.data_dir);
  app::ServerApp server(std::move(data_dir), std::move(config).value(), std::string(app::Version()));
  Status status = server.Run();
  if (!status.ok()) return ReportError(status);
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App* command, CommandContext* context) {
  auto flags = std::make_shared<ServeFlags>();
  flags->http_port_option =
      command->add_option("--http-port", flags->http_port, "HTTP port (default 8530; 0 picks a free port)");
  flags->https_port_option = command->add_option("--https-port", flags->https_port,
                                                 "HTTPS port, served when --tls-cert and --tls-key "
                                                 "are set (default 8531; 0 picks a free port)");
  flags->bind_option = command->add_option("--bind", flags->bind, "Address to listen on (default 0.0.0.0)");
  flags->tls_cert_option =
      command->add_option("--tls-cert", flags->tls_cert, "PEM certificate (chain) file; enables HTTPS with --tls-key");
  flags->tls_key_option = command->add_option("--tls-key", flags->tls_key, "PEM private key file for --tls-cert");
  flags->max_body_bytes_option =
      command->add_option("--max-body-bytes", flags->max_body_bytes,
                          "Largest request body accepted; larger ones get 413 (default 8388608)");
  command->footer(
      "Settings may also come from a JSON config file (--config, or <data dir>/openwsus.json);\n"
      "flags override it. Where the server listens is printed and written to <data "
      "dir>/ports.json.");
  command->callback([flags, context] { context->exit_code = RunServe(*flags, *context); });
}

}  // namespace openwsus::cli
