#include "agent/wusp_client.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>
#include <set>
#include <utility>

#include "common/base64.h"
#include "common/strings.h"
#include "xml/safe_xml.h"
#include "xml/service_names.h"
#include "xml/soap_fault.h"
#include "xml/soap_request_writer.h"
#include "xml/xml_writer.h"

namespace openwsus::agent {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

using xml::Element;
using xml::WuspErrorCode;
constexpr std::string_view kClientNs = xml::kClientWebServiceNs;
constexpr std::string_view kAuthNs = xml::kSimpleAuthWebServiceNs;
constexpr std::string_view kReportingNs = xml::kReportingWebServiceNs;
constexpr std::string_view kClientPath = xml::kClientServicePath;
constexpr std::string_view kAuthPath = xml::kSimpleAuthServicePath;
constexpr std::string_view kReportingPath = xml::kReportingServicePath;
// WUA gives up on a scan after 200 round trips (0x80244010).
constexpr int kMaxSyncCalls = 200;
constexpr size_t kRefreshBatch = 200;
const MachineProfile kDefaultProfile;

std::string IntList(std::string_view name, const std::vector<int32_t>& ids) {
  std::string out = "<" + std::string(name) + ">";
  for (int32_t id : ids) out += "<int>" + std::to_string(id) + "</int>";
  return out + "</" + std::string(name) + ">";
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && xml::LocalName(c) == local) return c;
  }
  return {};
}

// Follows a path of direct children: a page of 30 updates is a big tree to search.
pugi::xml_node Path(pugi::xml_node node, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) node = Child(node, name);
  return node;
}

// The first element of that local name at any depth, or an empty node.
pugi::xml_node Find(const pugi::xml_node& node, std::string_view local) {
  return node.find_node(
      [local](const pugi::xml_node& n) { return n.type() == pugi::node_element && xml::LocalName(n) == local; });
}

std::string Text(const pugi::xml_node& node, std::string_view local) {
  return std::string(xml::ChildText(Child(node, local)));
}

// The int an element holds; DataLoss naming it when it holds anything else.
Result<int32_t> IntText(const pugi::xml_node& node) {
  std::string_view text = Trim(xml::ChildText(node));
  std::optional<int32_t> value = ParseNumber<int32_t>(text);
  if (!value) return Status::DataLoss("the server sent '" + std::string(text.substr(0, 40)) + "' for an int");
  return *value;
}

// The <Body> of a SOAP answer: its operation's Response/Result element.
Result<pugi::xml_node> OperationResult(const xml::SafeXml& doc, std::string_view operation) {
  std::string op(operation);
  pugi::xml_node result = Path(doc.root(), {"Body", op + "Response", op + "Result"});
  if (!result) return Status::DataLoss(op + " answered without " + op + "Result");
  return result;
}

bool IsCookieFault(std::optional<WuspErrorCode> code) {
  return code == WuspErrorCode::kInvalidCookie || code == WuspErrorCode::kServerChanged ||
         code == WuspErrorCode::kConfigChanged || code == WuspErrorCode::kCookieExpired;
}

bool IsTransient(const Status& status) {
  return status.code() == StatusCode::kUnavailable || status.code() == StatusCode::kIoError;
}

// The files an Extended fragment lists.
Result<std::vector<catalog::UpdateFile>> ReadFiles(const pugi::xml_node& root) {
  std::vector<catalog::UpdateFile> files;
  for (pugi::xml_node f = Find(root, "File"); f; f = f.next_sibling(f.name())) {
    catalog::UpdateFile file;
    OW_ASSIGN_OR_RETURN(file.sha1, Base64Decode(f.attribute("Digest").value()));
    file.file_name = f.attribute("FileName").value();
    file.size = f.attribute("Size").as_llong();
    for (pugi::xml_node d : f.children()) {
      if (xml::LocalName(d) == "AdditionalDigest" && std::string_view(d.attribute("Algorithm").value()) == "SHA256") {
        OW_ASSIGN_OR_RETURN(file.sha256, Base64Decode(xml::ChildText(d)));
      }
    }
    files.push_back(std::move(file));
  }
  return files;
}

