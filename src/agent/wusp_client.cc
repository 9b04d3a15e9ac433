#include "agent/wusp_client.h"

#include <algorithm>
#include <set>
#include <utility>

#include "common/base64.h"
#include "xml/safe_xml.h"
#include "xml/xml_writer.h"

namespace openwsus::agent {
namespace {

constexpr char kClientNs[] = "http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService";
constexpr char kAuthNs[] = "http://www.microsoft.com/SoftwareDistribution/Server/SimpleAuthWebService";
constexpr char kReportingNs[] = "http://www.microsoft.com/SoftwareDistribution";
constexpr char kClientPath[] = "/ClientWebService/client.asmx";
constexpr char kAuthPath[] = "/SimpleAuthWebService/SimpleAuth.asmx";
constexpr char kReportingPath[] = "/ReportingWebService/ReportingWebService.asmx";
// WUA gives up on a scan after 200 round trips (0x80244010).
constexpr int kMaxSyncCalls = 200;
constexpr size_t kRefreshBatch = 200;

std::string Escaped(std::string_view text) {
  std::string out;
  xml::AppendEscapedText(&out, text);
  return out;
}

std::string Element(std::string_view name, std::string_view text) {
  return "<" + std::string(name) + ">" + Escaped(text) + "</" + std::string(name) + ">";
}

std::string IntList(std::string_view name, const std::vector<int32_t>& ids) {
  std::string out = "<" + std::string(name) + ">";
  for (int32_t id : ids) out += "<int>" + std::to_string(id) + "</int>";
  return out + "</" + std::string(name) + ">";
}

// Elements of that local name anywhere under `node`, in document order.
std::vector<pugi::xml_node> Descendants(const pugi::xml_node& node, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node n = node.first_child(); n;) {
    if (n.type() == pugi::node_element && xml::LocalName(n) == local) out.push_back(n);
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && !n.next_sibling() && n != node) n = n.parent();
    if (!n || n == node) break;
    n = n.next_sibling();
  }
  return out;
}

// The first element of that local name under `node`, or an empty node.
pugi::xml_node First(const pugi::xml_node& node, std::string_view local) {
  auto all = Descendants(node, local);
  return all.empty() ? pugi::xml_node() : all.front();
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && xml::LocalName(c) == local) return c;
  }
  return {};
}

std::string Text(const pugi::xml_node& node, std::string_view local) {
  return std::string(xml::ChildText(Child(node, local)));
}

std::string Envelope(std::string_view ns, std::string_view operation, const std::string& params) {
  std::string op(operation);
  return "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><" + op + " xmlns=\"" +
         std::string(ns) + "\">" + params + "</" + op + "></s:Body></s:Envelope>";
}

bool IsCookieFault(const std::string& code) {
  return code == "InvalidCookie" || code == "ServerChanged" || code == "ConfigChanged" || code == "CookieExpired";
}

// The identity and type a Core fragment (several roots) declares.
Status ReadCore(const std::string& core, CachedUpdate* update) {
  OW_ASSIGN_OR_RETURN(auto doc, xml::SafeXml::Parse("<r>" + core + "</r>"));
  pugi::xml_node identity = Child(doc->root(), "UpdateIdentity");
  OW_ASSIGN_OR_RETURN(update->identity.update_id, Guid::Parse(identity.attribute("UpdateID").value()));
  update->identity.revision_number = identity.attribute("RevisionNumber").as_int();
  auto type = catalog::ParseUpdateType(Child(doc->root(), "Properties").attribute("UpdateType").value());
  update->type = type.value_or(catalog::UpdateType::kSoftware);
  update->category_parents.clear();
  for (const pugi::xml_node& clause : Descendants(doc->root(), "AtLeastOne")) {
    if (std::string_view(clause.attribute("IsCategory").value()) != "true") continue;
    for (const pugi::xml_node& id : Descendants(clause, "UpdateIdentity")) {
      if (auto parent = Guid::Parse(id.attribute("UpdateID").value()); parent.ok()) {
        update->category_parents.push_back(*parent);
      }
    }
  }
  return Status::Ok();
}

