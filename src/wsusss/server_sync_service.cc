#include "wsusss/server_sync_service.h"

#include <set>
#include <string>
#include <utility>

#include "catalog/update_parser.h"
#include "common/base64.h"
#include "common/strings.h"
#include "http/soap_endpoint.h"
#include "store/server_settings.h"
#include "store/settings_keys.h"
#include "wsusss/languages.h"
#include "wsusss/sync_anchor.h"
#include "wsusss/update_blob.h"
#include "xml/service_names.h"
#include "xml/soap_request.h"
#include "xml/soap_response_writer.h"
#include "xml/xml_writer.h"

namespace openwsus::wsusss {
namespace {

using xml::SoapError;
using xml::SoapReply;
using xml::WuspErrorCode;

constexpr std::string_view kDssAuthServiceUrl = "DssAuthWebService/DssAuthWebService.asmx";
// Ids per Categories / Classifications list: a real filter names a few dozen.
constexpr size_t kMaxFilterIds = 1000;

// The value of an operation that returned a variant, or its fault.
#define OW_TAKE_OR_FAULT(lhs, expr)                                   \
  auto lhs##_or = (expr);                                             \
  if (auto* fault = std::get_if<SoapError>(&lhs##_or)) return *fault; \
  auto& lhs = std::get<0>(lhs##_or)

void AppendIdentity(std::string* out, std::string_view element, const catalog::UpdateIdentity& id) {
  *out += "<" + std::string(element) + ">";
  xml::AppendElement(out, "UpdateID", id.update_id.ToString());
  xml::AppendElement(out, "RevisionNumber", std::to_string(id.revision_number));
  *out += "</" + std::string(element) + ">";
}

OrError<std::vector<IdAndDelta>> ParseIdAndDeltas(const pugi::xml_node& filter, std::string_view ns,
                                                  std::string_view list) {
  std::vector<IdAndDelta> out;
  for (const pugi::xml_node& item : xml::ArrayItems(xml::FindChild(filter, ns, list), ns, "IdAndDelta")) {
    if (out.size() == kMaxFilterIds) {
      return SoapError::BadParameter("filter", Status::ResourceExhausted("more than 1000 ids in " + std::string(list)));
    }
    auto id = xml::ReadGuid(item, ns, "Id");
    auto delta = xml::ReadBool(item, ns, "Delta");
    if (!id.ok() || !*id || !delta.ok()) {
      return SoapError::BadParameter("filter", Status::InvalidArgument("bad IdAndDelta in " + std::string(list)));
    }
    out.push_back({**id, delta->value_or(false)});
  }
  return out;
}

OrError<std::vector<catalog::UpdateIdentity>> ParseIdentities(const http::SoapCall& call, size_t max) {
  std::vector<catalog::UpdateIdentity> out;
  for (const pugi::xml_node& item :
       xml::ArrayItems(xml::FindParam(call.op(), call.ns(), "updateIds"), call.ns(), "UpdateIdentity")) {
    if (out.size() == max) {
      return SoapError::BadParameter("updateIds",
                                     Status::ResourceExhausted("more than " + std::to_string(max) + " update ids"));
    }
    auto id = xml::ReadGuid(item, call.ns(), "UpdateID");
    auto revision = xml::ReadInt(item, call.ns(), "RevisionNumber");
    if (!id.ok() || !*id || !revision.ok() || !*revision) {
      return SoapError::BadParameter("updateIds", Status::InvalidArgument("bad UpdateIdentity"));
    }
    out.push_back({**id, **revision});
  }
  return out;
}

std::set<std::string> EnabledLanguages(store::Store* store) {
  auto setting = store->GetSetting(store::kUpdateLanguagesKey);
  std::set<std::string> enabled;
  std::string text = setting.ok() && *setting ? **setting : "en";
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    if (end > at) enabled.insert(text.substr(at, end - at));
    at = end + 1;
  }
  return enabled;
}

void AppendLanguages(std::string* out, const std::set<std::string>& enabled) {
  *out += "<LanguageUpdateList>";
  for (const Language& l : UpdateLanguages()) {
    *out += "<ServerSyncLanguageData>";
    xml::AppendElement(out, "LanguageID", std::to_string(l.id));
    xml::AppendElement(out, "ShortLanguage", l.short_name);
    xml::AppendElement(out, "LongLanguage", l.long_name);
    xml::AppendElement(out, "Enabled", l.id != 0 && enabled.count(std::string(l.short_name)) ? "true" : "false");
    *out += "</ServerSyncLanguageData>";
  }
  *out += "</LanguageUpdateList>";
}

}  // namespace

const ServerSyncService::Operation ServerSyncService::kOperations[] = {
    {xml::kDssAuthWebServiceNs, "GetAuthorizationCookie", &ServerSyncService::GetAuthorizationCookie},
    {xml::kServerSyncWebServiceNs, "GetAuthConfig", &ServerSyncService::GetAuthConfig},
    {xml::kServerSyncWebServiceNs, "GetCookie", &ServerSyncService::GetCookie},
    {xml::kServerSyncWebServiceNs, "GetConfigData", &ServerSyncService::GetConfigData},
    {xml::kServerSyncWebServiceNs, "GetRevisionIdList", &ServerSyncService::GetRevisionIdList},
    {xml::kServerSyncWebServiceNs, "GetUpdateData", &ServerSyncService::GetUpdateData},
    {xml::kServerSyncWebServiceNs, "GetUpdateDecryptionData", &ServerSyncService::GetUpdateDecryptionData},
    {xml::kServerSyncWebServiceNs, "DownloadFiles", &ServerSyncService::DownloadFiles},
    {xml::kServerSyncWebServiceNs, "Ping", &ServerSyncService::Ping},
};

ServerSyncService::ServerSyncService(WsusssDeps deps, WsusssOptions options)
    : options_(std::move(options)),
      server_id_(deps.server_id),
      store_(deps.store),
      gate_(&store_, deps.sealer, &options_) {}

void ServerSyncService::Register(http::Router* router) {
  const std::pair<std::string_view, std::string_view> services[] = {
      {xml::kServerSyncServicePath, xml::kServerSyncWebServiceNs},
      {xml::kDssAuthServicePath, xml::kDssAuthWebServiceNs},
      {xml::kDssAuthServiceDoubleSlashPath, xml::kDssAuthWebServiceNs},
  };
  for (const auto& [path, ns] : services) {
    router->Add("POST", path, [this, ns = ns](const http::HttpRequest& request) { return Handle(ns, request); });
  }
}

http::HttpResponse ServerSyncService::Handle(std::string_view service_ns, const http::HttpRequest& request) {
  http::SoapEndpoint endpoint{.log_name = "wsusss", .limits = options_.limits, .fault_actor = true};
  return http::AnswerSoap(request, endpoint, [&](const http::SoapCall& call) { return Dispatch(service_ns, call); });
}

SoapReply ServerSyncService::Dispatch(std::string_view service_ns, const http::SoapCall& call) {
  const std::string& op = call.soap.operation_name();
  if (call.soap.operation_ns() == service_ns) {
    for (const Operation& operation : kOperations) {
      if (operation.service_ns == service_ns && operation.name == op) return (this->*operation.answer)(call);
    }
  }
  return http::UnknownOperation(call, service_ns);
}

SoapReply ServerSyncService::GetAuthorizationCookie(const http::SoapCall& call) {
  OW_TAKE_OR_FAULT(cookie_data, gate_.Authorize(call));
  xml::SoapResponseWriter writer(call.ns(), "GetAuthorizationCookie");
  std::string* out = writer.BeginResult();
  xml::AppendElement(out, "PlugInId", "DssTargeting");
  xml::AppendElement(out, "CookieData", cookie_data);
  return std::move(writer).Finish();
}

SoapReply ServerSyncService::GetAuthConfig(const http::SoapCall& call) {
  auto last_change = store_.With([](store::Store* s) { return store::LoadOrCreateConfigLastChange(s); });
  if (!last_change.ok()) return SoapError::FromStatus(last_change.status());
  // What the real server answers: no AllowedEventIds, an empty Parameter.
  xml::SoapResponseWriter writer(call.ns(), "GetAuthConfig");
  std::string* out = writer.BeginResult();
  xml::AppendElement(out, "LastChange", last_change->ToString());
  *out += "<AuthInfo><AuthPlugInInfo><PlugInID>DssTargeting</PlugInID>";
  xml::AppendElement(out, "ServiceUrl", kDssAuthServiceUrl);
  *out += "<Parameter /></AuthPlugInInfo></AuthInfo>";
  return std::move(writer).Finish();
}

SoapReply ServerSyncService::GetCookie(const http::SoapCall& call) {
  std::string encrypted;
  OW_TAKE_OR_FAULT(cookie, gate_.IssueCookie(call, &encrypted));
  xml::SoapResponseWriter writer(call.ns(), "GetCookie");
  std::string* out = writer.BeginResult();
  xml::AppendElement(out, "Expiration", cookie.expires.ToString());
  xml::AppendElement(out, "EncryptedData", encrypted);
  return std::move(writer).Finish();
}

Result<int64_t> ServerSyncService::ConfigVersion() {
  OW_ASSIGN_OR_RETURN(DateTime last_change,
                      store_.With([](store::Store* s) { return store::LoadOrCreateConfigLastChange(s); }));
  return last_change.ticks_since_epoch() / 10'000;  // milliseconds: what LastChange keeps
}

SoapReply ServerSyncService::GetConfigData(const http::SoapCall& call) {
  OW_TAKE_OR_FAULT(dss, gate_.Open(call));
  (void)dss;
  auto version = ConfigVersion();
  if (!version.ok()) return SoapError::FromStatus(version.status());
  std::optional<std::string> sent = xml::ReadString(call.op(), call.ns(), "configAnchor");
  bool current = false;
  if (sent && !Trim(*sent).empty()) {
    auto anchor = DecodeAnchor(*sent, server_id_, *version);
    if (!anchor.ok()) return SoapError::BadParameter("configAnchor", anchor.status());
    current = anchor->change_number == *version;
  }
  std::set<std::string> languages = store_.With([](store::Store* s) { return EnabledLanguages(s); });
  xml::SoapResponseWriter writer(call.ns(), "GetConfigData");
  std::string* out = writer.BeginResult();
  *out += "<CatalogOnlySync>false</CatalogOnlySync>";
  xml::AppendElement(out, "LazySync", options_.lazy_sync ? "true" : "false");
  *out += "<ServerHostsPsfFiles>false</ServerHostsPsfFiles>";
  // No driver sets: a real upstream serves them only as Microsoft Update.
  *out +=
      "<MaxNumberOfComputerIdsInRequest>0</MaxNumberOfComputerIdsInRequest>"
      "<MaxNumberOfDriverSetsPerRequest>0</MaxNumberOfDriverSetsPerRequest>"
      "<MaxNumberOfPnpHardwareIdsInRequest>0</MaxNumberOfPnpHardwareIdsInRequest>";
  xml::AppendElement(out, "MaxNumberOfUpdatesPerRequest", std::to_string(options_.max_updates_per_request));
  xml::AppendElement(out, "NewConfigAnchor", EncodeAnchor({*version, call.now}, server_id_));
  xml::AppendElement(out, "ProtocolVersion", options_.protocol_version);
  // A downstream holding the current anchor gets the short answer, as from
  // a real upstream: nothing it has changed.
  if (!current) AppendLanguages(out, languages);
  xml::AppendElement(out, "MaxUpdatesPerRequestInGetUpdateDecryptionData",
                     std::to_string(options_.max_decryption_updates_per_request));
  return std::move(writer).Finish();
}

Result<std::shared_ptr<const RevisionIndex>> ServerSyncService::CurrentIndex() {
  OW_ASSIGN_OR_RETURN(int64_t change, store_.With([](store::Store* s) { return s->CurrentChangeNumber(); }));
  std::lock_guard<std::mutex> lock(index_mu_);
  if (index_ && index_->change_number() == change) return index_;
  OW_ASSIGN_OR_RETURN(store::RevisionIndexRows rows,
                      store_.With([](store::Store* s) { return s->ReadRevisionIndex(); }));
  index_ = std::make_shared<const RevisionIndex>(std::move(rows));
  return index_;
}

SoapReply ServerSyncService::GetRevisionIdList(const http::SoapCall& call) {
  OW_TAKE_OR_FAULT(dss, gate_.Open(call));
  pugi::xml_node filter = xml::FindParam(call.op(), call.ns(), "filter");
  auto get_config = xml::ReadBool(filter, call.ns(), "GetConfig");
  if (!filter || !get_config.ok() || !*get_config) {
    return SoapError::BadParameter("filter", Status::InvalidArgument("no filter with GetConfig"));
  }
  auto index = CurrentIndex();
  if (!index.ok()) return SoapError::FromStatus(index.status());
  RevisionQuery query{.get_config = **get_config};
  std::optional<std::string> anchor_text = xml::ReadString(filter, call.ns(), "Anchor");
  if (anchor_text && !Trim(*anchor_text).empty()) {
    auto anchor = DecodeAnchor(*anchor_text, server_id_, (*index)->change_number());
    if (!anchor.ok()) return SoapError::BadParameter("filter", anchor.status());
    query.after = anchor->change_number;
  }
  OW_TAKE_OR_FAULT(categories, ParseIdAndDeltas(filter, call.ns(), "Categories"));
  OW_TAKE_OR_FAULT(classifications, ParseIdAndDeltas(filter, call.ns(), "Classifications"));
  query.categories = std::move(categories);
  query.classifications = std::move(classifications);
  std::vector<catalog::UpdateIdentity> revisions = (*index)->Select(query);

  xml::SoapResponseWriter writer(call.ns(), "GetRevisionIdList");
  std::string* out = writer.BeginResult();
  xml::AppendElement(out, "Anchor", EncodeAnchor({(*index)->change_number(), call.now}, server_id_));
  *out += "<NewRevisions>";
  for (const catalog::UpdateIdentity& id : revisions) AppendIdentity(out, "UpdateIdentity", id);
  *out += "</NewRevisions>";
  Status touched = gate_.Touch(dss.client_id, call.now, /*synced=*/true, /*replica=*/false);
  if (!touched.ok()) return SoapError::FromStatus(touched);
  return std::move(writer).Finish();
}

Status ServerSyncService::AppendUpdate(const catalog::UpdateIdentity& id, std::string* updates, std::string* urls) {
  OW_ASSIGN_OR_RETURN(store::StoredRevision revision,
                      store_.With([&](store::Store* s) -> Result<store::StoredRevision> {
                        OW_ASSIGN_OR_RETURN(int32_t revision_id, s->FindRevisionId(id));
                        return s->FindRevision(revision_id);
                      }));
  OW_ASSIGN_OR_RETURN(catalog::Update update, catalog::ParseUpdate(revision.xml));
  OW_ASSIGN_OR_RETURN(UpdateBlob blob, MakeUpdateBlob(revision.xml));
  std::string digests;
  if (!update.files.empty()) {
    digests = "<FileDigestList>";
    for (const catalog::UpdateFile& f : update.files) {
      xml::AppendElement(&digests, "base64Binary", Base64Encode(f.sha1));
      // MUUrl when we know where Microsoft Update hosts the file; without it
      // the downstream fetches from our /Content. UssUrl is unused (spec).
      OW_ASSIGN_OR_RETURN(std::optional<std::string> origin,
                          store_.With([&](store::Store* s) { return s->FindFileOrigin(f.sha1); }));
      *urls += "<ServerSyncUrlData>";
      xml::AppendElement(urls, "FileDigest", Base64Encode(f.sha1));
      if (origin) xml::AppendElement(urls, "MUUrl", *origin);
      *urls += "<UssUrl /></ServerSyncUrlData>";
    }
    digests += "</FileDigestList>";
  }
  // WSDL order: Id, XmlUpdateBlob, FileDigestList, XmlUpdateBlobCompressed.
  *updates += "<ServerSyncUpdateData>";
  AppendIdentity(updates, "Id", id);
  if (!blob.compressed) xml::AppendElement(updates, "XmlUpdateBlob", blob.text);
  *updates += digests;
  if (blob.compressed) xml::AppendElement(updates, "XmlUpdateBlobCompressed", blob.text);
  *updates += "</ServerSyncUpdateData>";
  return Status::Ok();
}

SoapReply ServerSyncService::GetUpdateData(const http::SoapCall& call) {
  OW_TAKE_OR_FAULT(dss, gate_.Open(call));
  (void)dss;
  OW_TAKE_OR_FAULT(ids, ParseIdentities(call, options_.max_updates_per_request));
  std::string updates;
  std::string urls;
  for (const catalog::UpdateIdentity& id : ids) {
    Status added = AppendUpdate(id, &updates, &urls);
    // One unknown id fails the whole call, as on a real upstream.
    if (added.code() == StatusCode::kNotFound) {
      return SoapError::Protocol(WuspErrorCode::kInternalServerError, added);
    }
    if (!added.ok()) return SoapError::FromStatus(added);
  }
  xml::SoapResponseWriter writer(call.ns(), "GetUpdateData");
  std::string* out = writer.BeginResult();
  *out += updates.empty() ? "<updates />" : "<updates>" + updates + "</updates>";
  *out += urls.empty() ? "<fileUrls />" : "<fileUrls>" + urls + "</fileUrls>";
  return std::move(writer).Finish();
}

SoapReply ServerSyncService::GetUpdateDecryptionData(const http::SoapCall& call) {
  OW_TAKE_OR_FAULT(dss, gate_.Open(call));
  (void)dss;
  OW_TAKE_OR_FAULT(ids, ParseIdentities(call, options_.max_decryption_updates_per_request));
  (void)ids;
  // We hold no decryption keys: no update we serve has encrypted files.
  xml::SoapResponseWriter writer(call.ns(), "GetUpdateDecryptionData");
  writer.BeginResult()->append("<UpdateData />");
  return std::move(writer).Finish();
}

SoapReply ServerSyncService::DownloadFiles(const http::SoapCall& call) {
  OW_TAKE_OR_FAULT(dss, gate_.Open(call));
  (void)dss;
  auto digests = xml::ReadBase64Array(call.op(), call.ns(), "fileDigestList");
  if (!digests.ok()) return SoapError::BadParameter("fileDigestList", digests.status());
  if (digests->size() > options_.max_download_digests) {
    return SoapError::BadParameter("fileDigestList", Status::ResourceExhausted("more than 100 digests"));
  }
  // Content reaches us by import; there is no upstream to fetch from yet, so
  // the request is accepted and changes nothing.
  return xml::SoapResponseWriter(call.ns(), "DownloadFiles").Finish();
}

SoapReply ServerSyncService::Ping(const http::SoapCall& call) {
  xml::SoapResponseWriter writer(call.ns(), "Ping");
  writer.BeginResult();
  return std::move(writer).Finish();
}

}  // namespace openwsus::wsusss
