// The update languages WSUS knows, as GetConfigData's LanguageUpdateList
// carries them (ServerSyncLanguageData: LanguageID, ShortLanguage,
// LongLanguage), entry 0 standing for "all". The ids are Windows LCIDs; the
// set and spellings are what a real Windows Server 2025 WSUS sends.
#ifndef OPENWSUS_WSUSSS_LANGUAGES_H_
#define OPENWSUS_WSUSSS_LANGUAGES_H_

#include <span>
#include <string_view>

namespace openwsus::wsusss {

struct Language {
  int id;
  std::string_view short_name;  // "en", "zh-tw": what update documents carry
  std::string_view long_name;
};

// "all" first, then by id.
std::span<const Language> UpdateLanguages();

}  // namespace openwsus::wsusss

#endif  // OPENWSUS_WSUSSS_LANGUAGES_H_
