#include "wsusss/test_blobs.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "cabinet/cabinet_reader.h"
#include "common/base64.h"
#include "common/utf16.h"
#include "testing/test_support.h"

namespace openwsus::wsusss::testing {
namespace {

std::string Utf8OfWide(const std::string& wide) {
  auto utf8 = Utf16LeToUtf8(wide);
  EXPECT_TRUE(utf8.ok()) << utf8.status().ToString();
  return utf8.ok() ? *utf8 : "";
}

}  // namespace

std::string DecodeBlobWithMspack(const std::string& text) {
  auto bytes = Base64Decode(text);
  EXPECT_TRUE(bytes.ok());
  if (!bytes.ok()) return "";
  openwsus::testing::ScopedTempDir dir;
  openwsus::testing::WriteFileOrDie(dir.path() + "/blob.cab", *bytes);
  auto cab = cabinet::CabinetReader::Open(dir.path() + "/blob.cab");
  EXPECT_TRUE(cab.ok()) << cab.status().ToString();
  if (!cab.ok()) return "";
  EXPECT_EQ((*cab)->members().size(), 1u);
  Status s = (*cab)->Extract("blob", dir.path() + "/blob");
  EXPECT_TRUE(s.ok()) << s.ToString();
  return s.ok() ? Utf8OfWide(openwsus::testing::ReadFileOrDie(dir.path() + "/blob")) : "";
}

std::optional<std::string> DecodeBlobWithCabextract(const std::string& text) {
  if (std::system("command -v cabextract >/dev/null 2>&1") != 0) return std::nullopt;
  openwsus::testing::ScopedTempDir dir;
  auto bytes = Base64Decode(text);
  EXPECT_TRUE(bytes.ok());
  if (!bytes.ok()) return "";
  openwsus::testing::WriteFileOrDie(dir.path() + "/blob.cab", *bytes);
  std::string cmd = "cabextract -q -d " + dir.path() + "/x " + dir.path() + "/blob.cab";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  if (!std::filesystem::exists(dir.path() + "/x/blob")) return "";
  return Utf8OfWide(openwsus::testing::ReadFileOrDie(dir.path() + "/x/blob"));
}

std::optional<std::string> WsusssFixtures() {
  auto fixtures = openwsus::testing::FixturesDir();
  if (!fixtures) return std::nullopt;
  std::string dir = *fixtures + "/wsus-rs/wsus-m0-wsusss";
  if (!std::filesystem::exists(dir)) return std::nullopt;
  return dir;
}

}  // namespace openwsus::wsusss::testing
