#include "wusp/extended_info.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "common/base64.h"
#include "common/hash.h"
#include "common/strings.h"
#include "xml/xml_writer.h"

namespace openwsus::wusp {
namespace {

constexpr std::string_view kCore = "Core";
constexpr std::string_view kExtended = "Extended";
constexpr std::string_view kLocalizedProperties = "LocalizedProperties";
constexpr size_t kMaxExtension = 16;

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// `escaped`: the fragment, entity-escaped already.
void AppendUpdate(std::string* out, int32_t revision_id, std::string_view escaped) {
  out->append("<Update><ID>").append(std::to_string(revision_id)).append("</ID><Xml>");
  out->append(escaped).append("</Xml></Update>");
}

struct KnownRevision {
  const snapshot::IndexedUpdate* update;
  FragmentCache::Fragments fragments;
};

}  // namespace

std::vector<std::string> LanguagesToTry(const std::vector<std::string>& locales) {
  std::vector<std::string> languages;
  auto add = [&](std::string_view language) {
    if (language.empty()) return;
    bool seen = std::any_of(languages.begin(), languages.end(),
                            [&](const std::string& l) { return EqualsIgnoreCase(l, language); });
    if (!seen) languages.emplace_back(language);
  };
  for (const std::string& locale : locales) {
    add(locale);
    add(std::string_view(locale).substr(0, locale.find('-')));
  }
  add("en");
  return languages;
}

std::string ContentHost(std::string_view host_header) {
  std::string_view host = Trim(host_header);
  bool plain = !host.empty() && host.size() <= 261 && std::all_of(host.begin(), host.end(), [](char c) {
    return IsAlnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']';
  });
  return plain ? std::string(host) : "localhost";
}

std::string ContentUrl(std::string_view host, std::string_view sha1, std::string_view file_name) {
  std::string hex = HexEncode(sha1, /*upper=*/true);
  std::string url = "http://";
  url.append(host).append("/Content/").append(hex.substr(hex.size() - 2)).append("/").append(hex);
  size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    std::string_view extension = file_name.substr(dot + 1);
    if (!extension.empty() && extension.size() <= kMaxExtension &&
        std::all_of(extension.begin(), extension.end(), IsAlnum)) {
      url.append(".").append(extension);
    }
  }
  return url;
}

Status AppendExtendedUpdateInfo(const snapshot::CatalogIndex& catalog, FragmentCache* fragments,
                                const ExtendedInfoRequest& request, std::string* out) {
  bool want_core = false;
  bool want_extended = false;
  bool want_localized = false;
  for (const std::string& type : request.info_types) {
    // Other types (FileUrl, Eula...) add no fragment; file locations come anyway.
    if (type == kCore) want_core = true;
    if (type == kExtended) want_extended = true;
    if (type == kLocalizedProperties) want_localized = true;
  }
  std::vector<std::string> languages;
  if (want_localized) languages = LanguagesToTry(request.locales);

  std::vector<KnownRevision> known;
  std::vector<int32_t> out_of_scope;
  std::set<int32_t> seen;
  for (int32_t revision_id : request.revision_ids) {
    if (!seen.insert(revision_id).second) continue;
    std::optional<uint32_t> entry = catalog.FindRevision(revision_id);
    if (!entry || (request.in_scope && !request.in_scope(*entry))) {
      out_of_scope.push_back(revision_id);
      continue;
    }
    KnownRevision r{&catalog.at(*entry), {}};
    if (want_extended || want_localized) {
      auto found = fragments->Get(revision_id, languages);
      if (!found.ok()) {
        // Gone from the store since the snapshot was built (a cleanup).
        if (found.status().code() != StatusCode::kNotFound) return found.status();
        out_of_scope.push_back(revision_id);
        continue;
      }
      r.fragments = std::move(found).value();
    }
    known.push_back(std::move(r));
  }

  std::string updates;
  for (const KnownRevision& r : known) {
    if (want_core) AppendUpdate(&updates, r.update->revision_id, r.update->core_xml);
  }
  for (const KnownRevision& r : known) {
    if (want_extended) AppendUpdate(&updates, r.update->revision_id, *r.fragments.extended);
  }
  for (const KnownRevision& r : known) {
    if (r.fragments.localized) AppendUpdate(&updates, r.update->revision_id, *r.fragments.localized);
  }
  if (!updates.empty()) out->append("<Updates>").append(updates).append("</Updates>");

  std::string locations;
  std::set<std::string> digests;
  for (const KnownRevision& r : known) {
    for (const snapshot::IndexedFile& file : r.update->files) {
      if (file.sha1.size() != 20 || !digests.insert(file.sha1).second) continue;
      locations.append("<FileLocation><FileDigest>").append(Base64Encode(file.sha1)).append("</FileDigest><Url>");
      xml::AppendEscapedText(&locations, ContentUrl(request.host, file.sha1, file.file_name));
      locations.append("</Url></FileLocation>");
    }
  }
  if (!locations.empty()) out->append("<FileLocations>").append(locations).append("</FileLocations>");

  if (request.report_out_of_scope && !out_of_scope.empty()) {
    out->append("<OutOfScopeRevisionIDs>");
    for (int32_t id : out_of_scope) out->append("<int>").append(std::to_string(id)).append("</int>");
    out->append("</OutOfScopeRevisionIDs>");
  }
  return Status::Ok();
}

}  // namespace openwsus::wusp
