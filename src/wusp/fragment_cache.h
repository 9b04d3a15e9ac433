// FragmentCache: the Extended and LocalizedProperties fragments that
// GetExtendedUpdateInfo sends, rendered once from the stored document and
// kept entity-escaped, ready to be copied into an <Xml> element. Core comes
// from the scan snapshot, which holds it rendered already; the others would
// cost the snapshot several times its size, and most revisions are never
// asked for, so they are rendered on the first request and kept within a
// byte budget, least recently used first out.
//
// A revision never changes (store.h: revision ids are forever), so nothing
// here goes stale; an entry leaves only to make room.
//
// The cache is split into shards by revision id, each with its own lock held
// only to look up or insert; a miss reads the document through the shared
// store::GuardedStore and parses it outside every lock. Fifty connections asking
// for the same fifty revisions wait on nothing once those are in.
//
// Thread-safety: Get may be called from many threads at once.
#ifndef OPENWSUS_WUSP_FRAGMENT_CACHE_H_
#define OPENWSUS_WUSP_FRAGMENT_CACHE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "store/guarded_store.h"

namespace openwsus::wusp {

class FragmentCache {
 public:
  // What one revision sends: its Extended fragment, and the
  // LocalizedProperties of the first language asked for that it has (null
  // when it has none of them, or when none was asked for).
  struct Fragments {
    std::shared_ptr<const std::string> extended;
    std::shared_ptr<const std::string> localized;
  };

  // `store` must outlive the cache. `max_bytes` bounds the text kept.
  FragmentCache(store::GuardedStore* store, size_t max_bytes);

  // The fragments of `revision_id`, trying `languages` in order (as
  // LanguagesToTry gives them). NotFound when the store does not hold the
  // revision; DataLoss (naming it) when its document does not parse.
  Result<Fragments> Get(int32_t revision_id, const std::vector<std::string>& languages);

  // Bytes held now, for tests and logs.
  size_t bytes() const;

 private:
  static constexpr size_t kShards = 16;
  // (revision id, language); the language "" is the Extended fragment. A
  // null text: the revision has no LocalizedProperties in that language.
  struct Key {
    int32_t revision_id;
    std::string language;  // as asked for: documents are matched exactly
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& key) const;
  };
  struct Entry {
    Key key;
    std::shared_ptr<const std::string> text;
    size_t bytes;
  };
  struct Shard {
    mutable std::mutex mu;
    std::list<Entry> lru;  // most recently used first
    std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index;
    size_t bytes = 0;
  };

  // The cached text of each of `keys` in `shard`; nullopt for a key not
  // cached (a cached null text is a language the revision does not have).
  std::vector<std::optional<std::shared_ptr<const std::string>>> Lookup(Shard& shard, const std::vector<Key>& keys);
  void Insert(Shard& shard, Key key, std::shared_ptr<const std::string> text);
  // Renders `keys` from the stored document of `revision_id`.
  Result<std::vector<std::shared_ptr<const std::string>>> Render(int32_t revision_id, const std::vector<Key>& keys);

  store::GuardedStore* store_;
  size_t max_shard_bytes_;
  std::array<Shard, kShards> shards_;
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_FRAGMENT_CACHE_H_
