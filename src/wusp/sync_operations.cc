// WuspService: the scan operations, answered from the scan snapshot
// (StartCategoryScan, SyncUpdates, SyncPrinterCatalog, RefreshCache) and the
// metadata operations (GetExtendedUpdateInfo, GetExtendedUpdateInfo2,
// GetFileLocations).
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/base64.h"
#include "common/strings.h"
#include "wusp/extended_info.h"
#include "wusp/sync_planner.h"
#include "wusp/sync_response.h"
#include "wusp/wusp_service.h"
#include "xml/soap_response_writer.h"
#include "xml/xml_writer.h"

namespace openwsus::wusp {
namespace {

using xml::WuspErrorCode;

void AppendGuids(std::string* out, std::string_view name, const std::vector<Guid>& ids) {
  if (ids.empty()) return;
  out->append("<").append(name).append(">");
  for (const Guid& id : ids) out->append("<guid>").append(id.ToString()).append("</guid>");
  out->append("</").append(name).append(">");
}

// StartCategoryScan's rules (MS-WUSP 3.1.5.6), over `groups` of category ids
// in first-appearance order. Returns (preferred, in error).
std::pair<std::vector<Guid>, std::vector<Guid>> PreferredCategories(
    const snapshot::CatalogIndex& catalog, const std::vector<std::pair<int32_t, std::vector<Guid>>>& groups) {
  std::vector<Guid> preferred;
  std::vector<Guid> errors;
  auto type_of = [&](const Guid& id) -> std::optional<catalog::CategoryType> {
    auto e = catalog.FindUpdate(id);
    if (!e || catalog.at(*e).type != catalog::UpdateType::kCategory) return std::nullopt;
    return catalog.at(*e).category_type;
  };
  std::vector<const std::vector<Guid>*> known;
  for (const auto& [index, ids] : groups) {
    bool all_known = true;
    for (const Guid& id : ids) {
      if (type_of(id)) continue;
      all_known = false;
      if (std::find(errors.begin(), errors.end(), id) == errors.end()) errors.push_back(id);
    }
    if (all_known) known.push_back(&ids);
  }
  for (const std::vector<Guid>* ids : known) {
    std::optional<Guid> product;
    size_t classifications = 0;
    for (const Guid& id : *ids) {
      if (*type_of(id) == catalog::CategoryType::kProduct && !product) {
        product = id;
      } else if (*type_of(id) == catalog::CategoryType::kUpdateClassification) {
        ++classifications;
      }
    }
    bool allowed = product && (ids->size() == 1 || (ids->size() == 2 && classifications == 1));
    if (!allowed) return {{}, errors};  // any other shape clears the list and stops
    if (std::find(preferred.begin(), preferred.end(), *product) == preferred.end()) preferred.push_back(*product);
  }
  return {preferred, errors};
}

// The infoTypes, locales and content host of a GetExtendedUpdateInfo(2).
void ReadFragmentRequest(const pugi::xml_node& op, std::string_view ns, const http::HttpRequest& http,
                         ExtendedInfoRequest* request) {
  // ArrayOfXmlUpdateFragmentType: its items are not <string>.
  for (const pugi::xml_node& item : xml::ArrayItems(xml::FindParam(op, ns, "infoTypes"), ns, "XmlUpdateFragmentType")) {
    request->info_types.emplace_back(Trim(item.text().get()));
  }
  request->locales = xml::ReadStringArray(op, ns, "locales");
  for (std::string& locale : request->locales) locale = std::string(Trim(locale));
  request->host = ContentHost(http.headers.Get("Host").value_or(""));
}

}  // namespace

WuspReply WuspService::AnswerExtendedInfo(std::string_view ns, std::string_view operation,
                                          const ExtendedInfoRequest& request) {
  xml::SoapResponseWriter writer(ns, operation);
  std::string* out = writer.BeginResult();
  {
    std::lock_guard<std::mutex> lock(mu_);
    Status built = AppendExtendedUpdateInfo(deps_.store, request, out);
    if (!built.ok()) return WuspError::FromStatus(built);
  }
  return std::move(writer).Finish();
}

WuspReply WuspService::StartCategoryScan(const Call& call) {
  pugi::xml_node op = call.soap.operation();
  const std::string& ns = call.soap.operation_ns();
  pugi::xml_node requested = xml::FindParam(op, ns, "requestedCategories");
  if (!requested || xml::IsNil(requested)) {
    return WuspError::BadParameter("parameters.requestedCategories",
                                   Status::InvalidArgument("requestedCategories is missing"));
  }
  std::vector<std::pair<int32_t, std::vector<Guid>>> groups;  // AND groups, in order
  size_t count = 0;
  for (const pugi::xml_node& item : xml::ArrayItems(requested, ns, "CategoryRelationship")) {
    if (++count > options_.max_scan_categories) {
      return WuspError::BadParameter(
          "parameters.requestedCategories",
          Status::InvalidArgument("more than " + std::to_string(options_.max_scan_categories) + " categories"));
    }
    auto index = xml::ReadInt(item, ns, "IndexOfAndGroup");
    auto id = xml::ReadGuid(item, ns, "CategoryId");
    if (!index.ok() || !id.ok() || !*id) {
      return WuspError::BadParameter("parameters.requestedCategories",
                                     Status::InvalidArgument("malformed CategoryRelationship"));
    }
    int32_t group = index->value_or(0);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == group; });
    if (it == groups.end()) it = groups.insert(groups.end(), {group, {}});
    it->second.push_back(**id);
  }
  auto snapshot = deps_.snapshots->Current();
  auto [preferred, errors] = PreferredCategories(snapshot->catalog(), groups);

  // Out parameters: straight in the response element, no StartCategoryScanResult.
  xml::SoapResponseWriter writer(ns, "StartCategoryScan");
  std::string* out = writer.BeginContent();
  AppendGuids(out, "preferredCategoryIds", preferred);
  AppendGuids(out, "requestedCategoryIdsInError", errors);
  return std::move(writer).Finish();
}

