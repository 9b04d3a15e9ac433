// ServerSyncService: the upstream role of MS-WSUSSS, the services a downstream
// server (a real WSUS, or ours) syncs from: ServerSyncWebService (GetAuthConfig,
// GetCookie, GetConfigData, GetRevisionIdList, GetUpdateData,
// GetUpdateDecryptionData, DownloadFiles, Ping) and DssAuthWebService
// (GetAuthorizationCookie), at the paths real downstreams use, matched
// without regard to case (and with the doubled leading slash a real WSUS
// sends, protocol-wsusss.md (b)).
//
// Answers keep the real server's shape (protocol-wsusss.md (h)): the .asmx
// envelope, elements in WSDL order, faults with faultactor. Who calls is the
// DownstreamGate's business; what changed since an anchor is the store's
// change number (sync_anchor.h, revision_index.h); documents go out as
// stored (update_blob.h).
//
// Thread-safety: Handle() runs on many handler threads at once. The store is
// used under one lock (GuardedStore); give the service its own Store. The
// revision index is rebuilt when the store's change number moves and shared
// read-only otherwise.
#ifndef OPENWSUS_WSUSSS_SERVER_SYNC_SERVICE_H_
#define OPENWSUS_WSUSSS_SERVER_SYNC_SERVICE_H_

#include <memory>
#include <mutex>
#include <string_view>

#include "common/cookie_sealer.h"
#include "http/http_request.h"
#include "http/http_response.h"
#include "http/router.h"
#include "http/soap_call.h"
#include "store/guarded_store.h"
#include "wsusss/downstream_gate.h"
#include "wsusss/revision_index.h"
#include "wsusss/wsusss_options.h"

namespace openwsus::wsusss {

struct WsusssDeps {
  store::Store* store = nullptr;
  const CookieSealer* sealer = nullptr;
  Guid server_id;  // binds our anchors to this server
};

class ServerSyncService {
 public:
  explicit ServerSyncService(WsusssDeps deps, WsusssOptions options = {});

  void Register(http::Router* router);
  http::HttpResponse Handle(std::string_view service_ns, const http::HttpRequest& request);

 private:
  struct Operation {
    std::string_view service_ns;
    std::string_view name;
    xml::SoapReply (ServerSyncService::*answer)(const http::SoapCall& call);
  };
  static const Operation kOperations[];

  xml::SoapReply Dispatch(std::string_view service_ns, const http::SoapCall& call);
  xml::SoapReply GetAuthorizationCookie(const http::SoapCall& call);
  xml::SoapReply GetAuthConfig(const http::SoapCall& call);
  xml::SoapReply GetCookie(const http::SoapCall& call);
  xml::SoapReply GetConfigData(const http::SoapCall& call);
  xml::SoapReply GetRevisionIdList(const http::SoapCall& call);
  xml::SoapReply GetUpdateData(const http::SoapCall& call);
  xml::SoapReply GetUpdateDecryptionData(const http::SoapCall& call);
  xml::SoapReply DownloadFiles(const http::SoapCall& call);
  xml::SoapReply Ping(const http::SoapCall& call);

  // The index as of the store's current change number.
  Result<std::shared_ptr<const RevisionIndex>> CurrentIndex();
  // The config anchor's change: the config LastChange as ticks.
  Result<int64_t> ConfigVersion();
  // One ServerSyncUpdateData and its files' ServerSyncUrlData.
  Status AppendUpdate(const catalog::UpdateIdentity& id, std::string* updates, std::string* urls);

  WsusssOptions options_;
  Guid server_id_;
  store::GuardedStore store_;
  DownstreamGate gate_;
  std::mutex index_mu_;
  std::shared_ptr<const RevisionIndex> index_;  // GUARDED_BY(index_mu_)
};

}  // namespace openwsus::wsusss

#endif  // OPENWSUS_WSUSSS_SERVER_SYNC_SERVICE_H_