// Takes one Extended or LocalizedProperties fragment into `info`.
Status TakeFragment(std::string_view fragment, RevisionInfo* info) {
  OW_ASSIGN_OR_RETURN(auto doc, xml::SafeXml::Parse("<r>" + std::string(fragment) + "</r>"));
  pugi::xml_node root = doc->root();  // the <r> wrapper
  if (Child(root, "ExtendedProperties")) {
    OW_ASSIGN_OR_RETURN(info->files, ReadFiles(root));
  } else if (pugi::xml_node localized = Child(root, "LocalizedProperties")) {
    if (info->title.empty()) info->title = Text(localized, "Title");
  }
  return Status::Ok();
}

std::string ArchitectureName(int architecture) {
  switch (architecture) {
    case 0:
      return "X86";
    case 6:
      return "IA64";
    case 12:
      return "ARM64";
    default:
      return "AMD64";
  }
}

}  // namespace

WuspClient::WuspClient(asio::any_io_executor executor, http::ServerUrl server, AgentIdentity identity,
                       RevisionTable* revisions, http::ChannelOptions channel,
                       std::optional<http::ServerUrl> status_server)
    : executor_(executor),
      channel_(executor, server, channel),
      identity_(std::move(identity)),
      revisions_(revisions),
      jitter_(static_cast<uint32_t>(std::hash<std::string>()(identity_.client_id.ToString()))) {
  if (status_server && status_server->ToString() != server.ToString()) {
    status_channel_ = std::make_unique<http::HttpChannel>(executor, *status_server, channel);
  }
}

void WuspClient::Disconnect() {
  channel_.Close();
  if (status_channel_) status_channel_->Close();
}

void WuspClient::MarkNonLeafRemoved(int32_t revision_id) {
  const CachedRevision* cached = cache_.Find(revision_id);
  if (cached == nullptr || !cached->installed_non_leaf) return;
  CachedRevision entry = *cached;
  entry.installed_non_leaf = false;
  cache_.Put(entry);
}

ClientSession WuspClient::session() const { return {cookie_, cookie_expiration_, config_last_change_, max_extended_}; }

void WuspClient::Restore(ClientSession session, UpdateCache cache) {
  cookie_ = std::move(session.cookie);
  cookie_expiration_ = std::move(session.cookie_expiration);
  config_last_change_ = std::move(session.config_last_change);
  max_extended_ = std::max(1, session.max_extended_per_request);
  cache_ = std::move(cache);
}

void WuspClient::MarkNonLeafInstalled(int32_t revision_id) {
  const CachedRevision* cached = cache_.Find(revision_id);
  if (cached == nullptr || cached->is_leaf) return;
  CachedRevision entry = *cached;
  entry.installed_non_leaf = true;
  cache_.Put(entry);
}