WuspReply WuspService::SyncUpdates(const Call& call) {
  pugi::xml_node op = call.soap.operation();
  const std::string& ns = call.soap.operation_ns();
  auto opened = OpenCookieCall(call, CookieCheck::kRegistered);
  if (auto* refused = std::get_if<WuspError>(&opened)) return *refused;
  auto& [snapshot, cookie] = std::get<CookieCall>(opened);

  pugi::xml_node parameters = xml::FindParam(op, ns, "parameters");
  if (!parameters || xml::IsNil(parameters)) {
    return WuspError::BadParameter("parameters", Status::InvalidArgument("parameters is missing"));
  }
  auto parsed = ParseSyncParameters(parameters, ns, options_.sync_limits);
  if (auto* bad = std::get_if<WuspError>(&parsed)) return *bad;
  SyncRequest& request = std::get<SyncRequest>(parsed);
  request.page_size = options_.page_size;
  request.high_water =
      DateTime::FromTicks(request.skip_software ? cookie.driver_high_water : cookie.deployment_high_water);

  snapshot::ComputerGroups groups = snapshot->GroupsOf(cookie.client_id, cookie.target_groups);
  SyncPlan plan = PlanSync(*snapshot, groups, request);
  SyncPass pass = !request.filter_categories.empty() ? SyncPass::kPartial
                  : request.skip_software            ? SyncPass::kDrivers
                                                     : SyncPass::kSoftware;
  deps_.writer->RecordSync(cookie.client_id, call.now);
  return AnswerSync(ns, "SyncUpdates", plan, *snapshot, cookie, pass);
}

WuspReply WuspService::AnswerSync(std::string_view ns, std::string_view operation, const SyncPlan& plan,
                                  const snapshot::PolicyIndex& snapshot, const ClientCookieData& cookie,
                                  SyncPass pass) {
  auto sealed = ResealAfterSync(cookie, snapshot, pass);
  if (!sealed.ok()) return WuspError::FromStatus(sealed.status());
  // NewCookie keeps the Expiration: real WSUS never extends a cookie by use.
  xml::SoapResponseWriter writer(ns, operation);
  AppendSyncInfo(writer.BeginResult(), plan, snapshot.catalog(),
                 ClientView{cookie.protocol_version, cookie.expires, *sealed});
  return std::move(writer).Finish();
}

