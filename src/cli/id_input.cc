#include "cli/id_input.h"

#include <cctype>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "common/guid.h"
#include "common/strings.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

const char* Noun(IdKind kind) { return kind == IdKind::kUpdate ? "update" : "computer"; }
const char* ListKey(IdKind kind) { return kind == IdKind::kUpdate ? "updates" : "computers"; }

// Members that hold the id of an object of this kind, in order of preference.
std::vector<const char*> IdKeys(IdKind kind) {
  if (kind == IdKind::kUpdate) return {"update_id"};
  return {"id", "computer_id"};
}

Result<std::string> Canonical(std::string_view text, IdKind kind, const std::string& where) {
  auto id = Guid::Parse(text);
  if (!id.ok()) {
    return Status::InvalidArgument(where + ": '" + std::string(text.substr(0, 64)) + "' is not " +
                                   (kind == IdKind::kUpdate ? "an update id" : "a computer id"));
  }
  return id->ToString();
}

Result<std::string> IdOfItem(const json& item, IdKind kind, const std::string& where) {
  if (item.is_string()) return Canonical(item.get<std::string>(), kind, where);
  if (item.is_object()) {
    for (const char* key : IdKeys(kind)) {
      auto it = item.find(key);
      if (it != item.end() && it->is_string()) return Canonical(it->get<std::string>(), kind, where);
    }
    return Status::InvalidArgument(where + " has no \"" + IdKeys(kind).front() + "\": is it a list of " +
                                   ListKey(kind) + "?");
  }
  return Status::InvalidArgument(where + " is neither an id nor an object");
}

Result<std::vector<std::string>> ParseJson(const json& value, IdKind kind) {
  const json* items = &value;
  json single;
  if (value.is_object()) {
    auto list = value.find(ListKey(kind));
    if (list != value.end()) {
      if (!list->is_array()) return Status::InvalidArgument(std::string("\"") + ListKey(kind) + "\" is not a list");
      items = &*list;
    } else {
      single = json::array({value});  // one object, as `update show --json` prints
      items = &single;
    }
  }
  std::vector<std::string> ids;
  for (size_t i = 0; i < items->size(); ++i) {
    OW_ASSIGN_OR_RETURN(std::string id, IdOfItem((*items)[i], kind, "item " + std::to_string(i + 1)));
    ids.push_back(std::move(id));
  }
  return ids;
}

Result<std::vector<std::string>> ParseLines(std::string_view text, IdKind kind) {
  std::vector<std::string> ids;
  size_t line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    line = Trim(line, " \t\n\v\f\r");
    if (line.empty()) continue;
    OW_ASSIGN_OR_RETURN(std::string id, Canonical(line, kind, "line " + std::to_string(line_number)));
    ids.push_back(std::move(id));
  }
  return ids;
}

void AppendUnique(std::vector<std::string>* out, std::set<std::string>* seen, std::vector<std::string> ids) {
  for (auto& id : ids) {
    if (seen->insert(id).second) out->push_back(std::move(id));
  }
}

}  // namespace

Result<std::vector<std::string>> ParseIdList(std::string_view text, IdKind kind) {
  size_t first = text.find_first_not_of(" \t\r\n");
  std::vector<std::string> ids;
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) return Status::InvalidArgument("the input looks like JSON but does not parse");
    OW_ASSIGN_OR_RETURN(ids, ParseJson(value, kind));
  } else {
    OW_ASSIGN_OR_RETURN(ids, ParseLines(text, kind));
  }
  std::vector<std::string> unique;
  std::set<std::string> seen;
  AppendUnique(&unique, &seen, std::move(ids));
  return unique;
}

Result<std::vector<std::string>> CollectIds(const std::vector<std::string>& args, IdKind kind, const IdSource& source) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  bool read_stdin = false;
  for (const std::string& arg : args) {
    if (arg == "-") {
      read_stdin = true;
      continue;
    }
    OW_ASSIGN_OR_RETURN(std::string id, Canonical(arg, kind, "argument"));
    AppendUnique(&ids, &seen, {id});
  }
  if (args.empty()) {
    if (!source.implicit_stdin || source.in_is_terminal || source.in == nullptr) {
      return Status::InvalidArgument(std::string("no ") + Noun(kind) + " ids: give them as arguments, or - to read " +
                                     "them (or the output of `" + Noun(kind) + " list --json`) from standard input");
    }
    read_stdin = true;
  }
  if (read_stdin) {
    if (source.in == nullptr) return Status::Internal("no standard input stream");
    std::string text((std::istreambuf_iterator<char>(*source.in)), std::istreambuf_iterator<char>());
    if (source.in->bad()) return Status::IoError("cannot read standard input");
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Status::InvalidArgument(std::string("standard input is empty: expected ") + Noun(kind) +
                                     " ids, one per line, or the output of `" + Noun(kind) + " list --json`");
    }
    auto parsed = ParseIdList(text, kind);
    if (!parsed.ok()) return parsed.status().WithContext("standard input");
    AppendUnique(&ids, &seen, std::move(parsed).value());
  }
  return ids;
}

}  // namespace openwsus::cli
