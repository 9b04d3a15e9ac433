#include "common/key_ring.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "testing/test_support.h"

namespace openwsus {
namespace {

using ::openwsus::testing::ReadFileOrDie;
using ::openwsus::testing::ScopedTempDir;
using ::openwsus::testing::WriteFileOrDie;

mode_t ModeOf(const std::string& path) {
  struct stat st;
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST(KeyRingTest, CreatesVersionOneWithPrivateModes) {
  ScopedTempDir tmp;
  std::string dir = tmp.path() + "/keys";
  auto ring = KeyRing::LoadOrCreate(dir);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ((*ring)->current_version(), 1u);
  EXPECT_EQ((*ring)->versions(), std::vector<uint32_t>{1});
  ASSERT_TRUE((*ring)->Find(1).has_value());
  EXPECT_EQ((*ring)->Find(1)->size(), 32u);
  EXPECT_FALSE((*ring)->Find(2).has_value());
  EXPECT_EQ(ModeOf(dir), 0700u);
  EXPECT_EQ(ModeOf((*ring)->path()), 0600u);
  EXPECT_EQ(ReadFileOrDie((*ring)->path()).size(), 13u + 36u + 32u);
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
}

TEST(KeyRingTest, ReloadsTheSameKeys) {
  ScopedTempDir tmp;
  auto first = KeyRing::LoadOrCreate(tmp.path());
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->Rotate(/*keep_previous=*/true).ok());
  auto second = KeyRing::LoadOrCreate(tmp.path());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ((*second)->current_version(), 2u);
  EXPECT_EQ((*second)->versions(), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ((*second)->Find(1), (*first)->Find(1));
  EXPECT_EQ((*second)->Find(2), (*first)->Find(2));
  EXPECT_NE((*second)->Find(1), (*second)->Find(2));
}

TEST(KeyRingTest, RotateAndDrop) {
  ScopedTempDir tmp;
  auto ring = std::move(KeyRing::LoadOrCreate(tmp.path())).value();
  std::string v1 = *ring->Find(1);
  ASSERT_TRUE(ring->Rotate(true).ok());
  ASSERT_TRUE(ring->Rotate(true).ok());
  EXPECT_EQ(ring->versions(), (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(ring->CurrentKey().first, 3u);
  EXPECT_EQ(ring->CurrentKey().second, *ring->Find(3));
  ASSERT_TRUE(ring->DropPrevious().ok());
  EXPECT_EQ(ring->versions(), std::vector<uint32_t>{3});
  ASSERT_TRUE(ring->Rotate(/*keep_previous=*/false).ok());
  EXPECT_EQ(ring->versions(), std::vector<uint32_t>{4});
  auto reloaded = std::move(KeyRing::LoadOrCreate(tmp.path())).value();
  EXPECT_EQ(reloaded->versions(), std::vector<uint32_t>{4});
  EXPECT_EQ(reloaded->Find(4), ring->Find(4));
  EXPECT_EQ(ModeOf(ring->path()), 0600u);
}

TEST(KeyRingTest, RefusesTooManyKeptKeys) {
  ScopedTempDir tmp;
  auto ring = std::move(KeyRing::LoadOrCreate(tmp.path())).value();
  for (size_t i = 1; i < KeyRing::kMaxKeys; ++i) ASSERT_TRUE(ring->Rotate(true).ok());
  EXPECT_EQ(ring->Rotate(true).code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(ring->versions().size(), KeyRing::kMaxKeys);
  EXPECT_TRUE(KeyRing::LoadOrCreate(tmp.path()).ok());
  EXPECT_TRUE(ring->Rotate(false).ok());
}

TEST(KeyRingTest, RefusesLoosePermissions) {
  ScopedTempDir tmp;
  std::string path = std::move(KeyRing::LoadOrCreate(tmp.path())).value()->path();
  for (mode_t mode : {0640, 0604, 0660, 0644, 0666, 0700 | 0044}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    auto ring = KeyRing::LoadOrCreate(tmp.path());
    ASSERT_FALSE(ring.ok()) << std::oct << mode;
    EXPECT_EQ(ring.status().code(), StatusCode::kPermissionDenied);
    EXPECT_NE(ring.status().message().find("0600"), std::string::npos) << ring.status().message();
  }
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);  // read-only for the owner is fine
  EXPECT_TRUE(KeyRing::LoadOrCreate(tmp.path()).ok());
}

TEST(KeyRingTest, RefusesSymlinkAndDirectory) {
  ScopedTempDir tmp;
  std::string real = tmp.path() + "/real";
  std::string path = std::move(KeyRing::LoadOrCreate(real)).value()->path();
  std::string linked = tmp.path() + "/linked";
  ASSERT_EQ(::mkdir(linked.c_str(), 0700), 0);
  ASSERT_EQ(::symlink(path.c_str(), (linked + "/cookie_keys").c_str()), 0);
  auto ring = KeyRing::LoadOrCreate(linked);
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.status().code(), StatusCode::kPermissionDenied);

  std::string dir = tmp.path() + "/dir";
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(::mkdir((dir + "/cookie_keys").c_str(), 0700), 0);
  EXPECT_FALSE(KeyRing::LoadOrCreate(dir).ok());
}

TEST(KeyRingTest, RefusesCorruptFiles) {
  ScopedTempDir tmp;
  auto ring = std::move(KeyRing::LoadOrCreate(tmp.path())).value();
  ASSERT_TRUE(ring->Rotate(true).ok());
  const std::string path = ring->path();
  const std::string good = ReadFileOrDie(path);
  ASSERT_EQ(good.size(), 13u + 2 * 36u + 32u);

  auto expect_refused = [&](const std::string& contents, const std::string& name) {
    std::filesystem::remove(path);
    WriteFileOrDie(path, contents);
    ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
    auto loaded = KeyRing::LoadOrCreate(tmp.path());
    ASSERT_FALSE(loaded.ok()) << name;
    EXPECT_EQ(loaded.status().code(), StatusCode::kDataLoss) << name;
    EXPECT_NE(loaded.status().message().find(path), std::string::npos) << name;
  };
  expect_refused("", "empty");
  expect_refused(good.substr(0, good.size() - 1), "one byte short");
  expect_refused(good + "x", "one byte long");
  expect_refused(std::string(100000, 'x'), "huge");
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    expect_refused(bad, "flipped byte " + std::to_string(i));
  }
  // The original still loads (the refusals did not overwrite it with a new ring).
  std::filesystem::remove(path);
  WriteFileOrDie(path, good);
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  auto loaded = KeyRing::LoadOrCreate(tmp.path());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ((*loaded)->Find(1), ring->Find(1));
}

TEST(KeyRingTest, FailedRotateLeavesRingUnchanged) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  ScopedTempDir tmp;
  std::string dir = tmp.path() + "/keys";
  auto ring = std::move(KeyRing::LoadOrCreate(dir)).value();
  ASSERT_EQ(::chmod(dir.c_str(), 0500), 0);
  Status s = ring->Rotate(false);
  ASSERT_EQ(::chmod(dir.c_str(), 0700), 0);
  EXPECT_EQ(s.code(), StatusCode::kIoError) << s.ToString();
  EXPECT_EQ(ring->versions(), std::vector<uint32_t>{1});
  EXPECT_EQ(ring->current_version(), 1u);
}

}  // namespace
}  // namespace openwsus