WuspReply WuspService::SyncPrinterCatalog(const Call& call) {
  pugi::xml_node op = call.soap.operation();
  const std::string& ns = call.soap.operation_ns();
  auto opened = OpenCookieCall(call, CookieCheck::kRegistered);
  if (auto* refused = std::get_if<WuspError>(&opened)) return *refused;
  auto& [snapshot, cookie] = std::get<CookieCall>(opened);

  SyncRequest request;
  request.printers = true;
  for (auto [name, list] : {std::pair{"installedNonLeafUpdateIDs", &request.installed_non_leaf},
                            std::pair{"printerUpdateIDs", &request.cached_drivers}}) {
    auto ids = xml::ReadIntArray(op, ns, name);
    if (!ids.ok()) return WuspError::BadParameter(std::string("parameters.") + name, ids.status());
    if (ids->size() > options_.sync_limits.max_cached_ids) {
      return WuspError::BadParameter(std::string("parameters.") + name, Status::InvalidArgument("too many ids"));
    }
    *list = std::move(ids).value();
  }
  request.page_size = options_.page_size;
  request.high_water = DateTime::FromTicks(cookie.driver_high_water);
  SyncPlan plan = PlanSync(*snapshot, snapshot->GroupsOf(cookie.client_id, cookie.target_groups), request);
  // The printer catalog is a part of the drivers.
  return AnswerSync(ns, "SyncPrinterCatalog", plan, *snapshot, cookie, SyncPass::kPrinters);
}

WuspReply WuspService::RefreshCache(const Call& call) {
  pugi::xml_node op = call.soap.operation();
  const std::string& ns = call.soap.operation_ns();
  auto opened = OpenCookieCall(call, CookieCheck::kCurrent);
  if (auto* refused = std::get_if<WuspError>(&opened)) return *refused;
  auto& [snapshot, cookie] = std::get<CookieCall>(opened);
  pugi::xml_node ids = xml::FindParam(op, ns, "globalIDs");
  if (!ids || xml::IsNil(ids)) {
    return WuspError::BadParameter("parameters.globalIDs", Status::InvalidArgument("globalIDs is missing"));
  }
  auto identities = ParseUpdateIdentities(ids, ns, "globalIDs", options_.max_refresh_ids);
  if (auto* bad = std::get_if<WuspError>(&identities)) return *bad;

  snapshot::ComputerGroups groups = snapshot->GroupsOf(cookie.client_id, cookie.target_groups);
  xml::SoapResponseWriter writer(ns, "RefreshCache");
  std::string* out = writer.BeginResult();
  for (const RefreshedRevision& r :
       PlanRefreshCache(*snapshot, groups, std::get<std::vector<catalog::UpdateIdentity>>(identities))) {
    const snapshot::IndexedUpdate& u = snapshot->catalog().at(r.entry);
    out->append("<RefreshCacheResult><RevisionID>").append(std::to_string(u.revision_id)).append("</RevisionID>");
    out->append("<GlobalID><UpdateID>").append(r.identity.update_id.ToString()).append("</UpdateID><RevisionNumber>");
    out->append(std::to_string(r.identity.revision_number)).append("</RevisionNumber></GlobalID>");
    out->append(u.is_leaf ? "<IsLeaf>true</IsLeaf>" : "<IsLeaf>false</IsLeaf>");
    AppendDeployment(out, r.deployment, u, cookie.protocol_version);
    out->append("</RefreshCacheResult>");
  }
  return std::move(writer).Finish();
}

WuspReply WuspService::GetExtendedUpdateInfo(const Call& call) {
  pugi::xml_node op = call.soap.operation();
  const std::string& ns = call.soap.operation_ns();
  auto opened = OpenCookieCall(call, CookieCheck::kOpens);
  if (auto* refused = std::get_if<WuspError>(&opened)) return *refused;
  auto& [snapshot, cookie] = std::get<CookieCall>(opened);

  ExtendedInfoRequest request;
  auto revision_ids = xml::ReadIntArray(op, ns, "revisionIDs");
  if (!revision_ids.ok()) return WuspError::BadParameter("parameters.revisionIDs", revision_ids.status());
  // Real WSUS takes exactly MaxExtendedUpdatesPerRequest (50) ids, not one more.
  if (revision_ids->size() > kMaxExtendedUpdatesPerRequest) {
    return WuspError::BadParameter("parameters.revisionIDs",
                                   Status::InvalidArgument(std::to_string(revision_ids->size()) +
                                                           " revision ids, more than MaxExtendedUpdatesPerRequest"));
  }
  request.revision_ids = std::move(revision_ids).value();
  ReadFragmentRequest(op, ns, call.http, &request);
  request.in_scope = [&snapshot](int32_t revision_id) {
    auto entry = snapshot->catalog().FindRevision(revision_id);
    return entry && InClientScope(*snapshot, *entry);
  };
  return AnswerExtendedInfo(ns, "GetExtendedUpdateInfo", request);
}

