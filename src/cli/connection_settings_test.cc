#include "cli/connection_settings.h"

#include <gtest/gtest.h>

#include <map>

#include "testing/test_support.h"

namespace openwsus::cli {
namespace {

class ConnectionSettingsTest : public ::testing::Test {
 protected:
  Result<ConnectionSettings> Resolve(const ConnectionFlags& flags = {}) {
    GetEnvFn getenv = [this](const char* name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
    return ResolveConnectionSettings(flags, getenv, dir_.path());
  }

  testing::ScopedTempDir dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(ConnectionSettingsTest, NothingConfigured) {
  auto settings = Resolve();
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->server, "");
  EXPECT_EQ(settings->token, "");
  EXPECT_FALSE(settings->explicitly_configured);
  Status missing = settings->CheckComplete();
  EXPECT_EQ(missing.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(missing.message().find("--server"), std::string::npos) << missing.message();
}

TEST_F(ConnectionSettingsTest, PortsFileGivesTheLocalServerButNotConfiguredMode) {
  testing::WriteFileOrDie(dir_.path() + "/ports.json", R"({"http_port": 18530, "https_port": null})");
  auto settings = Resolve();
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->server, "http://127.0.0.1:18530");
  EXPECT_EQ(settings->server_source, dir_.path() + "/ports.json");
  EXPECT_FALSE(settings->explicitly_configured);
  Status missing = settings->CheckComplete();
  EXPECT_EQ(missing.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(missing.message().find("openwsus token create --role administrator"), std::string::npos)
      << missing.message();
}

TEST_F(ConnectionSettingsTest, FlagsThenEnvironmentThenConfigFileThenPortsFile) {
  testing::WriteFileOrDie(dir_.path() + "/ports.json", R"({"http_port": 18530})");
  testing::WriteFileOrDie(dir_.path() + "/cli.json",
                          R"({"server": "https://file.example", "token": "ows_file", "ca_file": "/file.pem"})");
  auto settings = Resolve();
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->server, "https://file.example");
  EXPECT_EQ(settings->token, "ows_file");
  EXPECT_EQ(settings->ca_file, "/file.pem");
  EXPECT_EQ(settings->token_source, dir_.path() + "/cli.json");
  EXPECT_TRUE(settings->explicitly_configured);
  EXPECT_TRUE(settings->CheckComplete().ok());

  env_ = {{"OPENWSUS_SERVER", "http://env.example:8530"}, {"OPENWSUS_TOKEN", ""}};  // empty counts as unset
  settings = Resolve();
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->server, "http://env.example:8530");
  EXPECT_EQ(settings->server_source, "OPENWSUS_SERVER");
  EXPECT_EQ(settings->token, "ows_file");

  env_["OPENWSUS_TOKEN"] = "ows_env";
  settings = Resolve({.server = "http://flag.example", .token = "", .ca_file = "/flag.pem"});
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->server, "http://flag.example");
  EXPECT_EQ(settings->server_source, "--server");
  EXPECT_EQ(settings->token, "ows_env");
  EXPECT_EQ(settings->token_source, "OPENWSUS_TOKEN");
  EXPECT_EQ(settings->ca_file, "/flag.pem");
}

TEST_F(ConnectionSettingsTest, TokenAloneMeansConfigured) {
  testing::WriteFileOrDie(dir_.path() + "/ports.json", R"({"http_port": 18530})");
  auto settings = Resolve({.server = "", .token = "ows_x", .ca_file = ""});
  ASSERT_TRUE(settings.ok());
  EXPECT_TRUE(settings->explicitly_configured);
  EXPECT_EQ(settings->server, "http://127.0.0.1:18530");
  EXPECT_TRUE(settings->CheckComplete().ok());
}

TEST_F(ConnectionSettingsTest, BadFilesAreErrors) {
  testing::WriteFileOrDie(dir_.path() + "/cli.json", "server = x");
  auto settings = Resolve();
  ASSERT_FALSE(settings.ok());
  EXPECT_NE(settings.status().message().find("cli.json is not a JSON object"), std::string::npos);

  testing::WriteFileOrDie(dir_.path() + "/cli.json", R"({"token": 42})");
  settings = Resolve();
  ASSERT_FALSE(settings.ok());
  EXPECT_NE(settings.status().message().find("\"token\" must be a string"), std::string::npos);

  testing::WriteFileOrDie(dir_.path() + "/cli.json", "{}");
  testing::WriteFileOrDie(dir_.path() + "/ports.json", R"({"http_port": "8530"})");
  settings = Resolve();
  ASSERT_FALSE(settings.ok());
  EXPECT_NE(settings.status().message().find("not a port number"), std::string::npos);
  // With a server given, ports.json is not even read.
  EXPECT_TRUE(Resolve({.server = "http://h", .token = "", .ca_file = ""}).ok());
}

}  // namespace
}  // namespace openwsus::cli
