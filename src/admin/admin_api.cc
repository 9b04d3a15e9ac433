#include "admin/admin_api.h"

#include "admin/api_error.h"
#include "common/log.h"
#include "store/settings_keys.h"

namespace openwsus::admin {
namespace {

using nlohmann::json;

constexpr std::string_view kPrefix = "/api/v1/";

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%') {
      int hi = i + 2 < text.size() ? HexDigit(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? HexDigit(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) return Status::InvalidArgument("malformed percent-encoding in the URL");
      out += static_cast<char>(hi << 4 | lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::vector<std::string>> SplitPath(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view part =
        path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!part.empty()) {
      OW_ASSIGN_OR_RETURN(std::string decoded, PercentDecode(part, false));
      segments.push_back(std::move(decoded));
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

Result<std::map<std::string, std::string>> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    std::string_view pair = query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    size_t eq = pair.find('=');
    OW_ASSIGN_OR_RETURN(std::string key, PercentDecode(pair.substr(0, eq), true));
    std::string value;
    if (eq != std::string_view::npos) {
      OW_ASSIGN_OR_RETURN(value, PercentDecode(pair.substr(eq + 1), true));
    }
    if (!key.empty()) out[key] = value;
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

Result<ApiCall> ParseCall(const http::HttpRequest& request) {
  ApiCall call;
  call.method = request.method;
  std::string_view path = request.path;
  path.remove_prefix(std::min(path.size(), kPrefix.size()));
  OW_ASSIGN_OR_RETURN(call.segments, SplitPath(path));
  OW_ASSIGN_OR_RETURN(call.query, ParseQuery(request.query));
  if (!request.body.empty()) {
    call.body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (call.body.is_discarded() || !call.body.is_object()) {
      return Status::InvalidArgument("the request body must be a JSON object");
    }
  }
  return call;
}

}  // namespace

AdminApi::AdminApi(store::Store* store, policy::StatusMatrix* status) : store_(store), status_(status) {}

void AdminApi::Register(http::Router* router) {
  for (const char* method : {"GET", "POST", "PUT", "DELETE"}) {
    router->AddPrefix(method, kPrefix, [this](const http::HttpRequest& r) { return Handle(r); });
  }
}

void AdminApi::SetChangeListener(std::function<void()> listener) {
  std::lock_guard<std::mutex> lock(mu_);
  on_change_ = std::move(listener);
}

void AdminApi::ApplyStatus(const std::vector<ReportedStatus>& reports, const std::vector<Guid>& new_computers) {
  std::lock_guard<std::mutex> lock(mu_);
  if (status_ == nullptr) return;
  for (const Guid& c : new_computers) status_->AddComputer(c);
  for (const ReportedStatus& r : reports) {
    policy::StatusMatrix::Index computer = status_->AddComputer(r.computer_id);
    if (r.snapshot) status_->Reset(computer, policy::InstallationState::kNotApplicable);
    for (const auto& [update, state] : r.states) {
      auto u = status_->FindUpdate(update);
      if (!u) continue;  // not an update the console counts
      policy::InstallationState now = status_->Get(computer, *u);
      bool installed =
          now == policy::InstallationState::kInstalled || now == policy::InstallationState::kInstalledPendingReboot;
      if (r.unless_installed && installed) continue;
      status_->Set(computer, *u, state);
    }
  }
}

void AdminApi::SetCookieKeys(KeyRing* keys) {
  std::lock_guard<std::mutex> lock(mu_);
  cookie_keys_ = keys;
}

void AdminApi::AddUpdates(const std::vector<Guid>& updates) {
  std::lock_guard<std::mutex> lock(mu_);
  if (status_ == nullptr) return;
  for (const Guid& u : updates) status_->AddUpdate(u);
}

http::HttpResponse AdminApi::Handle(const http::HttpRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  auto principal = Authenticate(store_, request);
  if (!principal.ok()) return ErrorResponse(principal.status());
  if (request.method != "GET" && principal->role != store::TokenRole::kAdministrator) {
    return ErrorResponse(Status::PermissionDenied("a reporter token may only read; this needs an administrator token"));
  }
  auto call = ParseCall(request);
  if (!call.ok()) return ErrorResponse(call.status());
  call->principal = *principal;
  int http_status = 200;
  auto body = Dispatch(*call, &http_status);
  if (!body.ok()) return ErrorResponse(body.status());
  return JsonResponse(http_status, *body);
}

Result<nlohmann::json> AdminApi::Dispatch(const ApiCall& call, int* http_status) {
  const auto& s = call.segments;
  const std::string& m = call.method;
  size_t n = s.size();
  auto is = [&](size_t size, std::initializer_list<const char*> words) {
    if (n != size) return false;
    size_t i = 0;
    for (const char* w : words) {
      if (*w != '*' && s[i] != w) return false;
      ++i;
    }
    return true;
  };
  if (m == "GET" && is(1, {"updates"})) return ListUpdates(call);
  if (m == "GET" && is(2, {"updates", "*"})) return GetUpdate(s[1]);
  if (m == "GET" && is(3, {"computers", "*", "events"})) return ListComputerEvents(call, s[1]);
  if (m == "POST" && is(3, {"updates", "*", "approvals"})) return Approve(call, s[1]);
  if (m == "POST" && is(3, {"updates", "*", "decline"})) return Decline(call, s[1], true);
  if (m == "POST" && is(3, {"updates", "*", "undecline"})) return Decline(call, s[1], false);
  if (m == "POST" && is(3, {"updates", "*", "accept-eula"})) return AcceptEula(call, s[1]);
  if (m == "GET" && is(1, {"groups"})) return ListGroups();
  if (m == "POST" && is(1, {"groups"})) {
    *http_status = 201;
    return AddGroup(call);
  }
  // A group may be named by its path ("Workstations/Lab"): the segments
  // between "groups" and the verb are the name.
  auto joined = [&](size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to; ++i) out += (out.empty() ? "" : "/") + s[i];
    return out;
  };
  if (m == "DELETE" && n >= 2 && s[0] == "groups") return RemoveGroup(call, joined(1, n));
  if (m == "POST" && n >= 3 && s[0] == "groups" && s[n - 1] == "move") return MoveGroup(call, joined(1, n - 1));
  if (m == "GET" && is(1, {"computers"})) return ListComputers(call);
  if (m == "GET" && is(2, {"computers", "*"})) return GetComputer(s[1]);
  if (m == "DELETE" && is(2, {"computers", "*"})) return RemoveComputer(call, s[1]);
  if (m == "POST" && is(3, {"computers", "*", "groups"})) {
    std::string group = call.body.is_object() && call.body.contains("group") && call.body["group"].is_string()
                            ? call.body["group"].get<std::string>()
                            : "";
    return AssignComputer(call, s[1], group, true);
  }
  if (m == "DELETE" && is(4, {"computers", "*", "groups", "*"})) return AssignComputer(call, s[1], s[3], false);
  for (auto [word, type] : {std::pair{"products", catalog::CategoryType::kProduct},
                            std::pair{"classifications", catalog::CategoryType::kUpdateClassification}}) {
    if (m == "GET" && is(1, {word})) return ListCategories(type);
    if (m == "POST" && is(3, {word, "*", "enable"})) return EnableCategory(call, type, s[1], true);
    if (m == "POST" && is(3, {word, "*", "disable"})) return EnableCategory(call, type, s[1], false);
  }
  if (m == "GET" && is(1, {"rules"})) return ListRules();
  if (m == "POST" && is(1, {"rules"})) {
    *http_status = 201;
    return AddRule(call);
  }
  if (m == "DELETE" && is(2, {"rules", "*"})) return RemoveRule(call, s[1]);
  if (m == "POST" && is(3, {"rules", "*", "run"})) return RunRule(call, s[1]);
  if (m == "GET" && is(1, {"settings"})) return GetSettings();
  if (m == "PUT" && is(1, {"settings"})) return PutSettings(call);
  if (m == "GET" && is(2, {"reports", "*"})) return Report(s[1]);
  if (m == "GET" && is(1, {"audit"})) return ListAudit(call);
  if (m == "GET" && is(1, {"downstream-servers"})) return ListDownstreamServers();
  if (m == "POST" && is(2, {"downstream-servers", "allow-list"})) {
    std::string id = call.body.is_object() && call.body.contains("id") && call.body["id"].is_string()
                         ? call.body["id"].get<std::string>()
                         : "";
    return AllowDownstream(call, id, true);
  }
  if (m == "DELETE" && is(3, {"downstream-servers", "allow-list", "*"})) return AllowDownstream(call, s[2], false);
  if (m == "GET" && is(1, {"cookie-keys"})) return CookieKeys();
  if (m == "POST" && is(2, {"cookie-keys", "rotate"})) return RotateCookieKeys(call, false);
  if (m == "POST" && is(2, {"cookie-keys", "drop-previous"})) return RotateCookieKeys(call, true);
  return Status::NotFound("no API endpoint " + m + " /api/v1/" + joined(0, n));
}

Status AdminApi::Audited(const ApiCall& call, const std::string& action, const std::string& target,
                         const nlohmann::json& details, const std::function<Status()>& change) {
  OW_RETURN_IF_ERROR(store_->Transaction([&]() -> Status {
    OW_RETURN_IF_ERROR(change());
    // Tells the scan snapshot, in this process or another, to reload.
    OW_RETURN_IF_ERROR(store_->BumpCounter(store::kPolicyCounter));
    return store_->AppendAudit({0, DateTime::Now(), call.principal.name, action, target, details.dump()});
  }));
  if (on_change_) on_change_();
  return Status::Ok();
}

Status AdminApi::MarkDeploymentsReset() {
  return store_->SetSetting(store::kDeploymentsResetKey, DateTime::Now().ToString());
}

Result<policy::GroupTree> AdminApi::LoadGroupTree() {
  OW_ASSIGN_OR_RETURN(auto groups, store_->ListGroups());
  return policy::GroupTree::Build(std::move(groups));
}

}  // namespace openwsus::admin
