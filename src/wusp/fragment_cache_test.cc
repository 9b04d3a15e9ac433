#include "wusp/fragment_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "catalog/fragment_builder.h"
#include "import/importer.h"
#include "snapshot/test_catalog.h"
#include "store/open_store.h"
#include "testing/test_support.h"
#include "xml/xml_writer.h"

namespace openwsus::wusp {
namespace {

namespace tc = snapshot::testcatalog;

class FragmentCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenStore(store::SqliteUrl(dir_.path() + "/openwsus.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    std::vector<import::NamedDocument> docs;
    for (const tc::DocSpec& spec : tc::Specs()) docs.push_back({spec.id, tc::Document(spec)});
    ASSERT_TRUE(import::Importer(store_.get()).ImportDocuments(docs).ok());
    for (const tc::DocSpec& spec : tc::Specs()) {
      revisions_.push_back(store_->FindLatestRevision(*Guid::Parse(spec.id))->revision_id);
    }
  }

  // What the cache must hold for a revision: its fragments, escaped.
  std::string Expected(int32_t revision_id, const std::string& language) {
    auto doc = store_->FindRevision(revision_id);
    auto fragments = catalog::FragmentBuilder::FromDocument(doc->xml);
    std::string text = language.empty() ? fragments->Extended() : fragments->Localized(language).value();
    std::string escaped;
    xml::AppendEscapedText(&escaped, text);
    return escaped;
  }

  openwsus::testing::ScopedTempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::vector<int32_t> revisions_;
};

TEST_F(FragmentCacheTest, RendersEachRevisionOnceAndServesItAfterwards) {
  store::GuardedStore guarded(store_.get());
  FragmentCache cache(&guarded, 1u << 20);
  int32_t revision = revisions_.front();
  auto first = cache.Get(revision, {"de-DE", "de", "en"});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first->extended, Expected(revision, ""));
  ASSERT_NE(first->localized, nullptr) << "en is the last language tried";
  EXPECT_EQ(*first->localized, Expected(revision, "en"));
  size_t held = cache.bytes();
  EXPECT_GT(held, first->extended->size());

  auto again = cache.Get(revision, {"de-DE", "de", "en"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->extended, first->extended) << "the same text, not rendered again";
  EXPECT_EQ(cache.bytes(), held);

  auto none = cache.Get(revision, {"fr"});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->localized, nullptr);
  EXPECT_EQ(none->extended, first->extended);
}

TEST_F(FragmentCacheTest, AnUnknownRevisionIsNotFoundAndNotKept) {
  store::GuardedStore guarded(store_.get());
  FragmentCache cache(&guarded, 1u << 20);
  EXPECT_EQ(cache.Get(999'999, {"en"}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST_F(FragmentCacheTest, StaysWithinItsBudget) {
  store::GuardedStore guarded(store_.get());
  const size_t budget = 16 * 2048;  // 2 KB a shard
  FragmentCache cache(&guarded, budget);
  for (int round = 0; round < 3; ++round) {
    for (int32_t revision : revisions_) {
      auto got = cache.Get(revision, {"en"});
      ASSERT_TRUE(got.ok());
      EXPECT_EQ(*got->extended, Expected(revision, ""));
      EXPECT_LE(cache.bytes(), budget + 16 * 2048) << "each shard keeps at most its newest entry beyond budget";
    }
  }
}

TEST_F(FragmentCacheTest, ManyThreadsGetTheSameTexts) {
  store::GuardedStore guarded(store_.get());
  FragmentCache cache(&guarded, 1u << 20);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (int32_t revision : revisions_) {
          auto got = cache.Get(revision, {"en-US", "en"});
          if (!got.ok() || got->extended == nullptr || got->localized == nullptr) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
  for (int32_t revision : revisions_) {
    EXPECT_EQ(*cache.Get(revision, {"en"})->localized, Expected(revision, "en"));
  }
}

}  // namespace
}  // namespace openwsus::wusp
