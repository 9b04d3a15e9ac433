#include "wusp/fragment_cache.h"

#include <functional>
#include <utility>

#include "catalog/fragment_builder.h"
#include "xml/xml_writer.h"

namespace openwsus::wusp {
namespace {

// What an entry costs besides its text: the list node, the index slot, the
// key and the shared_ptr's control block, roughly.
constexpr size_t kEntryOverhead = 160;

std::shared_ptr<const std::string> Escaped(std::string_view fragment) {
  auto text = std::make_shared<std::string>();
  xml::AppendEscapedText(text.get(), fragment);
  text->shrink_to_fit();
  return text;
}

}  // namespace

size_t FragmentCache::KeyHash::operator()(const Key& key) const {
  return std::hash<int32_t>()(key.revision_id) * 31 + std::hash<std::string>()(key.language);
}

FragmentCache::FragmentCache(store::GuardedStore* store, size_t max_bytes)
    : store_(store), max_shard_bytes_(max_bytes / kShards) {}

Result<FragmentCache::Fragments> FragmentCache::Get(int32_t revision_id, const std::vector<std::string>& languages) {
  std::vector<Key> keys{{revision_id, ""}};
  for (const std::string& language : languages) keys.push_back({revision_id, language});
  Shard& shard = shards_[static_cast<uint32_t>(revision_id) % kShards];

  std::vector<std::optional<std::shared_ptr<const std::string>>> cached = Lookup(shard, keys);
  std::vector<Key> missing;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!cached[i]) missing.push_back(keys[i]);
  }
  if (!missing.empty()) {
    OW_ASSIGN_OR_RETURN(auto rendered, Render(revision_id, missing));
    for (size_t i = 0, m = 0; i < keys.size(); ++i) {
      if (cached[i]) continue;
      cached[i] = rendered[m];
      Insert(shard, std::move(missing[m]), std::move(rendered[m]));
      ++m;
    }
  }
  std::vector<std::shared_ptr<const std::string>> texts;
  for (auto& text : cached) texts.push_back(std::move(*text));
  Fragments fragments{texts[0], nullptr};
  for (size_t i = 1; i < texts.size() && !fragments.localized; ++i) fragments.localized = texts[i];
  return fragments;
}

std::vector<std::optional<std::shared_ptr<const std::string>>> FragmentCache::Lookup(Shard& shard,
                                                                                     const std::vector<Key>& keys) {
  std::vector<std::optional<std::shared_ptr<const std::string>>> texts(keys.size());
  std::lock_guard<std::mutex> lock(shard.mu);
  for (size_t i = 0; i < keys.size(); ++i) {
    auto it = shard.index.find(keys[i]);
    if (it == shard.index.end()) continue;
    shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
    texts[i] = it->second->text;
  }
  return texts;
}

void FragmentCache::Insert(Shard& shard, Key key, std::shared_ptr<const std::string> text) {
  size_t bytes = kEntryOverhead + key.language.size() + (text ? text->size() : 0);
  std::lock_guard<std::mutex> lock(shard.mu);
  if (shard.index.count(key) != 0) return;  // another request rendered it too
  shard.lru.push_front(Entry{key, std::move(text), bytes});
  shard.index.emplace(std::move(key), shard.lru.begin());
  shard.bytes += bytes;
  // The newest entry stays even when it alone is over budget: the request
  // that rendered it holds it anyway.
  while (shard.bytes > max_shard_bytes_ && shard.lru.size() > 1) {
    const Entry& last = shard.lru.back();
    shard.bytes -= last.bytes;
    shard.index.erase(last.key);
    shard.lru.pop_back();
  }
}

Result<std::vector<std::shared_ptr<const std::string>>> FragmentCache::Render(int32_t revision_id,
                                                                              const std::vector<Key>& keys) {
  auto revision = store_->With([&](store::Store* store) { return store->FindRevision(revision_id); });
  if (!revision.ok()) return revision.status();
  std::string context = "revision " + std::to_string(revision_id);
  auto fragments = catalog::FragmentBuilder::FromDocument(revision->xml);
  if (!fragments.ok()) return Status::DataLoss(fragments.status().message()).WithContext(context);
  std::vector<std::shared_ptr<const std::string>> texts;
  for (const Key& key : keys) {
    if (key.language.empty()) {
      texts.push_back(Escaped(fragments->Extended()));
      continue;
    }
    auto localized = fragments->Localized(key.language);
    if (localized.ok()) {
      texts.push_back(Escaped(*localized));
    } else if (localized.status().code() == StatusCode::kNotFound) {
      texts.push_back(nullptr);
    } else {
      return localized.status().WithContext(context);
    }
  }
  return texts;
}

size_t FragmentCache::bytes() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mu);
    total += shard.bytes;
  }
  return total;
}

}  // namespace openwsus::wusp
