// ExtendedInfo: the result of GetExtendedUpdateInfo (protocol-wusp.md (a) 7)
// and the FileLocation URLs it hands out (protocol-wusp.md (c) "Content URLs").
//
// For the requested revisions, in the real server's element order:
//   Updates: one Update{ID, Xml} per known revision for "Extended", then one
//     per known revision for "LocalizedProperties" (the first of the requested
//     locales the document has, each tried whole and then by its language
//     part, "en-US" -> "en", with "en" tried last); Xml is the fragment text,
//     entity-escaped as the real server sends it;
//   FileLocations: FileDigest (base64 SHA-1) and Url for every file of every
//     known revision, asked for or not;
//   OutOfScopeRevisionIDs: the ids the snapshot does not hold (unknown, or
//     not an update's latest revision), and those the client may not see
//     (`in_scope`: declined, say).
// Empty sections are left out, as the real server does. "Core" is answered
// too (the fragment SyncUpdates sends); other types (Eula, FileUrl, ...)
// add no Update.
//
// Core fragments and files come from the scan snapshot's CatalogIndex, the
// other fragments from a FragmentCache: no request takes a lock of the whole
// service.
//
// Plain functions; thread-safe.
#ifndef OPENWSUS_WUSP_EXTENDED_INFO_H_
#define OPENWSUS_WUSP_EXTENDED_INFO_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "snapshot/catalog_index.h"
#include "wusp/fragment_cache.h"

namespace openwsus::wusp {

// MaxExtendedUpdatesPerRequest, as GetConfig announces it.
inline constexpr size_t kMaxExtendedUpdatesPerRequest = 50;

struct ExtendedInfoRequest {
  std::vector<int32_t> revision_ids;
  std::vector<std::string> info_types;  // XmlUpdateFragmentType names
  std::vector<std::string> locales;
  std::string host;  // "host[:port]" for the content URLs (ContentHost)
  // Whether the client may see the catalog entry; null: every entry.
  std::function<bool(uint32_t)> in_scope;
  // GetExtendedUpdateInfo2 has no OutOfScopeRevisionIDs in its result.
  bool report_out_of_scope = true;
};

// Appends the inner XML of GetExtendedUpdateInfoResult to `out`.
// REQUIRES: request.revision_ids.size() <= kMaxExtendedUpdatesPerRequest
// (the caller answers InvalidParameters). Errors: the cache's (the store's,
// or a stored document that does not parse).
Status AppendExtendedUpdateInfo(const snapshot::CatalogIndex& catalog, FragmentCache* fragments,
                                const ExtendedInfoRequest& request, std::string* out);

// The languages tried, in order, for `locales`: each locale, then its
// language part, then "en"; without duplicates, compared case-insensitively.
std::vector<std::string> LanguagesToTry(const std::vector<std::string>& locales);

// "http://<host>/Content/XX/SHA1HEX.ext" as the real WSUS builds it: XX the
// digest's last byte in upper-case hex, the extension of `file_name` as it is
// (none when it is not 1-16 letters or digits, which the content service
// would not serve anyway). REQUIRES: sha1.size() == 20.
std::string ContentUrl(std::string_view host, std::string_view sha1, std::string_view file_name);

// The Host header as a URL authority ("192.0.2.1:8530", "[::1]:8530"), or
// "localhost" when absent or not made of host characters only.
std::string ContentHost(std::string_view host_header);

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_EXTENDED_INFO_H_
