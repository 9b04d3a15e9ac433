// `openwsus update approve|decline|undecline|accept-eula`: Approve-WsusUpdate
// and Deny-WsusUpdate through the administration API. Updates come as
// arguments or, with "-" (or when piped), as the output of `update list --json`.
#include <iostream>
#include <memory>

#include "cli/api_support.h"
#include "cli/cli_support.h"
#include "cli/commands.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

struct ApproveOptions {
  std::vector<std::string> ids;
  std::string action;
  std::string group;
  std::string deadline;
};

std::string UpdatePath(const std::string& id) { return "/updates/" + PercentEncode(id); }

// "Title (KB123)" from an Update answer, or "" when the answer has none.
std::string Describe(const json& update) {
  std::string title = Text(update, "title");
  std::string kb = Text(update, "kb_article_id");
  if (!kb.empty() && title.find("KB" + kb) == std::string::npos) {
    title += (title.empty() ? "" : " ") + std::string("(KB") + kb + ")";
  }
  return title;
}

int RunApprove(const ApproveOptions& o, const CommandContext& context) {
  if (o.action.empty()) {
    return ReportError(
        Status::InvalidArgument("--action is required: install, optional-install, uninstall or not-approved"));
  }
  Status action = CheckChoice("--action", o.action, {"install", "optional-install", "uninstall", "not-approved"});
  if (!action.ok()) return ReportError(action);
  if (o.group.empty())
    return ReportError(Status::InvalidArgument("--group is required: the computer group to approve for"));
  auto deadline = CheckDateTime("--deadline", o.deadline);
  if (!deadline.ok()) return ReportError(deadline.status());
  if (!deadline->empty() && o.action == "not-approved") {
    return ReportError(Status::InvalidArgument("--deadline cannot go with --action not-approved"));
  }
  auto ids = IdsFromArgs(o.ids, IdKind::kUpdate);
  if (!ids.ok()) return ReportError(ids.status());
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  json body = {{"action", o.action}, {"group", o.group}, {"deadline", nullptr}};
  if (!deadline->empty()) body["deadline"] = *deadline;
  std::string what = o.action + " for " + o.group + (deadline->empty() ? "" : ", deadline " + *deadline);
  return ForEachId(*ids, "update", "approved", [&](const std::string& id) -> Result<std::string> {
    OW_ASSIGN_OR_RETURN(json update, api->Post(UpdatePath(id) + "/approvals", body));
    std::string title = Describe(update);
    return title.empty() ? what : title + ": " + what;
  });
}

// decline, undecline and accept-eula: a POST with no body per update.
int RunSimple(const std::vector<std::string>& args, const std::string& suffix, const char* verb,
              const CommandContext& context) {
  auto ids = IdsFromArgs(args, IdKind::kUpdate);
  if (!ids.ok()) return ReportError(ids.status());
  auto api = ConnectApi(context);
  if (!api.ok()) return ReportError(api.status());
  return ForEachId(*ids, "update", verb, [&](const std::string& id) -> Result<std::string> {
    OW_ASSIGN_OR_RETURN(json update, api->Post(UpdatePath(id) + suffix));
    return Describe(update);
  });
}

void AddSimple(CLI::App* update, CommandContext* context, const char* name, const char* help, std::string suffix,
               const char* verb) {
  auto ids = std::make_shared<std::vector<std::string>>();
  CLI::App* command = update->add_subcommand(name, help);
  command->add_option("ids", *ids, "Update ids; - (or a pipe) reads `update list --json` output or ids from stdin");
  command->callback([ids, suffix, verb, context] { context->exit_code = RunSimple(*ids, suffix, verb, *context); });
}

}  // namespace

void AddUpdateAdminCommands(CLI::App* update, CommandContext* context) {
  auto approve = std::make_shared<ApproveOptions>();
  CLI::App* ap = update->add_subcommand("approve", "Approve updates for a computer group (Approve-WsusUpdate)");
  ap->add_option("ids", approve->ids,
                 "Update ids; - (or a pipe) reads `update list --json` output or ids from standard input");
  ap->add_option("--action", approve->action, "install, optional-install, uninstall or not-approved (required)");
  ap->add_option("--group", approve->group, "Computer group: name, path (Workstations/Lab) or id (required)");
  ap->add_option("--deadline", approve->deadline, "Install by this UTC time, e.g. 2026-11-25T18:00:00Z");
  ap->callback([approve, context] { context->exit_code = RunApprove(*approve, *context); });

  AddSimple(update, context, "decline", "Decline updates: remove their approvals and hide them (Deny-WsusUpdate)",
            "/decline", "declined");
  AddSimple(update, context, "undecline", "Make declined updates approvable again", "/undecline", "undeclined");

  auto eula = std::make_shared<std::string>();
  CLI::App* accept =
      update->add_subcommand("accept-eula", "Accept the license terms of an update, so it can be approved");
  accept->add_option("id", *eula, "Update id")->required();
  accept->callback([eula, context] { context->exit_code = RunSimple({*eula}, "/accept-eula", "accepted", *context); });
}

}  // namespace openwsus::cli
