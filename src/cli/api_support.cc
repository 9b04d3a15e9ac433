#include "cli/api_support.h"

#include <unistd.h>

#include <iostream>

#include "app/data_dir.h"
#include "cli/cli_support.h"
#include "common/date_time.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

// Failures after which every further call would fail the same way.
bool IsFatal(const Status& status) {
  switch (status.code()) {
    case StatusCode::kIoError:
    case StatusCode::kUnavailable:
    case StatusCode::kUnauthenticated:
    case StatusCode::kPermissionDenied:
    case StatusCode::kDataLoss:
      return true;
    default:
      return false;
  }
}

int ExitCode(const Status& status) { return status.code() == StatusCode::kInvalidArgument ? 2 : 1; }

}  // namespace

std::string DataDirRoot(const CommandContext& context) {
  return context.globals.data_dir.empty() ? app::DataDir::DefaultRoot() : context.globals.data_dir;
}

Result<ConnectionSettings> ResolveSettings(const CommandContext& context) {
  return ResolveConnectionSettings(context.connection, ProcessEnvironment(), DataDirRoot(context));
}

Result<bool> ApiConfigured(const CommandContext& context) {
  OW_ASSIGN_OR_RETURN(ConnectionSettings settings, ResolveSettings(context));
  return settings.explicitly_configured;
}

Result<ApiClient> ConnectApi(const CommandContext& context) {
  OW_ASSIGN_OR_RETURN(ConnectionSettings settings, ResolveSettings(context));
  return ApiClient::Create(settings);
}

Result<std::vector<std::string>> IdsFromArgs(const std::vector<std::string>& args, IdKind kind, bool implicit_stdin) {
  IdSource source;
  source.in = &std::cin;
  source.in_is_terminal = isatty(STDIN_FILENO) != 0;
  source.implicit_stdin = implicit_stdin;
  return CollectIds(args, kind, source);
}

Status CheckChoice(std::string_view flag, const std::string& value, std::initializer_list<std::string_view> allowed) {
  std::string list;
  size_t i = 0;
  for (std::string_view a : allowed) {
    if (value == a) return Status::Ok();
    list += std::string(i == 0 ? "" : (i + 1 == allowed.size() ? " or " : ", ")) + std::string(a);
    ++i;
  }
  return Status::InvalidArgument(std::string(flag) + " must be " + list + ", not '" + value + "'");
}

Result<std::string> CheckDateTime(std::string_view flag, const std::string& value) {
  if (value.empty()) return std::string();
  auto time = DateTime::Parse(value);
  if (!time.ok()) {
    return Status::InvalidArgument(std::string(flag) + " must be a UTC date or time such as 2026-11-25 or " +
                                   "2026-11-25T18:00:00Z, not '" + value + "'");
  }
  return time->ToString();
}

void PrintJson(const json& value) { std::cout << value.dump(2) << "\n"; }

std::string Text(const json& object, std::string_view key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_boolean()) return it->get<bool>() ? "yes" : "no";
  return it->dump();
}

int64_t Count(const json& object, std::string_view key) {
  if (!object.is_object()) return 0;
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<int64_t>() : 0;
}

std::string Names(const json& list) {
  if (!list.is_array()) return list.is_string() ? list.get<std::string>() : "";
  std::string out;
  for (const json& item : list) {
    std::string name;
    if (item.is_string()) {
      name = item.get<std::string>();
    } else {
      for (const char* key : {"title", "name", "path", "id"}) {
        name = Text(item, key);
        if (!name.empty()) break;
      }
    }
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

const json& ListOf(const json& answer, std::string_view key) {
  static const json kEmpty = json::array();
  if (answer.is_array()) return answer;
  if (answer.is_object()) {
    auto it = answer.find(key);
    if (it != answer.end() && it->is_array()) return *it;
  }
  return kEmpty;
}

StatusSummary SummarizeStatus(const json& counts) {
  StatusSummary s;
  s.needed = Count(counts, "not_installed") + Count(counts, "downloaded") + Count(counts, "installed_pending_reboot");
  s.failed = Count(counts, "failed");
  s.installed_or_not_applicable = Count(counts, "installed") + Count(counts, "not_applicable");
  s.no_status = Count(counts, "unknown");
  return s;
}

int ForEachId(const std::vector<std::string>& ids, std::string_view noun, std::string_view verb,
              const std::function<Result<std::string>(const std::string& id)>& action) {
  if (ids.empty()) {
    std::cerr << "nothing to do: no " << noun << "s given\n";
    return 0;
  }
  if (ids.size() == 1) {  // one id: its result, or the error as every command prints it
    Result<std::string> detail = action(ids.front());
    if (!detail.ok()) return ReportError(detail.status());
    PrintTable({{std::string(verb), ids.front(), *detail}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  size_t done = 0;
  size_t failed = 0;
  Status first_failure;
  for (const std::string& id : ids) {
    Result<std::string> detail = action(id);
    if (detail.ok()) {
      rows.push_back({std::string(verb), id, *detail});
      ++done;
      continue;
    }
    if (IsFatal(detail.status())) {
      // Nothing more can succeed; say so once instead of once per id.
      if (!rows.empty()) PrintTable(rows);
      std::cerr << "error: " << detail.status().message() << "\n";
      if (done > 0) std::cerr << done << " of " << ids.size() << " " << noun << "s " << verb << " before the error\n";
      return 1;
    }
    rows.push_back({"error", id, detail.status().message()});
    if (failed++ == 0) first_failure = detail.status();
  }
  PrintTable(rows);
  std::cout << ids.size() << " " << noun << "s: " << done << " " << verb
            << (failed ? ", " + std::to_string(failed) + " failed" : "") << "\n";
  if (failed > 0) {
    std::cerr << "error: " << failed << " of " << ids.size() << " " << noun << "s failed\n";
    return ExitCode(first_failure);
  }
  return 0;
}

}  // namespace openwsus::cli
