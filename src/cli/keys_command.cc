// `openwsus keys list|rotate|drop-previous`: the client cookie keys of a
// running server, through the administration API. Rotating without keeping
// the old key (or dropping it after a grace period) revokes every client
// cookie: clients answer InvalidCookie with a new handshake.
#include <iostream>
#include <memory>

#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

void PrintKeys(const json& keys) {
  std::string versions;
  for (const json& v : keys.value("versions", json::array())) versions += (versions.empty() ? "" : ", ") + v.dump();
  PrintTable({{"current version:", keys.value("current_version", json(0)).dump()}, {"versions held:", versions}});
}

int Run(const std::string& path, const json& body, bool post, bool as_json, const CommandContext& context) {
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  auto keys = post ? api->Post(path, body) : api->Get(path);
  if (!keys.ok()) return ReportError(keys.status());
  if (as_json) {
    PrintJson(*keys);
  } else {
    PrintKeys(*keys);
  }
  return 0;
}

}  // namespace

void AddKeysCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto as_json = std::make_shared<bool>(false);
  auto drop = std::make_shared<bool>(false);
  CLI::App* list = command->add_subcommand("list", "Show the key versions the server holds");
  list->add_flag("--json", *as_json, "JSON for scripts");
  list->callback([=] { context->exit_code = Run("/cookie-keys", json(), false, *as_json, *context); });
  CLI::App* rotate = command->add_subcommand("rotate", "Seal new cookies with a new key; old cookies still open");
  rotate->add_flag("--drop-previous", *drop, "drop the old keys now: every client cookie becomes invalid");
  rotate->add_flag("--json", *as_json, "JSON for scripts");
  rotate->callback([=] {
    context->exit_code = Run("/cookie-keys/rotate", json{{"keep_previous", !*drop}}, true, *as_json, *context);
  });
  CLI::App* drop_previous = command->add_subcommand("drop-previous", "Drop every key but the current one");
  drop_previous->add_flag("--json", *as_json, "JSON for scripts");
  drop_previous->callback(
      [=] { context->exit_code = Run("/cookie-keys/drop-previous", json::object(), true, *as_json, *context); });
}

}  // namespace openwsus::cli
