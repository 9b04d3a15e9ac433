// `openwsus token create|list|revoke`: API tokens, made on the data directory
// itself (no server needed, so the first token can be made before any API
// call). Whoever can read the data directory is already the administrator.
#include <unistd.h>

#include <charconv>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "admin/authenticator.h"
#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "common/date_time.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

struct CreateOptions {
  std::string role;
  std::string name;
  bool json = false;
};

store::AuditEntry LocalAudit(std::string action, std::string target, const json& details) {
  store::AuditEntry entry;
  entry.time = DateTime::Now();
  entry.actor = "local";
  entry.action = std::move(action);
  entry.target = std::move(target);
  entry.details = details.dump();
  return entry;
}

int RunCreate(const CreateOptions& o, const CommandContext& context) {
  if (o.role.empty()) {
    return ReportError(
        Status::InvalidArgument("--role is required: administrator (may change anything) or reporter (may only read)"));
  }
  auto role = store::ParseTokenRole(o.role);
  if (!role) return ReportError(CheckChoice("--role", o.role, {"administrator", "reporter"}));
  auto secret = admin::NewTokenSecret();
  if (!secret.ok()) return ReportError(secret.status());
  std::string token = std::move(secret).value();

  store::ApiToken record;
  record.name = o.name.empty() ? o.role : o.name;
  record.role = *role;
  record.hash = admin::HashTokenSecret(token);
  // The first characters let an administrator recognise a token in listings.
  record.prefix = token.substr(0, 8);
  record.created = DateTime::Now();

  auto store = OpenLocalStore(context.globals);
  if (!store.ok()) return ReportError(store.status());
  int64_t id = 0;
  Status status = (*store)->Transaction([&]() -> Status {
    OW_ASSIGN_OR_RETURN(id, (*store)->AddToken(record));
    return (*store)->AppendAudit(LocalAudit(
        "token.create", std::to_string(id),
        {{"name", record.name}, {"role", std::string(store::TokenRoleName(record.role))}, {"prefix", record.prefix}}));
  });
  if (!status.ok()) return ReportError(status);

  if (o.json) {
    PrintJson({{"id", id},
               {"name", record.name},
               {"role", std::string(store::TokenRoleName(record.role))},
               {"prefix", record.prefix},
               {"created", record.created.ToString()},
               {"token", token}});
  } else {
    // The token alone on stdout, so that TOKEN=$(openwsus token create ...) works.
    std::cout << token << "\n";
  }
  if (!context.globals.quiet) {
    std::cerr << "Created " << store::TokenRoleName(record.role) << " token " << id << " (" << record.name
              << "). It is shown only this once: keep it. Use it with --token, OPENWSUS_TOKEN or "
              << CliConfigPath(DataDirRoot(context)) << ".\n";
  }
  return 0;
}

int RunList(bool as_json, const CommandContext& context) {
  auto store = OpenLocalStore(context.globals);
  if (!store.ok()) return ReportError(store.status());
  auto tokens = (*store)->ListTokens();
  if (!tokens.ok()) return ReportError(tokens.status());
  if (as_json) {
    json out = json::array();
    for (const auto& t : *tokens) {
      out.push_back({{"id", t.id},
                     {"name", t.name},
                     {"role", std::string(store::TokenRoleName(t.role))},
                     {"prefix", t.prefix},
                     {"created", t.created.ToString()},
                     {"revoked", t.revoked}});
    }
    PrintJson({{"tokens", out}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {{"ID", "NAME", "ROLE", "TOKEN", "CREATED", "STATE"}};
  for (const auto& t : *tokens) {
    rows.push_back({std::to_string(t.id), t.name, std::string(store::TokenRoleName(t.role)), t.prefix + "...",
                    t.created.ToString(), t.revoked ? "revoked" : "active"});
  }
  PrintTable(rows);
  std::cout << tokens->size() << " tokens\n";
  return 0;
}

int RunRevoke(const std::string& id_text, const CommandContext& context) {
  int64_t id = 0;
  auto [end, error] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (error != std::errc() || end != id_text.data() + id_text.size() || id < 1) {
    return ReportError(
        Status::InvalidArgument("token id must be a number as `token list` shows, not '" + id_text + "'"));
  }
  auto store = OpenLocalStore(context.globals);
  if (!store.ok()) return ReportError(store.status());
  Status status = (*store)->Transaction([&]() -> Status {
    OW_RETURN_IF_ERROR((*store)->RevokeToken(id));
    return (*store)->AppendAudit(LocalAudit("token.revoke", std::to_string(id), json::object()));
  });
  if (!status.ok()) return ReportError(status);
  std::cout << "revoked token " << id << "\n";
  return 0;
}

}  // namespace

void AddTokenCommand(CLI::App* command, CommandContext* context) {
  command->require_subcommand(1);
  auto create = std::make_shared<CreateOptions>();
  CLI::App* cr = command->add_subcommand("create", "Create an API token (printed once) on this data directory");
  cr->add_option("--role", create->role, "administrator (may change anything) or reporter (may only read)");
  cr->add_option("--name", create->name, "A label for listings and the audit log (default: the role)");
  cr->add_flag("--json", create->json, "JSON for scripts, the token included");
  cr->callback([create, context] { context->exit_code = RunCreate(*create, *context); });

  auto as_json = std::make_shared<bool>(false);
  CLI::App* ls = command->add_subcommand("list", "List API tokens (their first characters only)");
  ls->add_flag("--json", *as_json, "JSON for scripts");
  ls->callback([as_json, context] { context->exit_code = RunList(*as_json, *context); });

  auto revoke_id = std::make_shared<std::string>();
  CLI::App* rv = command->add_subcommand("revoke", "Revoke an API token");
  rv->add_option("id", *revoke_id, "Token id, as `token list` shows")->required();
  rv->callback([revoke_id, context] { context->exit_code = RunRevoke(*revoke_id, *context); });
}

}  // namespace openwsus::cli
