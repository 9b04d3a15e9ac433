#include "app/server_config.h"

#include <gtest/gtest.h>

#include "testing/test_support.h"

namespace openwsus::app {
namespace {

using openwsus::testing::ScopedTempDir;
using openwsus::testing::WriteFileOrDie;
using std::chrono::milliseconds;
using std::chrono::seconds;

// The message of a failed Status, or a note that it did not fail.
std::string ErrorOf(const Status& status) {
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  return status.message();
}

TEST(ServerConfigTest, Defaults) {
  ScopedTempDir dir;
  auto config = ServerConfig::Load({.data_dir = dir.path()}, {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->http.bind_address, "0.0.0.0");
  EXPECT_EQ(config->http.http_port, 8530);
  EXPECT_EQ(config->http.https_port, 8531);
  EXPECT_TRUE(config->http.tls_cert_file.empty());
  EXPECT_EQ(config->http.max_body_bytes, 8u * 1024 * 1024);
  EXPECT_EQ(config->http.read_timeout, seconds(30));
  EXPECT_GE(config->http.idle_timeout, seconds(31));
  EXPECT_GT(config->http.max_connections, 0u);
  EXPECT_EQ(config->sync_page_size, 30u);
  EXPECT_EQ(config->snapshot_poll_interval, seconds(2));
  EXPECT_EQ(config->client_write_timeout, seconds(30));
}

TEST(ServerConfigTest, ScanSettingsFromTheFile) {
  ScopedTempDir dir;
  WriteFileOrDie(dir.path() + "/openwsus.json",
                 R"({"sync_page_size": 200, "snapshot_poll_seconds": 0.5, "client_write_timeout_seconds": 1.5})");
  auto config = ServerConfig::Load({.data_dir = dir.path()}, {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->sync_page_size, 200u);
  EXPECT_EQ(config->snapshot_poll_interval, std::chrono::milliseconds(500));
  EXPECT_EQ(config->client_write_timeout, std::chrono::milliseconds(1500));
}

TEST(ServerConfigTest, DataDirFileThenFlags) {
  ScopedTempDir dir;
  WriteFileOrDie(dir.path() + "/openwsus.json", R"({
    "http_port": 9000, "https_port": 9001, "bind_address": "127.0.0.1",
    "max_body_bytes": 4096, "read_timeout_seconds": 1.5, "idle_timeout_seconds": 45,
    "shutdown_timeout_seconds": 0, "max_connections": 10, "io_threads": 3,
    "handler_threads": 40, "max_header_bytes": 8192
  })");
  auto from_file = ServerConfig::Load({.data_dir = dir.path()}, {});
  ASSERT_TRUE(from_file.ok()) << from_file.status().ToString();
  EXPECT_EQ(from_file->http.http_port, 9000);
  EXPECT_EQ(from_file->http.https_port, 9001);
  EXPECT_EQ(from_file->http.bind_address, "127.0.0.1");
  EXPECT_EQ(from_file->http.max_body_bytes, 4096u);
  EXPECT_EQ(from_file->http.read_timeout, milliseconds(1500));
  EXPECT_EQ(from_file->http.idle_timeout, seconds(45));
  EXPECT_EQ(from_file->http.shutdown_timeout, milliseconds(0));
  EXPECT_EQ(from_file->http.max_connections, 10u);
  EXPECT_EQ(from_file->http.io_threads, 3u);
  EXPECT_EQ(from_file->http.handler_threads, 40u);
  EXPECT_EQ(from_file->http.max_header_bytes, 8192u);

  ServerFlags flags;
  flags.http_port = "0";
  flags.bind_address = "::1";
  flags.max_body_bytes = "123";
  auto with_flags = ServerConfig::Load({.data_dir = dir.path()}, flags);
  ASSERT_TRUE(with_flags.ok()) << with_flags.status().ToString();
  EXPECT_EQ(with_flags->http.http_port, 0);
  EXPECT_EQ(with_flags->http.https_port, 9001);  // from the file: no flag
  EXPECT_EQ(with_flags->http.bind_address, "::1");
  EXPECT_EQ(with_flags->http.max_body_bytes, 123u);
  EXPECT_EQ(with_flags->http.read_timeout, milliseconds(1500));
}

TEST(ServerConfigTest, ConfigFlagWinsOverTheDataDirFile) {
  ScopedTempDir dir;
  WriteFileOrDie(dir.path() + "/openwsus.json", R"({"http_port": 9000})");
  WriteFileOrDie(dir.path() + "/elsewhere/custom.json", R"({"http_port": 9100})");
  auto config = ServerConfig::Load({.data_dir = dir.path(), .config_file = dir.path() + "/elsewhere/custom.json"}, {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->http.http_port, 9100);
}

TEST(ServerConfigTest, MissingConfigFlagFileIsAnError) {
  ScopedTempDir dir;
  auto config = ServerConfig::Load({.data_dir = dir.path(), .config_file = dir.path() + "/absent.json"}, {});
  ASSERT_FALSE(config.ok());
  EXPECT_NE(ErrorOf(config.status()).find("absent.json"), std::string::npos);
}

TEST(ServerConfigTest, RelativeTlsPathsAreRelativeToTheConfigFile) {
  ScopedTempDir dir;
  WriteFileOrDie(dir.path() + "/conf/openwsus.json",
                 R"({"tls_cert_file": "tls/cert.pem", "tls_key_file": "/abs/key.pem"})");
  auto config = ServerConfig::Load({.data_dir = dir.path(), .config_file = dir.path() + "/conf/openwsus.json"}, {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->http.tls_cert_file, dir.path() + "/conf/tls/cert.pem");
  EXPECT_EQ(config->http.tls_key_file, "/abs/key.pem");
}

TEST(ServerConfigTest, FileErrorsNameTheFileAndTheKey) {
  struct Case {
    const char* json;
    const char* expected;  // a substring of the message
  };
  const Case cases[] = {
      {R"({"htp_port": 1})", "unknown key 'htp_port'"},
      {R"({"http_port": "8530"})", "key 'http_port' must be an integer from 0 to 65535, not \"8530\""},
      {R"({"http_port": 70000})", "key 'http_port'"},
      {R"({"https_port": -1})", "key 'https_port'"},
      {R"({"http_port": 1.5})", "key 'http_port'"},
      {R"({"max_body_bytes": 0})", "key 'max_body_bytes' must be a positive integer"},
      {R"({"max_header_bytes": 10})", "key 'max_header_bytes'"},
      {R"({"read_timeout_seconds": 0})", "key 'read_timeout_seconds'"},
      {R"({"idle_timeout_seconds": "long"})", "key 'idle_timeout_seconds'"},
      {R"({"shutdown_timeout_seconds": -1})", "key 'shutdown_timeout_seconds'"},
      {R"({"bind_address": 5})", "key 'bind_address' must be a non-empty string"},
      {R"({"tls_cert_file": ""})", "key 'tls_cert_file'"},
      {R"({"io_threads": true})", "key 'io_threads'"},
      {R"({"sync_page_size": 0})", "key 'sync_page_size' must be an integer from 1 to 1000"},
      {R"({"snapshot_poll_seconds": 0})", "key 'snapshot_poll_seconds'"},
      {R"({"http_port": 1,})", "not valid JSON"},
      {R"([1, 2])", "must hold a JSON object"},
      {"", "not valid JSON"},
  };
  for (const Case& c : cases) {
    ScopedTempDir dir;
    WriteFileOrDie(dir.path() + "/openwsus.json", c.json);
    auto config = ServerConfig::Load({.data_dir = dir.path()}, {});
    ASSERT_FALSE(config.ok()) << c.json;
    std::string message = ErrorOf(config.status());
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.json << " -> " << message;
    EXPECT_NE(message.find("openwsus.json"), std::string::npos) << message;
  }
}

TEST(ServerConfigTest, BadFlagsNameTheFlag) {
  struct Case {
    ServerFlags flags;
    const char* expected;
  };
  auto with = [](auto setter) {
    ServerFlags flags;
    setter(flags);
    return flags;
  };
  const Case cases[] = {
      {with([](ServerFlags& f) { f.http_port = "abc"; }), "--http-port must be an integer from 0 to 65535, not 'abc'"},
      {with([](ServerFlags& f) { f.http_port = "65536"; }), "--http-port"},
      {with([](ServerFlags& f) { f.http_port = "-1"; }), "--http-port"},
      {with([](ServerFlags& f) { f.http_port = "80x"; }), "--http-port"},
      {with([](ServerFlags& f) { f.http_port = ""; }), "--http-port"},
      {with([](ServerFlags& f) { f.https_port = "99999"; }), "--https-port"},
      {with([](ServerFlags& f) { f.max_body_bytes = "0"; }), "--max-body-bytes"},
      {with([](ServerFlags& f) { f.max_body_bytes = "8MB"; }), "--max-body-bytes"},
      {with([](ServerFlags& f) { f.bind_address = ""; }), "--bind"},
      {with([](ServerFlags& f) { f.tls_cert_file = "cert.pem"; }), "--tls-key"},
      {with([](ServerFlags& f) { f.tls_key_file = "key.pem"; }), "--tls-cert"},
      {with([](ServerFlags& f) {
         f.tls_cert_file = "c";
         f.tls_key_file = "k";
         f.http_port = "9000";
         f.https_port = "9000";
       }),
       "ports must differ"},
  };
  for (const Case& c : cases) {
    ScopedTempDir dir;
    auto config = ServerConfig::Load({.data_dir = dir.path()}, c.flags);
    ASSERT_FALSE(config.ok()) << c.expected;
    std::string message = ErrorOf(config.status());
    EXPECT_NE(message.find(c.expected), std::string::npos) << message;
  }
}

TEST(ServerConfigTest, TlsPairAndZeroPortsAreFine) {
  ScopedTempDir dir;
  ServerFlags flags;
  flags.tls_cert_file = "cert.pem";
  flags.tls_key_file = "key.pem";
  flags.http_port = "0";
  flags.https_port = "0";
  auto config = ServerConfig::Load({.data_dir = dir.path()}, flags);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->http.tls_cert_file, "cert.pem");
}

}  // namespace
}  // namespace openwsus::app