asio::awaitable<void> WuspClient::Sleep(std::chrono::milliseconds delay) {
  asio::steady_timer timer(executor_);
  timer.expires_after(delay);
  boost::system::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

asio::awaitable<Result<std::string>> WuspClient::PostOnce(http::HttpChannel& channel, std::string_view path,
                                                          std::string_view ns, std::string_view operation,
                                                          const std::string& params, std::string* error_kind) {
  http::HttpRequestSpec request;
  request.method = "POST";
  request.target = std::string(path);
  request.headers = {
      {"Content-Type", "text/xml; charset=utf-8"},
      {"SOAPAction", "\"" + std::string(ns) + "/" + std::string(operation) + "\""},
      {"User-Agent", "Windows-Update-Agent/1507.2601.30012.0 Client-Protocol/" + identity_.protocol_version}};
  request.body = xml::SoapRequestEnvelope(ns, operation, params);
  auto reply = co_await channel.Send(request);
  std::string op(operation);
  if (!reply.ok()) {
    *error_kind = reply.status().code() == StatusCode::kUnavailable ? "timeout" : "io";
    co_return reply.status();
  }
  if (reply->status == 200) {
    last_fault_.reset();
    co_return std::move(reply->body);
  }
  if (reply->status == 503) {  // the server's connection cap: come back later
    *error_kind = "http-503";
    co_return Status::Unavailable(op + " answered HTTP 503");
  }
  auto fault = xml::SoapFault::Parse(reply->body);
  if (!fault.ok() || fault->error_code == WuspErrorCode::kUnknown) {
    last_fault_.reset();
    *error_kind = "http-" + std::to_string(reply->status);
    co_return Status::Internal(op + " answered HTTP " + std::to_string(reply->status));
  }
  last_fault_ = fault->error_code;
  std::string code(xml::ErrorCodeName(fault->error_code));
  *error_kind = code;
  std::string message = code + ": " + op + " refused";
  // Unavailable for ServerBusy: the caller retries later.
  co_return fault->error_code == WuspErrorCode::kServerBusy ? Status::Unavailable(message)
                                                            : Status::FailedPrecondition(message);
}

asio::awaitable<Result<std::string>> WuspClient::Post(std::string_view path, std::string_view ns,
                                                      std::string_view operation, const std::string& params) {
  CallRecord record{operation};
  std::chrono::milliseconds delay = retry_.first;
  for (int attempt = 1;; ++attempt) {
    auto start = Clock::now();
    record.error_kind.clear();
    http::HttpChannel& channel = status_channel_ && path == kReportingPath ? *status_channel_ : channel_;
    auto body = co_await PostOnce(channel, path, ns, operation, params, &record.error_kind);
    record.latency = Clock::now() - start;
    record.sends = attempt;
    if (body.ok() || !IsTransient(body.status()) || attempt >= retry_.attempts) {
      if (observer_) observer_(record);
      co_return body;
    }
    ++retries_;
    std::uniform_int_distribution<int64_t> draw(delay.count() / 2, delay.count());
    co_await Sleep(std::chrono::milliseconds(draw(jitter_)));
    delay = std::min(retry_.max, delay * 2);
  }
}

asio::awaitable<Status> WuspClient::Handshake() {
  ++handshakes_;
  auto config =
      co_await Post(kClientPath, kClientNs, "GetConfig", Element("protocolVersion", identity_.protocol_version));
  if (!config.ok()) co_return config.status();
  auto config_doc = xml::SafeXml::Parse(*config);
  if (!config_doc.ok()) co_return config_doc.status();
  pugi::xml_node last_change = Find((*config_doc)->root(), "LastChange");
  if (!last_change) co_return Status::DataLoss("GetConfig answered without LastChange");
  config_last_change_ = xml::ChildText(last_change);
  for (pugi::xml_node p = Find((*config_doc)->root(), "ConfigurationProperty"); p; p = p.next_sibling(p.name())) {
    if (Text(p, "Name") == "MaxExtendedUpdatesPerRequest")
      max_extended_ = std::max(1, ParseNumber<int>(Trim(Text(p, "Value"))).value_or(max_extended_));
  }

  std::string auth_params = Element("clientId", identity_.client_id.ToString());
  if (!identity_.target_groups.empty()) auth_params += Element("targetGroupName", identity_.target_groups);
  auth_params += Element("dnsName", identity_.dns_name);
  auto auth = co_await Post(kAuthPath, kAuthNs, "GetAuthorizationCookie", auth_params);
  if (!auth.ok()) co_return auth.status();
  auto auth_doc = xml::SafeXml::Parse(*auth);
  if (!auth_doc.ok()) co_return auth_doc.status();
  pugi::xml_node cookie_data = Find((*auth_doc)->root(), "CookieData");
  if (!cookie_data) co_return Status::DataLoss("GetAuthorizationCookie answered without CookieData");

  // WUA sends its old cookie, or one with only an Expiration the first time.
  std::string now = DateTime::Now().ToString();
  std::string old_cookie = "<oldCookie>" +
                           Element("Expiration", cookie_expiration_.empty() ? now : cookie_expiration_) +
                           (cookie_.empty() ? "" : Element("EncryptedData", cookie_)) + "</oldCookie>";
  std::string params = "<authCookies><AuthorizationCookie><PlugInId>SimpleTargeting</PlugInId>" +
                       Element("CookieData", xml::ChildText(cookie_data)) + "</AuthorizationCookie></authCookies>" +
                       old_cookie + Element("lastChange", config_last_change_) + Element("currentTime", now) +
                       Element("protocolVersion", identity_.protocol_version);
  auto cookie = co_await Post(kClientPath, kClientNs, "GetCookie", params);
  if (!cookie.ok() && last_fault_ == WuspErrorCode::kInvalidCookie && !cookie_.empty()) {
    cookie_.clear();  // our old cookie is not the server's: start over without it
    co_return co_await Handshake();
  }
  if (!cookie.ok()) co_return cookie.status();
  auto cookie_doc = xml::SafeXml::Parse(*cookie);
  if (!cookie_doc.ok()) co_return cookie_doc.status();
  pugi::xml_node encrypted = Find((*cookie_doc)->root(), "EncryptedData");
  pugi::xml_node expiration = Find((*cookie_doc)->root(), "Expiration");
  if (!encrypted || !expiration) co_return Status::DataLoss("GetCookie answered without a cookie");
  cookie_ = xml::ChildText(encrypted);
  cookie_expiration_ = xml::ChildText(expiration);
  co_return co_await RegisterComputer();
}

std::string WuspClient::ComputerInfoXml() const {
  const MachineProfile& p = identity_.profile ? *identity_.profile : kDefaultProfile;
  auto number = [](std::string_view name, int value) { return Element(name, std::to_string(value)); };
  return "<computerInfo>" + Element("DnsName", identity_.dns_name) + number("OSMajorVersion", p.os_major) +
         number("OSMinorVersion", p.os_minor) + number("OSBuildNumber", p.os_build) +
         number("OSServicePackMajorNumber", p.sp_major) + number("OSServicePackMinorNumber", p.sp_minor) +
         Element("OSLocale", p.language) +
         "<ComputerManufacturer>OpenWSUS</ComputerManufacturer>"
         "<ComputerModel>Simulated PC</ComputerModel><BiosReleaseDate>2026-01-01T00:00:00Z</BiosReleaseDate>" +
         Element("ProcessorArchitecture", ArchitectureName(p.architecture)) + number("SuiteMask", p.suite_mask) +
         number("OldProductType", p.product_type) + number("NewProductType", p.sku) +
         "<SystemMetrics>0</SystemMetrics><ClientVersionMajorNumber>1507</ClientVersionMajorNumber>"
         "<ClientVersionMinorNumber>2601</ClientVersionMinorNumber>"
         "<ClientVersionBuildNumber>30012</ClientVersionBuildNumber>"
         "<ClientVersionQfeNumber>0</ClientVersionQfeNumber>" +
         Element("OSDescription", p.product_type == 1 ? "Windows 10 Pro" : "Windows Server") + "</computerInfo>";
}

asio::awaitable<Status> WuspClient::RegisterComputer() {
  auto body = co_await Post(kClientPath, kClientNs, "RegisterComputer", CookieXml() + ComputerInfoXml());
  co_return body.status();
}

std::string WuspClient::CookieXml() const {
  return "<cookie>" + Element("Expiration", cookie_expiration_) + Element("EncryptedData", cookie_) + "</cookie>";
}

asio::awaitable<Result<std::string>> WuspClient::PostWithCookie(std::string_view path, std::string_view ns,
                                                                std::string_view operation,
                                                                const std::function<std::string()>& params) {
  if (cookie_.empty()) {
    Status shaken = co_await Handshake();
    if (!shaken.ok()) co_return shaken;
  }
  auto body = co_await Post(path, ns, operation, params());
  if (body.ok()) co_return body;
  if (IsCookieFault(last_fault_)) {
    bool server_changed = last_fault_ == WuspErrorCode::kInvalidCookie || last_fault_ == WuspErrorCode::kServerChanged;
    if (server_changed) cookie_.clear();
    Status shaken = co_await Handshake();
    if (!shaken.ok()) co_return shaken;
    if (server_changed) {
      Status refreshed = co_await RefreshCache();
      if (!refreshed.ok()) co_return refreshed;
    }
  } else if (last_fault_ == WuspErrorCode::kRegistrationRequired) {
    Status registered = co_await RegisterComputer();
    if (!registered.ok()) co_return registered;
  } else {
    co_return body;
  }
  co_return co_await Post(path, ns, operation, params());
}

asio::awaitable<Status> WuspClient::RefreshCache() {
  ++refreshes_;
  std::vector<CachedRevision> old = cache_.entries();
  cache_.Clear();
  for (size_t begin = 0; begin < old.size(); begin += kRefreshBatch) {
    size_t end = std::min(old.size(), begin + kRefreshBatch);
    std::map<Guid, const CachedRevision*> by_update;
    std::string ids = "<globalIDs>";
    for (size_t i = begin; i < end; ++i) {
      const RevisionInfo* info = revisions_->Find(old[i].revision_id);
      if (info == nullptr) continue;
      by_update[info->identity.update_id] = &old[i];
      ids += "<UpdateIdentity>" + Element("UpdateID", info->identity.update_id.ToString()) +
             Element("RevisionNumber", std::to_string(info->identity.revision_number)) + "</UpdateIdentity>";
    }
    ids += "</globalIDs>";
    auto body = co_await Post(kClientPath, kClientNs, "RefreshCache", CookieXml() + ids);
    if (!body.ok()) co_return body.status();
    auto doc = xml::SafeXml::Parse(*body);
    if (!doc.ok()) co_return doc.status();
    auto result = OperationResult(**doc, "RefreshCache");
    if (!result.ok()) co_return result.status();
    for (pugi::xml_node r = Child(*result, "RefreshCacheResult"); r; r = r.next_sibling(r.name())) {
      auto update_id = Guid::Parse(Text(Child(r, "GlobalID"), "UpdateID"));
      if (!update_id.ok() || !by_update.count(*update_id)) continue;
      CachedRevision entry = *by_update[*update_id];
      // A revision id this table does not know has no Core here: SyncUpdates
      // will send it again as new.
      if (ParseNumber<int32_t>(Trim(Text(r, "RevisionID"))) != entry.revision_id) continue;
      entry.is_leaf = Text(r, "IsLeaf") == "true";
      entry.action = ParseDeploymentAction(Text(Child(r, "Deployment"), "Action"));
      cache_.Put(entry);
    }
  }
  co_return Status::Ok();
}

std::string WuspClient::SyncParams(bool driver_pass) const {
  std::vector<int32_t> installed, other, drivers;
  for (const CachedRevision& e : cache_.entries()) {
    if (e.driver) {
      drivers.push_back(e.revision_id);
    } else {
      (e.installed_non_leaf ? installed : other).push_back(e.revision_id);
    }
  }
  std::string p = CookieXml() + "<parameters><ExpressQuery>false</ExpressQuery>";
  if (!installed.empty()) p += IntList("InstalledNonLeafUpdateIDs", installed);
  if (!other.empty() && !driver_pass) p += IntList("OtherCachedUpdateIDs", other);
  if (driver_pass) {
    if (!drivers.empty()) p += IntList("CachedDriverIDs", drivers);
    p += system_spec_source_ ? system_spec_source_() : "<SystemSpec/>";
  }
  p += driver_pass ? "<SkipSoftwareSync>true</SkipSoftwareSync>" : "<SkipSoftwareSync>false</SkipSoftwareSync>";
  return p + "<NeedTwoGroupOutOfScopeUpdates>true</NeedTwoGroupOutOfScopeUpdates><ComputerSpec/></parameters>";
}

std::string WuspClient::SyncUpdatesBody() const {
  return xml::SoapRequestEnvelope(kClientNs, "SyncUpdates", SyncParams(false));
}

std::string WuspClient::ExtendedInfoParams(const std::vector<int32_t>& revision_ids) const {
  return CookieXml() + IntList("revisionIDs", revision_ids) +
         "<infoTypes><XmlUpdateFragmentType>Extended</XmlUpdateFragmentType><XmlUpdateFragmentType>"
         "LocalizedProperties</XmlUpdateFragmentType></infoTypes><locales><string>en-US</string><string>en"
         "</string></locales>";
}

std::string WuspClient::ExtendedInfoBody(const std::vector<int32_t>& revision_ids) const {
  return xml::SoapRequestEnvelope(kClientNs, "GetExtendedUpdateInfo", ExtendedInfoParams(revision_ids));
}

asio::awaitable<Result<SyncPage>> WuspClient::SyncOnce(bool driver_pass) {
  auto params = [&] { return SyncParams(driver_pass); };
  auto body = co_await PostWithCookie(kClientPath, kClientNs, "SyncUpdates", params);
  if (!body.ok()) co_return body.status();
  SyncPage page;
  Status taken = TakeSyncAnswer(*body, &page);
  if (!taken.ok()) co_return taken;
  co_return page;
}

Status WuspClient::TakeUpdateInfo(const pugi::xml_node& info, bool is_new, SyncPage* page) {
  CachedRevision entry;
  OW_ASSIGN_OR_RETURN(entry.revision_id, IntText(Child(info, "ID")));
  pugi::xml_node deployment = Child(info, "Deployment");
  if (!deployment) return Status::DataLoss("UpdateInfo " + std::to_string(entry.revision_id) + " has no Deployment");
  entry.is_leaf = Text(info, "IsLeaf") == "true";
  entry.action = ParseDeploymentAction(Text(deployment, "Action"));
  OW_ASSIGN_OR_RETURN(entry.deployment_id, IntText(Child(deployment, "ID")));
  if (pugi::xml_node deadline = Child(deployment, "Deadline")) {
    auto parsed = DateTime::Parse(xml::ChildText(deadline));
    if (parsed.ok()) entry.SetDeadline(*parsed);
  }
  const RevisionInfo* revision = revisions_->Find(entry.revision_id);
  if (is_new) {
    OW_ASSIGN_OR_RETURN(revision, revisions_->Intern(entry.revision_id, xml::ChildText(Child(info, "Xml"))));
    page->new_ids.push_back(entry.revision_id);
  } else {
    const CachedRevision* cached = cache_.Find(entry.revision_id);
    if (cached == nullptr || revision == nullptr) return Status::Ok();  // a change to what we do not hold
    entry.installed_non_leaf = cached->installed_non_leaf;
    page->changed_ids.push_back(entry.revision_id);
  }
  entry.driver = revision->type == catalog::UpdateType::kDriver;
  if (is_new) entry.installed_non_leaf = !entry.is_leaf && (!non_leaf_installed_ || non_leaf_installed_(*revision));
  cache_.Put(entry);
  return Status::Ok();
}

Status WuspClient::TakeSyncAnswer(const std::string& body, SyncPage* page) {
  OW_ASSIGN_OR_RETURN(auto doc, xml::SafeXml::Parse(body));
  OW_ASSIGN_OR_RETURN(pugi::xml_node result, OperationResult(*doc, "SyncUpdates"));
  for (pugi::xml_node info = Path(result, {"NewUpdates", "UpdateInfo"}); info; info = info.next_sibling(info.name())) {
    OW_RETURN_IF_ERROR(TakeUpdateInfo(info, /*is_new=*/true, page));
  }
  for (pugi::xml_node info = Path(result, {"ChangedUpdates", "UpdateInfo"}); info;
       info = info.next_sibling(info.name())) {
    OW_RETURN_IF_ERROR(TakeUpdateInfo(info, /*is_new=*/false, page));
  }
  for (pugi::xml_node n = Path(result, {"OutOfScopeRevisionIDs", "int"}); n; n = n.next_sibling(n.name())) {
    OW_ASSIGN_OR_RETURN(int32_t id, IntText(n));
    cache_.Erase(id);
    page->out_of_scope.push_back(id);
  }
  page->truncated = Text(result, "Truncated") == "true";
  page->driver_sync_not_needed = Text(result, "DriverSyncNotNeeded") == "true";
  std::string next = Text(Child(result, "NewCookie"), "EncryptedData");
  if (!next.empty()) cookie_ = next;
  return Status::Ok();
}

asio::awaitable<Result<ScanReport>> WuspClient::Scan() {
  ScanReport report;
  while (report.calls < kMaxSyncCalls) {
    auto page = co_await SyncOnce();
    if (!page.ok()) co_return page.status();
    ++report.calls;
    // A page that brought non-leaf updates may have opened new prerequisites.
    bool non_leaf = std::any_of(page->new_ids.begin(), page->new_ids.end(), [&](int32_t id) {
      const CachedRevision* e = cache_.Find(id);
      return e != nullptr && !e->is_leaf;
    });
    bool more = page->truncated || non_leaf;
    report.pages.push_back(std::move(*page));
    if (!more) break;
  }
  if (report.calls >= kMaxSyncCalls) co_return Status::ResourceExhausted("scan exceeded 200 SyncUpdates round trips");
  auto drivers = co_await SyncOnce(/*driver_pass=*/true);
  if (!drivers.ok()) co_return drivers.status();
  report.pages.push_back(std::move(*drivers));
  co_return report;
}

asio::awaitable<Result<ExtendedInfo>> WuspClient::GetExtendedUpdateInfo(const std::vector<int32_t>& revision_ids) {
  ExtendedInfo info;
  std::set<std::string> seen_locations;
  for (size_t begin = 0; begin < revision_ids.size(); begin += static_cast<size_t>(max_extended_)) {
    size_t end = std::min(revision_ids.size(), begin + static_cast<size_t>(max_extended_));
    std::vector<int32_t> batch(revision_ids.begin() + static_cast<std::ptrdiff_t>(begin),
                               revision_ids.begin() + static_cast<std::ptrdiff_t>(end));
    auto params = [&] { return ExtendedInfoParams(batch); };
    auto body = co_await PostWithCookie(kClientPath, kClientNs, "GetExtendedUpdateInfo", params);
    if (!body.ok()) co_return body.status();
    auto doc = xml::SafeXml::Parse(*body);
    if (!doc.ok()) co_return doc.status();
    auto result = OperationResult(**doc, "GetExtendedUpdateInfo");
    if (!result.ok()) co_return result.status();
    // The shared table takes a revision's fragments once: other computers'
    // coroutines may be reading its files meanwhile, so they never change.
    std::set<int32_t> described;
    std::vector<RevisionInfo*> fresh;
    for (pugi::xml_node u = Path(*result, {"Updates", "Update"}); u; u = u.next_sibling(u.name())) {
      auto parsed_id = IntText(Child(u, "ID"));
      if (!parsed_id.ok()) co_return parsed_id.status();
      int32_t id = *parsed_id;
      RevisionInfo* revision = revisions_->FindMutable(id);
      if (revision == nullptr) continue;  // not one we were sent in SyncUpdates
      if (described.insert(id).second) {
        info.revision_ids.push_back(id);
        if (!revision->extended_known) fresh.push_back(revision);
      }
      if (revision->extended_known) continue;
      Status taken = TakeFragment(xml::ChildText(Child(u, "Xml")), revision);
      if (!taken.ok()) co_return taken.WithContext("revision " + std::to_string(id));
    }
    for (RevisionInfo* revision : fresh) revision->extended_known = true;
    for (pugi::xml_node l = Path(*result, {"FileLocations", "FileLocation"}); l; l = l.next_sibling(l.name())) {
      auto sha1 = Base64Decode(Text(l, "FileDigest"));
      if (!sha1.ok()) co_return sha1.status();
      if (seen_locations.insert(*sha1).second) info.locations.push_back({*sha1, Text(l, "Url")});
    }
    for (pugi::xml_node n = Path(*result, {"OutOfScopeRevisionIDs", "int"}); n; n = n.next_sibling(n.name())) {
      auto id = IntText(n);
      if (!id.ok()) co_return id.status();
      info.out_of_scope.push_back(*id);
    }
  }
  co_return info;
}

asio::awaitable<Result<http::HttpReply>> WuspClient::Fetch(const std::string& url, const std::string& range,
                                                           const http::BodySink* sink) {
  // FileLocations name this server (the Host header we sent); only the path matters here.
  size_t scheme = url.find("://");
  size_t path = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
  if (path == std::string::npos) co_return Status::InvalidArgument("not a content URL: " + url);
  http::HttpRequestSpec request;
  request.method = "GET";
  request.target = url.substr(path);
  request.headers = {{"User-Agent", "Microsoft-Delivery-Optimization/10.1"}};
  if (!range.empty()) request.headers.emplace_back("Range", range);
  co_return co_await channel_.Send(request, sink);
}

asio::awaitable<Status> WuspClient::ReportEvents(const std::vector<AgentEvent>& events) {
  auto params = [&] {
    std::string now = DateTime::Now().ToString();
    std::string batch = "<eventBatch>";
    for (const AgentEvent& e : events) {
      batch += "<ReportingEvent><BasicData><TargetID>" + Element("Sid", identity_.client_id.ToString()) +
               "</TargetID><SequenceNumber>0</SequenceNumber>" +
               Element("TimeAtTarget", e.time_at_target.empty() ? now : e.time_at_target) +
               Element("EventInstanceID", e.instance_id.ToString()) + "<NamespaceID>1</NamespaceID>" +
               Element("EventID", std::to_string(e.event_id)) + "<SourceID>101</SourceID><UpdateID>" +
               Element("UpdateID", e.update.update_id.ToString()) +
               Element("RevisionNumber", std::to_string(e.update.revision_number)) + "</UpdateID>" +
               Element("Win32HResult", std::to_string(e.win32_hresult)) +
               "<AppName>OpenWSUS agent</AppName>"
               "</BasicData><ExtendedData><ReplacementStrings>";
      for (const std::string& r : e.replacement_strings) batch += Element("string", r);
      batch += "</ReplacementStrings><MiscData>";
      for (const std::string& m : e.misc_data) batch += Element("string", m);
      batch +=
          "</MiscData><ProcessorArchitecture>Amd64Compatible</ProcessorArchitecture></ExtendedData>"
          "<PrivateData/></ReportingEvent>";
    }
    return CookieXml() + Element("clientTime", now) + batch + "</eventBatch>";
  };
  auto body = co_await PostWithCookie(kReportingPath, kReportingNs, "ReportEventBatch", params);
  if (!body.ok()) co_return body.status();
  if (body->find("<ReportEventBatchResult>true</ReportEventBatchResult>") == std::string::npos) {
    co_return Status::DataLoss("ReportEventBatch was not acknowledged");
  }
  co_return Status::Ok();
}

}  // namespace openwsus::agent
