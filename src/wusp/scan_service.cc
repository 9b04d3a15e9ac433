#include "wusp/scan_service.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wusp/sync_parameters.h"
#include "wusp/sync_response.h"
#include "xml/soap_response_writer.h"

namespace openwsus::wusp {
namespace {

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

}  // namespace

ScanService::ScanService(CookieGate* gate, const CookieSealer* sealer, snapshot::SnapshotManager* snapshots,
                         ClientWriter* writer, const WuspOptions* options)
    : gate_(gate), sealer_(sealer), snapshots_(snapshots), writer_(writer), options_(options) {}

xml::SoapReply ScanService::StartCategoryScan(const http::SoapCall& call) {
  pugi::xml_node requested = xml::FindParam(call.op(), call.ns(), "requestedCategories");
  if (!requested || xml::IsNil(requested)) {
    return xml::SoapError::BadParameter("parameters.requestedCategories",
                                        Status::InvalidArgument("requestedCategories is missing"));
  }
  std::vector<std::pair<int32_t, std::vector<Guid>>> groups;  // AND groups, in order
  size_t count = 0;
  for (const pugi::xml_node& item : xml::ArrayItems(requested, call.ns(), "CategoryRelationship")) {
    if (++count > options_->max_scan_categories) {
      return xml::SoapError::BadParameter(
          "parameters.requestedCategories",
          Status::InvalidArgument("more than " + std::to_string(options_->max_scan_categories) + " categories"));
    }
    auto index = xml::ReadInt(item, call.ns(), "IndexOfAndGroup");
    auto id = xml::ReadGuid(item, call.ns(), "CategoryId");
    if (!index.ok() || !id.ok() || !*id) {
      return xml::SoapError::BadParameter("parameters.requestedCategories",
                                          Status::InvalidArgument("malformed CategoryRelationship"));
    }
    int32_t group = index->value_or(0);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == group; });
    if (it == groups.end()) it = groups.insert(groups.end(), {group, {}});
    it->second.push_back(**id);
  }
  auto snapshot = snapshots_->Current();
  auto [preferred, errors] = PreferredCategories(snapshot->catalog(), groups);

  // Out parameters: straight in the response element, no StartCategoryScanResult.
  xml::SoapResponseWriter writer(call.ns(), "StartCategoryScan");
  std::string* out = writer.BeginContent();
  AppendGuids(out, "preferredCategoryIds", preferred);
  AppendGuids(out, "requestedCategoryIdsInError", errors);
  return std::move(writer).Finish();
}

xml::SoapReply ScanService::SyncUpdates(const http::SoapCall& call) {
  auto opened = gate_->Open(call, CookieGate::Check::kRegistered);
  if (auto* refused = std::get_if<xml::SoapError>(&opened)) return *refused;
  auto& [snapshot, cookie] = std::get<CookieGate::Opened>(opened);

  pugi::xml_node parameters = xml::FindParam(call.op(), call.ns(), "parameters");
  if (!parameters || xml::IsNil(parameters)) {
    return xml::SoapError::BadParameter("parameters", Status::InvalidArgument("parameters is missing"));
  }
  auto parsed = ParseSyncParameters(parameters, call.ns(), options_->sync_limits);
  if (auto* bad = std::get_if<xml::SoapError>(&parsed)) return *bad;
  SyncRequest& request = std::get<SyncRequest>(parsed);
  request.page_size = options_->page_size;
  request.high_water =
      DateTime::FromTicks(request.skip_software ? cookie.driver_high_water : cookie.deployment_high_water);

  snapshot::ComputerGroups groups = snapshot->GroupsOf(cookie.client_id, cookie.target_groups);
  SyncPlan plan = PlanSync(*snapshot, groups, request);
  SyncPass pass = !request.filter_categories.empty() ? SyncPass::kPartial
                  : request.skip_software            ? SyncPass::kDrivers
                                                     : SyncPass::kSoftware;
  writer_->RecordSync(cookie.client_id, call.now);
  return AnswerSync(call.ns(), "SyncUpdates", plan, *snapshot, cookie, pass);
}

