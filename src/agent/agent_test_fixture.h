// Test support for the agent's integration tests: the real `openwsus serve`
// on 127.0.0.1 with a fresh data directory and an administrator token, the
// admin API, the CLI, and a single reference client run synchronously.
// Header-only: it is used by the agent's integration tests alone.
#ifndef OPENWSUS_AGENT_AGENT_TEST_FIXTURE_H_
#define OPENWSUS_AGENT_AGENT_TEST_FIXTURE_H_

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "agent/wusp_client.h"
#include "http/client/http_client.h"
#include "http/client/run_sync.h"
#include "testing/serve_process.h"
#include "testing/test_support.h"

namespace openwsus::agent::testing {

inline std::string RunCommand(const std::string& line) {
  std::string out;
  FILE* p = popen(("( " + line + " ) 2>&1").c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// One reference client with its own event loop, run call by call.
struct SyncClient {
  SyncClient(const http::ServerUrl& url, AgentIdentity identity)
      : client(io.get_executor(), url, std::move(identity), &revisions) {}

  template <typename T>
  T Run(boost::asio::awaitable<T> task) {
    return http::RunSync(io, std::move(task));
  }
  // The cached revision of an update id, or null.
  const CachedRevision* Find(const std::string& update_id) const {
    for (const CachedRevision& e : client.cache().entries()) {
      const RevisionInfo* info = revisions.Find(e.revision_id);
      if (info != nullptr && info->identity.update_id.ToString() == update_id) return &e;
    }
    return nullptr;
  }
  const RevisionInfo& Info(int32_t revision_id) const { return *revisions.Find(revision_id); }

  boost::asio::io_context io;
  RevisionTable revisions;
  WuspClient client;
};

class AgentServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.path() + "/data";
    std::string created = Cli("token create --role administrator --name e2e");
    size_t at = created.find("ows_");
    ASSERT_NE(at, std::string::npos) << created;
    token_ = created.substr(at, created.find_first_of(" \n", at) - at);
    BeforeStart();
    server_ = std::make_unique<openwsus::testing::ServeProcess>(openwsus::testing::OpenwsusBinary(), data_);
    ASSERT_TRUE(server_->Start(ServeArgs()));
    url_.host = "127.0.0.1";
    url_.port = server_->http_port();
  }

  void TearDown() override {
    if (server_ && server_->child().running()) {
      server_->child().Signal(SIGTERM);
      EXPECT_EQ(server_->child().WaitForExit(std::chrono::seconds(10)), 0);
    }
  }

  // Hooks: work on the data directory before the first start, and serve's flags.
  virtual void BeforeStart() {}
  virtual std::vector<std::string> ServeArgs() { return {}; }

  std::string Cli(const std::string& args) {
    return RunCommand(openwsus::testing::OpenwsusBinary() + " --data-dir " + data_ + " " + args);
  }

  // Stops the server (SIGTERM) and starts it again on the same port.
  void RestartServer() {
    server_->child().Signal(SIGTERM);
    ASSERT_EQ(server_->child().WaitForExit(std::chrono::seconds(10)), 0);
    std::vector<std::string> args = ServeArgs();
    args.insert(args.end(), {"--http-port", std::to_string(url_.port)});
    ASSERT_TRUE(server_->Start(args));
  }

  nlohmann::json Api(const std::string& method, const std::string& target, const std::string& body = "") {
    http::HttpRequestSpec request{method, target, {{"Authorization", "Bearer " + token_}}, body};
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    auto reply = http::SendHttpRequest(url_, request);
    EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    if (!reply.ok()) return nlohmann::json();
    EXPECT_LT(reply->status, 300) << method << " " << target << ": " << reply->body;
    return nlohmann::json::parse(reply->body, nullptr, false);
  }

  openwsus::testing::ScopedTempDir dir_;
  std::string data_;
  std::string token_;
  std::unique_ptr<openwsus::testing::ServeProcess> server_;
  http::ServerUrl url_;
};

}  // namespace openwsus::agent::testing

#endif  // OPENWSUS_AGENT_AGENT_TEST_FIXTURE_H_
