#include "wusp/extended_info_service.h"

#include <string>
#include <utility>
#include <vector>

#include "common/base64.h"
#include "common/strings.h"
#include "wusp/sync_parameters.h"
#include "wusp/sync_planner.h"
#include "wusp/sync_response.h"
#include "xml/soap_response_writer.h"
#include "xml/xml_writer.h"

namespace openwsus::wusp {
namespace {

// The infoTypes, locales and content host of a GetExtendedUpdateInfo(2).
void ReadFragmentRequest(const http::SoapCall& call, ExtendedInfoRequest* request) {
  // ArrayOfXmlUpdateFragmentType: its items are not <string>.
  for (const pugi::xml_node& item :
       xml::ArrayItems(xml::FindParam(call.op(), call.ns(), "infoTypes"), call.ns(), "XmlUpdateFragmentType")) {
    request->info_types.emplace_back(Trim(item.text().get()));
  }
  request->locales = xml::ReadStringArray(call.op(), call.ns(), "locales");
  for (std::string& locale : request->locales) locale = std::string(Trim(locale));
  request->host = ContentHost(call.http.headers.Get("Host").value_or(""));
}

}  // namespace

ExtendedInfoService::ExtendedInfoService(CookieGate* gate, const CookieSealer* sealer, store::GuardedStore* store,
                                         const WuspOptions* options)
    : gate_(gate), sealer_(sealer), options_(options), fragments_(store, options->fragment_cache_bytes) {}

xml::SoapReply ExtendedInfoService::Answer(std::string_view ns, std::string_view operation,
                                           const snapshot::CatalogIndex& catalog, const ExtendedInfoRequest& request) {
  xml::SoapResponseWriter writer(ns, operation);
  Status built = AppendExtendedUpdateInfo(catalog, &fragments_, request, writer.BeginResult());
  if (!built.ok()) return xml::SoapError::FromStatus(built);
  return std::move(writer).Finish();
}

xml::SoapReply ExtendedInfoService::GetExtendedUpdateInfo(const http::SoapCall& call) {
  auto opened = gate_->Open(call, CookieGate::Check::kOpens);
  if (auto* refused = std::get_if<xml::SoapError>(&opened)) return *refused;
  const auto& snapshot = std::get<CookieGate::Opened>(opened).snapshot;

  ExtendedInfoRequest request;
  auto revision_ids = xml::ReadIntArray(call.op(), call.ns(), "revisionIDs");
  if (!revision_ids.ok()) return xml::SoapError::BadParameter("parameters.revisionIDs", revision_ids.status());
  // Real WSUS takes exactly MaxExtendedUpdatesPerRequest (50) ids, not one more.
  if (revision_ids->size() > kMaxExtendedUpdatesPerRequest) {
    return xml::SoapError::BadParameter(
        "parameters.revisionIDs", Status::InvalidArgument(std::to_string(revision_ids->size()) +
                                                          " revision ids, more than MaxExtendedUpdatesPerRequest"));
  }
  request.revision_ids = std::move(revision_ids).value();
  ReadFragmentRequest(call, &request);
  request.in_scope = [&snapshot](uint32_t entry) { return InClientScope(*snapshot, entry); };
  return Answer(call.ns(), "GetExtendedUpdateInfo", snapshot->catalog(), request);
}

xml::SoapReply ExtendedInfoService::GetExtendedUpdateInfo2(const http::SoapCall& call) {
  auto opened = gate_->Open(call, CookieGate::Check::kOpens);
  if (auto* refused = std::get_if<xml::SoapError>(&opened)) return *refused;
  const auto& snapshot = std::get<CookieGate::Opened>(opened).snapshot;

  auto identities = ParseUpdateIdentities(xml::FindParam(call.op(), call.ns(), "updateIDs"), call.ns(), "updateIDs",
                                          kMaxExtendedUpdatesPerRequest);
  if (auto* bad = std::get_if<xml::SoapError>(&identities)) return *bad;
  ExtendedInfoRequest request;
  // Identities we hold, at that very revision, that the client may see;
  // the others get nothing (this result has no out-of-scope list).
  for (const catalog::UpdateIdentity& id : std::get<std::vector<catalog::UpdateIdentity>>(identities)) {
    auto entry = snapshot->catalog().FindUpdate(id.update_id);
    if (!entry || !InClientScope(*snapshot, *entry)) continue;
    const snapshot::IndexedUpdate& u = snapshot->catalog().at(*entry);
    if (u.revision_number == id.revision_number) request.revision_ids.push_back(u.revision_id);
  }
  ReadFragmentRequest(call, &request);
  request.report_out_of_scope = false;
  return Answer(call.ns(), "GetExtendedUpdateInfo2", snapshot->catalog(), request);
}

xml::SoapReply ExtendedInfoService::GetFileLocations(const http::SoapCall& call) {
  auto opened = gate_->Open(call, CookieGate::Check::kOpens);
  if (auto* refused = std::get_if<xml::SoapError>(&opened)) return *refused;
  auto& [snapshot, cookie] = std::get<CookieGate::Opened>(opened);
  pugi::xml_node digests_node = xml::FindParam(call.op(), call.ns(), "fileDigests");
  if (!digests_node || xml::IsNil(digests_node)) {
    return xml::SoapError::BadParameter("parameters.fileDigests", Status::InvalidArgument("fileDigests is missing"));
  }
  auto digests = xml::ReadBase64Array(call.op(), call.ns(), "fileDigests");
  if (!digests.ok()) return xml::SoapError::BadParameter("parameters.fileDigests", digests.status());
  if (digests->size() > options_->max_file_digests) {
    return xml::SoapError::BadParameter("parameters.fileDigests", Status::InvalidArgument("too many digests"));
  }
  for (const std::string& d : *digests) {
    if (d.size() != 20) {
      return xml::SoapError::BadParameter("parameters.fileDigests",
                                          Status::InvalidArgument("a digest is not 20 bytes"));
    }
  }
  std::string host = ContentHost(call.http.headers.Get("Host").value_or(""));
  auto sealed = sealer_->SealClientCookie(cookie);
  if (!sealed.ok()) return xml::SoapError::FromStatus(sealed.status());

  xml::SoapResponseWriter writer(call.ns(), "GetFileLocations");
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