// The files an Extended fragment lists.
Result<std::vector<catalog::UpdateFile>> ReadFiles(const std::string& extended) {
  OW_ASSIGN_OR_RETURN(auto doc, xml::SafeXml::Parse("<r>" + extended + "</r>"));
  std::vector<catalog::UpdateFile> files;
  for (const pugi::xml_node& f : Descendants(doc->root(), "File")) {
    catalog::UpdateFile file;
    OW_ASSIGN_OR_RETURN(file.sha1, Base64Decode(f.attribute("Digest").value()));
    file.file_name = f.attribute("FileName").value();
    file.size = f.attribute("Size").as_llong();
    for (const pugi::xml_node& d : Descendants(f, "AdditionalDigest")) {
      if (std::string_view(d.attribute("Algorithm").value()) == "SHA256") {
        OW_ASSIGN_OR_RETURN(file.sha256, Base64Decode(xml::ChildText(d)));
      }
    }
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace

WuspClient::WuspClient(cli::ServerUrl server, AgentIdentity identity)
    : session_(std::move(server)), identity_(std::move(identity)) {}

Result<std::string> WuspClient::Post(const std::string& path, const std::string& ns, const std::string& operation,
                                     const std::string& params) {
  cli::HttpRequestSpec request;
  request.method = "POST";
  request.target = path;
  request.headers = {{"Content-Type", "text/xml; charset=utf-8"},
                     {"SOAPAction", "\"" + ns + "/" + operation + "\""},
                     {"User-Agent", "Windows-Update-Agent/1507.2601.30012.0 Client-Protocol/" +
                                        identity_.protocol_version}};
  request.body = Envelope(ns, operation, params);
  OW_ASSIGN_OR_RETURN(cli::HttpReply reply, session_.Send(request));
  if (reply.status == 200) {
    last_fault_.clear();
    return std::move(reply.body);
  }
  auto doc = xml::SafeXml::Parse(reply.body);
  std::string code = doc.ok() ? std::string(xml::ChildText(First((*doc)->root(), "ErrorCode"))) : "";
  last_fault_ = code;
  if (code.empty()) return Status::IoError(operation + " answered HTTP " + std::to_string(reply.status));
  // Unavailable for ServerBusy, so that callers can tell "retry later".
  std::string message = code + ": " + operation + " refused";
  return code == "ServerBusy" ? Status::Unavailable(message) : Status::FailedPrecondition(message);
}

Status WuspClient::Handshake() {
  ++handshakes_;
  OW_ASSIGN_OR_RETURN(std::string config, Post(kClientPath, kClientNs, "GetConfig",
                                               Element("protocolVersion", identity_.protocol_version)));
  OW_ASSIGN_OR_RETURN(auto config_doc, xml::SafeXml::Parse(config));
  pugi::xml_node last_change = First(config_doc->root(), "LastChange");
  if (!last_change) return Status::DataLoss("GetConfig answered without LastChange");
  config_last_change_ = xml::ChildText(last_change);
  for (const pugi::xml_node& p : Descendants(config_doc->root(), "ConfigurationProperty")) {
    if (Text(p, "Name") == "MaxExtendedUpdatesPerRequest") max_extended_ = std::max(1, std::atoi(Text(p, "Value").c_str()));
  }

  std::string auth_params = Element("clientId", identity_.client_id.ToString());
  if (!identity_.target_groups.empty()) auth_params += Element("targetGroupName", identity_.target_groups);
  auth_params += Element("dnsName", identity_.dns_name);
  OW_ASSIGN_OR_RETURN(std::string auth, Post(kAuthPath, kAuthNs, "GetAuthorizationCookie", auth_params));
  OW_ASSIGN_OR_RETURN(auto auth_doc, xml::SafeXml::Parse(auth));
  pugi::xml_node cookie_data = First(auth_doc->root(), "CookieData");
  if (!cookie_data) return Status::DataLoss("GetAuthorizationCookie answered without CookieData");

  // WUA sends its old cookie, or one with only an Expiration the first time.
  std::string now = DateTime::Now().ToString();
  std::string old_cookie = "<oldCookie>" + Element("Expiration", cookie_expiration_.empty() ? now : cookie_expiration_) +
                           (cookie_.empty() ? "" : Element("EncryptedData", cookie_)) + "</oldCookie>";
  std::string params = "<authCookies><AuthorizationCookie><PlugInId>SimpleTargeting</PlugInId>" +
                       Element("CookieData", xml::ChildText(cookie_data)) + "</AuthorizationCookie></authCookies>" +
                       old_cookie + Element("lastChange", config_last_change_) + Element("currentTime", now) +
                       Element("protocolVersion", identity_.protocol_version);
  auto cookie = Post(kClientPath, kClientNs, "GetCookie", params);
  if (!cookie.ok() && last_fault_ == "InvalidCookie" && !cookie_.empty()) {
    cookie_.clear();  // our old cookie is not the server's: start over without it
    return Handshake();
  }
  OW_RETURN_IF_ERROR(cookie.status());
  OW_ASSIGN_OR_RETURN(auto cookie_doc, xml::SafeXml::Parse(*cookie));
  pugi::xml_node encrypted = First(cookie_doc->root(), "EncryptedData");
  pugi::xml_node expiration = First(cookie_doc->root(), "Expiration");
  if (!encrypted || !expiration) return Status::DataLoss("GetCookie answered without a cookie");
  cookie_ = xml::ChildText(encrypted);
  cookie_expiration_ = xml::ChildText(expiration);
  return RegisterComputer();
}

Status WuspClient::RegisterComputer() {
  std::string info = "<computerInfo>" + Element("DnsName", identity_.dns_name) +
                     "<OSMajorVersion>10</OSMajorVersion><OSMinorVersion>0</OSMinorVersion>"
                     "<OSBuildNumber>26200</OSBuildNumber><OSServicePackMajorNumber>0</OSServicePackMajorNumber>"
                     "<OSServicePackMinorNumber>0</OSServicePackMinorNumber><OSLocale>en-US</OSLocale>"
                     "<ComputerManufacturer>OpenWSUS</ComputerManufacturer><ComputerModel>Reference agent"
                     "</ComputerModel><BiosReleaseDate>2026-01-01T00:00:00Z</BiosReleaseDate>"
                     "<ProcessorArchitecture>AMD64</ProcessorArchitecture><SuiteMask>256</SuiteMask>"
                     "<OldProductType>1</OldProductType><NewProductType>48</NewProductType>"
                     "<SystemMetrics>0</SystemMetrics><ClientVersionMajorNumber>1507</ClientVersionMajorNumber>"
                     "<ClientVersionMinorNumber>2601</ClientVersionMinorNumber>"
                     "<ClientVersionBuildNumber>30012</ClientVersionBuildNumber>"
                     "<ClientVersionQfeNumber>0</ClientVersionQfeNumber>"
                     "<OSDescription>Windows 10 Pro</OSDescription></computerInfo>";
  return Post(kClientPath, kClientNs, "RegisterComputer", CookieXml() + info).status();
}

std::string WuspClient::CookieXml() const {
  return "<cookie>" + Element("Expiration", cookie_expiration_) + Element("EncryptedData", cookie_) + "</cookie>";
}

Result<std::string> WuspClient::PostWithCookie(const std::string& path, const std::string& ns,
                                               const std::string& operation,
                                               const std::function<std::string()>& params) {
  if (cookie_.empty()) OW_RETURN_IF_ERROR(Handshake());
  auto body = Post(path, ns, operation, params());
  if (body.ok()) return body;
  if (IsCookieFault(last_fault_)) {
    bool server_changed = last_fault_ == "InvalidCookie" || last_fault_ == "ServerChanged";
    if (server_changed) cookie_.clear();
    OW_RETURN_IF_ERROR(Handshake());
    if (server_changed) OW_RETURN_IF_ERROR(RefreshCache());
  } else if (last_fault_ == "RegistrationRequired") {
    OW_RETURN_IF_ERROR(RegisterComputer());
  } else {
    return body;
  }
  return Post(path, ns, operation, params());
}

Status WuspClient::RefreshCache() {
  std::vector<CachedUpdate> old;
  for (const auto& [id, u] : cache_) old.push_back(u);
  cache_.clear();
  for (size_t begin = 0; begin < old.size(); begin += kRefreshBatch) {
    std::string ids = "<globalIDs>";
    size_t end = std::min(old.size(), begin + kRefreshBatch);
    for (size_t i = begin; i < end; ++i) {
      ids += "<UpdateIdentity>" + Element("UpdateID", old[i].identity.update_id.ToString()) +
             Element("RevisionNumber", std::to_string(old[i].identity.revision_number)) + "</UpdateIdentity>";
    }
    ids += "</globalIDs>";
    OW_ASSIGN_OR_RETURN(std::string body, Post(kClientPath, kClientNs, "RefreshCache", CookieXml() + ids));
    OW_ASSIGN_OR_RETURN(auto doc, xml::SafeXml::Parse(body));
    for (const pugi::xml_node& r : Descendants(doc->root(), "RefreshCacheResult")) {
      if (!Child(r, "RevisionID")) continue;  // the array element itself
      pugi::xml_node global = Child(r, "GlobalID");
      auto update_id = Guid::Parse(Text(global, "UpdateID"));
      if (!update_id.ok()) continue;
      for (size_t i = begin; i < end; ++i) {
        if (old[i].identity.update_id != *update_id) continue;
        CachedUpdate u = old[i];
        u.revision_id = std::atoi(Text(r, "RevisionID").c_str());
        u.is_leaf = Text(r, "IsLeaf") == "true";
        u.action = Text(Child(r, "Deployment"), "Action");
        cache_[u.revision_id] = u;
      }
    }
  }
  return Status::Ok();
}

std::string WuspClient::SyncParams(bool driver_pass) const {
  std::vector<int32_t> installed, other;
  for (const auto& [id, u] : cache_) {
    if (u.type == catalog::UpdateType::kDriver) continue;
    (u.installed_non_leaf ? installed : other).push_back(id);
  }
  std::string p = CookieXml() + "<parameters><ExpressQuery>false</ExpressQuery>";
  if (!installed.empty()) p += IntList("InstalledNonLeafUpdateIDs", installed);
  if (!other.empty() && !driver_pass) p += IntList("OtherCachedUpdateIDs", other);
  if (driver_pass) p += "<SystemSpec/>";
  p += driver_pass ? "<SkipSoftwareSync>true</SkipSoftwareSync>" : "<SkipSoftwareSync>false</SkipSoftwareSync>";
  return p + "<NeedTwoGroupOutOfScopeUpdates>true</NeedTwoGroupOutOfScopeUpdates><ComputerSpec/></parameters>";
}

std::string WuspClient::SyncUpdatesBody() const { return Envelope(kClientNs, "SyncUpdates", SyncParams(false)); }

Result<SyncPage> WuspClient::SyncOnce(bool driver_pass) {
  auto params = [&] { return SyncParams(driver_pass); };
  OW_ASSIGN_OR_RETURN(std::string body, PostWithCookie(kClientPath, kClientNs, "SyncUpdates", params));
  SyncPage page;
  OW_RETURN_IF_ERROR(TakeSyncAnswer(body, &page));
  return page;
}

Status WuspClient::TakeSyncAnswer(const std::string& body, SyncPage* page) {
  OW_ASSIGN_OR_RETURN(auto doc, xml::SafeXml::Parse(body));
  // Envelope/Body/SyncUpdatesResponse/SyncUpdatesResult, by direct children:
  // a page of 30 updates is a big tree to search.
  pugi::xml_node result = Child(Child(Child(doc->root(), "Body"), "SyncUpdatesResponse"), "SyncUpdatesResult");
  if (!result) return Status::DataLoss("SyncUpdates answered without SyncUpdatesResult");
  for (const char* list : {"NewUpdates", "ChangedUpdates"}) {
    bool is_new = std::string_view(list) == "NewUpdates";
    for (pugi::xml_node info = Child(Child(result, list), "UpdateInfo"); info;
         info = info.next_sibling(info.name())) {
      int32_t id = std::atoi(Text(info, "ID").c_str());
      pugi::xml_node deployment = Child(info, "Deployment");
      if (!deployment) return Status::DataLoss("UpdateInfo " + std::to_string(id) + " has no Deployment");
      CachedUpdate& u = cache_[id];
      u.revision_id = id;
      u.is_leaf = Text(info, "IsLeaf") == "true";
      u.action = Text(deployment, "Action");
      u.deployment_id = std::atoi(Text(deployment, "ID").c_str());
      u.deadline = Child(deployment, "Deadline") ? std::optional<std::string>(Text(deployment, "Deadline")) : std::nullopt;
      if (is_new) {
        OW_RETURN_IF_ERROR(ReadCore(Text(info, "Xml"), &u).WithContext("UpdateInfo " + std::to_string(id)));
        u.installed_non_leaf = !u.is_leaf && (!non_leaf_installed_ || non_leaf_installed_(u));
        page->new_ids.push_back(id);
      } else {
        page->changed_ids.push_back(id);
      }
    }
  }
  for (pugi::xml_node n = Child(Child(result, "OutOfScopeRevisionIDs"), "int"); n; n = n.next_sibling(n.name())) {
    int32_t id = std::atoi(xml::ChildText(n).data());
    cache_.erase(id);
    page->out_of_scope.push_back(id);
  }
  page->truncated = Text(result, "Truncated") == "true";
  page->driver_sync_not_needed = Text(result, "DriverSyncNotNeeded") == "true";
  std::string next = Text(Child(result, "NewCookie"), "EncryptedData");
  if (!next.empty()) cookie_ = next;
  return Status::Ok();
}

Result<ScanReport> WuspClient::Scan() {
  ScanReport report;
  while (report.calls < kMaxSyncCalls) {
    OW_ASSIGN_OR_RETURN(SyncPage page, SyncOnce());
    ++report.calls;
    bool non_leaf = std::any_of(page.new_ids.begin(), page.new_ids.end(),
                                [&](int32_t id) { return !cache_[id].is_leaf; });
    report.pages.push_back(page);
    if (!page.truncated && !non_leaf) break;
  }
  OW_ASSIGN_OR_RETURN(SyncPage drivers, SyncOnce(/*driver_pass=*/true));
  report.pages.push_back(drivers);
  return report;
}

Result<ExtendedInfo> WuspClient::GetExtendedUpdateInfo(const std::vector<int32_t>& revision_ids) {
  ExtendedInfo info;
  std::set<std::string> seen_locations;
  for (size_t begin = 0; begin < revision_ids.size(); begin += static_cast<size_t>(max_extended_)) {
    std::vector<int32_t> batch(revision_ids.begin() + static_cast<std::ptrdiff_t>(begin),
                               revision_ids.begin() + static_cast<std::ptrdiff_t>(
                                                          std::min(revision_ids.size(), begin + max_extended_)));
    auto params = [&] {
      return CookieXml() + IntList("revisionIDs", batch) +
             "<infoTypes><XmlUpdateFragmentType>Extended</XmlUpdateFragmentType><XmlUpdateFragmentType>"
             "LocalizedProperties</XmlUpdateFragmentType></infoTypes><locales><string>en-US</string><string>en"
             "</string></locales><GeoId>USA</GeoId>";
    };
    OW_ASSIGN_OR_RETURN(std::string body, PostWithCookie(kClientPath, kClientNs, "GetExtendedUpdateInfo", params));
    OW_ASSIGN_OR_RETURN(auto doc, xml::SafeXml::Parse(body));
    std::map<int32_t, ExtendedUpdate> by_id;
    for (const pugi::xml_node& u : Descendants(doc->root(), "Update")) {
      int32_t id = std::atoi(Text(u, "ID").c_str());
      ExtendedUpdate& e = by_id[id];
      e.revision_id = id;
      std::string fragment = Text(u, "Xml");
      if (fragment.rfind("<ExtendedProperties", 0) == 0) {
        OW_ASSIGN_OR_RETURN(e.files, ReadFiles(fragment));
      } else if (fragment.find("<Language>") != std::string::npos) {
        e.has_localized = true;
      }
    }
    for (auto& [id, e] : by_id) info.updates.push_back(std::move(e));
    for (const pugi::xml_node& l : Descendants(doc->root(), "FileLocation")) {
      OW_ASSIGN_OR_RETURN(std::string sha1, Base64Decode(Text(l, "FileDigest")));
      if (seen_locations.insert(sha1).second) info.locations.push_back({sha1, Text(l, "Url")});
    }
    pugi::xml_node result = First(doc->root(), "GetExtendedUpdateInfoResult");
    for (const pugi::xml_node& n : Descendants(Child(result, "OutOfScopeRevisionIDs"), "int")) {
      info.out_of_scope.push_back(std::atoi(xml::ChildText(n).data()));
    }
  }
  return info;
}

Result<cli::HttpReply> WuspClient::Fetch(const std::string& url, const std::string& range) {
  // FileLocations name this server (the Host header we sent); only the path matters here.
  size_t scheme = url.find("://");
  size_t path = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
  if (path == std::string::npos) return Status::InvalidArgument("not a content URL: " + url);
  cli::HttpRequestSpec request;
  request.method = "GET";
  request.target = url.substr(path);
  request.headers = {{"User-Agent", "Microsoft-Delivery-Optimization/10.1"}};
  if (!range.empty()) request.headers.emplace_back("Range", range);
  return session_.Send(request);
}

Status WuspClient::ReportEvents(const std::vector<AgentEvent>& events) {
  auto params = [&] {
    std::string now = DateTime::Now().ToString();
    std::string batch = "<eventBatch>";
    for (const AgentEvent& e : events) {
      batch += "<ReportingEvent><BasicData><TargetID>" + Element("Sid", identity_.client_id.ToString()) +
               "</TargetID><SequenceNumber>0</SequenceNumber>" +
               Element("TimeAtTarget", e.time_at_target.empty() ? now : e.time_at_target) +
               Element("EventInstanceID", Guid::Random().ToString()) + "<NamespaceID>1</NamespaceID>" +
               Element("EventID", std::to_string(e.event_id)) + "<SourceID>101</SourceID><UpdateID>" +
               Element("UpdateID", e.update.update_id.ToString()) +
               Element("RevisionNumber", std::to_string(e.update.revision_number)) + "</UpdateID>" +
               Element("Win32HResult", std::to_string(e.win32_hresult)) + "<AppName>OpenWSUS agent</AppName>"
               "</BasicData><ExtendedData><ReplacementStrings/><MiscData>";
      for (const std::string& m : e.misc_data) batch += Element("string", m);
      batch += "</MiscData><ProcessorArchitecture>Amd64Compatible</ProcessorArchitecture></ExtendedData>"
               "<PrivateData/></ReportingEvent>";
    }
    return CookieXml() + Element("clientTime", now) + batch + "</eventBatch>";
  };
  OW_ASSIGN_OR_RETURN(std::string body, PostWithCookie(kReportingPath, kReportingNs, "ReportEventBatch", params));
  if (body.find("<ReportEventBatchResult>true</ReportEventBatchResult>") == std::string::npos) {
    return Status::DataLoss("ReportEventBatch was not acknowledged");
  }
  return Status::Ok();
}

}  // namespace openwsus::agent