WuspReply WuspService::GetExtendedUpdateInfo2(const Call& call) {
  pugi::xml_node op = call.soap.operation();
  const std::string& ns = call.soap.operation_ns();
  auto opened = OpenCookieCall(call, CookieCheck::kOpens);
  if (auto* refused = std::get_if<WuspError>(&opened)) return *refused;
  auto& [snapshot, cookie] = std::get<CookieCall>(opened);

  auto identities =
      ParseUpdateIdentities(xml::FindParam(op, ns, "updateIDs"), ns, "updateIDs", kMaxExtendedUpdatesPerRequest);
  if (auto* bad = std::get_if<WuspError>(&identities)) return *bad;
  ExtendedInfoRequest request;
  // Identities we hold, at that very revision, that the client may see;
  // the others get nothing (this result has no out-of-scope list).
  for (const catalog::UpdateIdentity& id : std::get<std::vector<catalog::UpdateIdentity>>(identities)) {
    auto entry = snapshot->catalog().FindUpdate(id.update_id);
    if (!entry || !InClientScope(*snapshot, *entry)) continue;
    const snapshot::IndexedUpdate& u = snapshot->catalog().at(*entry);
    if (u.revision_number == id.revision_number) request.revision_ids.push_back(u.revision_id);
  }
  ReadFragmentRequest(op, ns, call.http, &request);
  request.report_out_of_scope = false;
  return AnswerExtendedInfo(ns, "GetExtendedUpdateInfo2", request);
}

WuspReply WuspService::GetFileLocations(const Call& call) {
  pugi::xml_node op = call.soap.operation();
  const std::string& ns = call.soap.operation_ns();
  auto opened = OpenCookieCall(call, CookieCheck::kOpens);
  if (auto* refused = std::get_if<WuspError>(&opened)) return *refused;
  auto& [snapshot, cookie] = std::get<CookieCall>(opened);
  pugi::xml_node digests_node = xml::FindParam(op, ns, "fileDigests");
  if (!digests_node || xml::IsNil(digests_node)) {
    return WuspError::BadParameter("parameters.fileDigests", Status::InvalidArgument("fileDigests is missing"));
  }
  auto digests = xml::ReadBase64Array(op, ns, "fileDigests");
  if (!digests.ok()) return WuspError::BadParameter("parameters.fileDigests", digests.status());
  if (digests->size() > options_.max_file_digests) {
    return WuspError::BadParameter("parameters.fileDigests", Status::InvalidArgument("too many digests"));
  }
  for (const std::string& d : *digests) {
    if (d.size() != 20) {
      return WuspError::BadParameter("parameters.fileDigests", Status::InvalidArgument("a digest is not 20 bytes"));
    }
  }
  std::string host = ContentHost(call.http.headers.Get("Host").value_or(""));
  auto sealed = deps_.sealer->SealClientCookie(cookie);
  if (!sealed.ok()) return WuspError::FromStatus(sealed.status());

  xml::SoapResponseWriter writer(ns, "GetFileLocations");
  std::string* out = writer.BeginResult();
  std::string locations;
  for (const std::string& digest : *digests) {
    // Digests of no file we know get no location (MS-WUSP leaves it open).
    auto file = snapshot->catalog().FindFile(digest);
    if (!file) continue;
    locations.append("<FileLocation><FileDigest>").append(Base64Encode(digest)).append("</FileDigest><Url>");
    xml::AppendEscapedText(&locations, ContentUrl(host, digest, file->second->file_name));
    locations.append("</Url></FileLocation>");
  }
  if (!locations.empty()) out->append("<FileLocations>").append(locations).append("</FileLocations>");
  AppendCookie(out, "NewCookie", cookie.expires, *sealed);
  return std::move(writer).Finish();
}

}  // namespace openwsus::wusp
