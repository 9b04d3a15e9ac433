// ExtendedInfoService: the metadata and file operations of
// ClientWebService: GetExtendedUpdateInfo, GetExtendedUpdateInfo2 (by
// update identity) and GetFileLocations. Core fragments, files and scope come
// from the scan snapshot; the other fragments from the FragmentCache, so
// requests from many connections do not wait on each other.
//
// Thread-safety: every operation may run on many handler threads at once.
#ifndef OPENWSUS_WUSP_EXTENDED_INFO_SERVICE_H_
#define OPENWSUS_WUSP_EXTENDED_INFO_SERVICE_H_

#include <string_view>

#include "common/cookie_sealer.h"
#include "http/soap_call.h"
#include "store/guarded_store.h"
#include "wusp/cookie_gate.h"
#include "wusp/extended_info.h"
#include "wusp/fragment_cache.h"
#include "wusp/wusp_options.h"
#include "xml/soap_error.h"

namespace openwsus::wusp {

class ExtendedInfoService {
 public:
  // Everything passed in must outlive the service.
  ExtendedInfoService(CookieGate* gate, const CookieSealer* sealer, store::GuardedStore* store,
                      const WuspOptions* options);

  xml::SoapReply GetExtendedUpdateInfo(const http::SoapCall& call);
  xml::SoapReply GetExtendedUpdateInfo2(const http::SoapCall& call);
  xml::SoapReply GetFileLocations(const http::SoapCall& call);

 private:
  // The result of GetExtendedUpdateInfo(2) for `request`.
  xml::SoapReply Answer(std::string_view ns, std::string_view operation, const snapshot::CatalogIndex& catalog,
                        const ExtendedInfoRequest& request);

  CookieGate* gate_;
  const CookieSealer* sealer_;
  const WuspOptions* options_;
  FragmentCache fragments_;
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_EXTENDED_INFO_SERVICE_H_
