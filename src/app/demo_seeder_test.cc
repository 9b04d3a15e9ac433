#include "app/demo_seeder.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/hash.h"
#include "common/log.h"
#include "demo/demo_catalog.h"
#include "store/open_store.h"
#include "testing/test_support.h"

namespace openwsus::app {
namespace {

namespace fs = std::filesystem;
using openwsus::testing::ReadFileOrDie;
using openwsus::testing::ScopedTempDir;

TEST(DemoSeederTest, ContentPathIsTheWsusLayout) {
  DataDir data_dir("/srv/wsus");
  EXPECT_EQ(
      DemoSeeder::ContentPath(data_dir, "0123456789ABCDEF0123456789ABCDEF012345A7", "windows10.0-kb5000001-x64.cab"),
      "/srv/wsus/content/A7/0123456789ABCDEF0123456789ABCDEF012345A7.cab");
  EXPECT_EQ(DemoSeeder::ContentPath(data_dir, "0123456789ABCDEF0123456789ABCDEF0123456F", "README"),
            "/srv/wsus/content/6F/0123456789ABCDEF0123456789ABCDEF0123456F");
}

TEST(DemoSeederTest, WritesContentAtomicallyAndOnce) {
  ScopedTempDir dir;
  DataDir data_dir(dir.path());
  ASSERT_TRUE(data_dir.Create().ok());
  std::string bytes = "MSCF pretend cabinet";
  std::string sha1 = HexEncode(Sha1(bytes), /*upper=*/true);
  ASSERT_TRUE(DemoSeeder::WriteContentFile(data_dir, "update.cab", bytes).ok());
  std::string path = data_dir.content_dir() + "/" + sha1.substr(38) + "/" + sha1 + ".cab";
  EXPECT_EQ(ReadFileOrDie(path), bytes);
  EXPECT_TRUE(fs::is_empty(data_dir.tmp_dir()));  // no temporary left behind
  auto written = fs::last_write_time(path);
  ASSERT_TRUE(DemoSeeder::WriteContentFile(data_dir, "update.cab", bytes).ok());
  EXPECT_EQ(fs::last_write_time(path), written);
}

TEST(DemoSeederTest, SeedsAnEmptyStoreOnlyOnce) {
  log::SetQuiet(true);
  ScopedTempDir dir;
  DataDir data_dir(dir.path());
  ASSERT_TRUE(data_dir.Create().ok());
  auto store = store::OpenStore(data_dir.store_url());
  ASSERT_TRUE(store.ok()) << store.status().ToString();

  auto first = DemoSeeder::SeedIfEmpty(data_dir, store->get());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->seeded);
  EXPECT_EQ(first->revisions, static_cast<int64_t>(demo::DemoDocuments().size()));
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->revisions, first->revisions);

  std::vector<demo::DemoContentFile> content = demo::DemoContent();
  EXPECT_EQ(first->content_files, static_cast<int64_t>(content.size()));
  for (const demo::DemoContentFile& file : content) {
    std::string path = DemoSeeder::ContentPath(data_dir, HexEncode(Sha1(file.bytes), true), file.file_name);
    ASSERT_TRUE(fs::exists(path)) << path;
    EXPECT_EQ(ReadFileOrDie(path), file.bytes) << path;
  }

  auto second = DemoSeeder::SeedIfEmpty(data_dir, store->get());
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->seeded);
}

}  // namespace
}  // namespace openwsus::app