Result<std::string> ScanService::ResealAfterSync(ClientCookieData cookie, const snapshot::PolicyIndex& snapshot,
                                                 SyncPass pass) const {
  int64_t margin = std::chrono::duration_cast<std::chrono::seconds>(options_->high_water_margin).count() * 10'000'000;
  int64_t mark = snapshot.as_of().ticks_since_epoch() - margin;
  if (pass == SyncPass::kSoftware) cookie.deployment_high_water = std::max(cookie.deployment_high_water, mark);
  if (pass == SyncPass::kDrivers) cookie.driver_high_water = std::max(cookie.driver_high_water, mark);
  // A category-filtered scan saw the changes of part of the cache only, so
  // it moves the mark no further than "synced once" (1 tick): later scans
  // then get every deployment that ever changed, but not all the others
  // again, as a cookie that never synced would (real WSUS sends those once).
  if (pass == SyncPass::kPartial) cookie.deployment_high_water = std::max<int64_t>(cookie.deployment_high_water, 1);
  if (pass == SyncPass::kPrinters) cookie.driver_high_water = std::max<int64_t>(cookie.driver_high_water, 1);
  return sealer_->SealClientCookie(std::move(cookie));
}

xml::SoapReply ScanService::AnswerSync(std::string_view ns, std::string_view operation, const SyncPlan& plan,
                                       const snapshot::PolicyIndex& snapshot, const ClientCookieData& cookie,
                                       SyncPass pass) const {
  auto sealed = ResealAfterSync(cookie, snapshot, pass);
  if (!sealed.ok()) return xml::SoapError::FromStatus(sealed.status());
  // NewCookie keeps the Expiration: real WSUS never extends a cookie by use.
  xml::SoapResponseWriter writer(ns, operation);
  AppendSyncInfo(writer.BeginResult(), plan, snapshot.catalog(),
                 ClientView{cookie.protocol_version, cookie.expires, *sealed});
  return std::move(writer).Finish();
}

xml::SoapReply ScanService::SyncPrinterCatalog(const http::SoapCall& call) {
  auto opened = gate_->Open(call, CookieGate::Check::kRegistered);
  if (auto* refused = std::get_if<xml::SoapError>(&opened)) return *refused;
  auto& [snapshot, cookie] = std::get<CookieGate::Opened>(opened);

  SyncRequest request;
  request.printers = true;
  for (auto [name, list] : {std::pair{"installedNonLeafUpdateIDs", &request.installed_non_leaf},
                            std::pair{"printerUpdateIDs", &request.cached_drivers}}) {
    auto ids = xml::ReadIntArray(call.op(), call.ns(), name);
    if (!ids.ok()) return xml::SoapError::BadParameter(std::string("parameters.") + name, ids.status());
    if (ids->size() > options_->sync_limits.max_cached_ids) {
      return xml::SoapError::BadParameter(std::string("parameters.") + name, Status::InvalidArgument("too many ids"));
    }
    *list = std::move(ids).value();
  }
  request.page_size = options_->page_size;
  request.high_water = DateTime::FromTicks(cookie.driver_high_water);
  SyncPlan plan = PlanSync(*snapshot, snapshot->GroupsOf(cookie.client_id, cookie.target_groups), request);
  // The printer catalog is a part of the drivers.
  return AnswerSync(call.ns(), "SyncPrinterCatalog", plan, *snapshot, cookie, SyncPass::kPrinters);
}

xml::SoapReply ScanService::RefreshCache(const http::SoapCall& call) {
  auto opened = gate_->Open(call, CookieGate::Check::kCurrent);
  if (auto* refused = std::get_if<xml::SoapError>(&opened)) return *refused;
  auto& [snapshot, cookie] = std::get<CookieGate::Opened>(opened);
  pugi::xml_node ids = xml::FindParam(call.op(), call.ns(), "globalIDs");
  if (!ids || xml::IsNil(ids)) {
    return xml::SoapError::BadParameter("parameters.globalIDs", Status::InvalidArgument("globalIDs is missing"));
  }
  auto identities = ParseUpdateIdentities(ids, call.ns(), "globalIDs", options_->max_refresh_ids);
  if (auto* bad = std::get_if<xml::SoapError>(&identities)) return *bad;

  snapshot::ComputerGroups groups = snapshot->GroupsOf(cookie.client_id, cookie.target_groups);
  xml::SoapResponseWriter writer(call.ns(), "RefreshCache");
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

}  // namespace openwsus::wusp
