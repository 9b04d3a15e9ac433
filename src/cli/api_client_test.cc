#include "cli/api_client.h"

#include <gtest/gtest.h>

#include "http/client/test_http_server.h"

namespace openwsus::cli {
namespace {

using nlohmann::json;

// Answers every request with `response` (one client call per test).
class OneShotServer {
 public:
  explicit OneShotServer(std::string response)
      : server_([response](const http::testing::FakeRequest&) { return response; }) {}
  int port() const { return server_.port(); }
  // The raw request: head, blank line, body.
  std::string request() {
    auto requests = server_.requests();
    return requests.empty() ? "" : requests.front().head + "\r\n\r\n" + requests.front().body;
  }

 private:
  http::testing::FakeHttpServer server_;
};

ConnectionSettings Settings(int port, std::string token = "ows_test-token") {
  ConnectionSettings settings;
  settings.server = "http://127.0.0.1:" + std::to_string(port);
  settings.server_source = "--server";
  settings.token = std::move(token);
  settings.token_source = "--token";
  return settings;
}

TEST(ApiClientTest, SendsTokenAndJsonAndParsesTheAnswer) {
  std::string body = R"({"update_id": "11111111-2222-3333-4444-555555555555"})";
  OneShotServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n\r\n" + body);
  auto client = ApiClient::Create(Settings(server.port()));
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto reply = client->Post("/updates/" + PercentEncode("11111111-2222-3333-4444-555555555555") + "/approvals",
                            {{"action", "install"}, {"group", "Workstations/Lab"}});
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ((*reply)["update_id"], "11111111-2222-3333-4444-555555555555");
  std::string request = server.request();
  EXPECT_EQ(request.rfind("POST /api/v1/updates/11111111-2222-3333-4444-555555555555/approvals HTTP/1.1\r\n", 0), 0u)
      << request;
  EXPECT_NE(request.find("\r\nAuthorization: Bearer ows_test-token\r\n"), std::string::npos);
  EXPECT_NE(request.find("\r\nContent-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(request.find(R"({"action":"install","group":"Workstations/Lab"})"), std::string::npos) << request;
}

TEST(ApiClientTest, QueryParametersAreEncodedAndEmptyOnesLeftOut) {
  OneShotServer server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nF\r\n{\"updates\": []}\r\n0\r\n\r\n");
  auto client = ApiClient::Create(Settings(server.port()));
  ASSERT_TRUE(client.ok());
  auto reply = client->Get("/updates", {{"approval", "unapproved"}, {"product", ""}, {"group", "Lab & Test/1"}});
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_TRUE((*reply)["updates"].empty());
  EXPECT_EQ(
      server.request().rfind("GET /api/v1/updates?approval=unapproved&group=Lab%20%26%20Test%2F1 HTTP/1.1\r\n", 0), 0u)
      << server.request();
}

// A server behind a reverse proxy under a path: the path comes once.
TEST(ApiClientTest, CallsGoUnderTheServersBasePath) {
  OneShotServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
  ConnectionSettings settings = Settings(server.port());
  settings.server += "/openwsus/";
  auto client = ApiClient::Create(settings);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  ASSERT_TRUE(client->Get("/groups", {}).ok());
  EXPECT_EQ(server.request().rfind("GET /openwsus/api/v1/groups HTTP/1.1\r\n", 0), 0u) << server.request();
}

TEST(ApiClientTest, ApiErrorsBecomeStatusesWithTheServersMessage) {
  std::string body = R"({"error": {"code": "invalid_argument", "message": "action must be install, ..."}})";
  OneShotServer server("HTTP/1.1 400 Bad Request\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                       body);
  auto client = ApiClient::Create(Settings(server.port()));
  ASSERT_TRUE(client.ok());
  auto reply = client->Delete("/groups/x");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(reply.status().message(), "action must be install, ...");
}

TEST(ApiClientTest, StatusFromHttpError) {
  Status conflict = StatusFromHttpError(409, "Conflict", R"({"error": {"code": "already_exists", "message": "m"}})",
                                        "POST", "/api/v1/groups");
  EXPECT_EQ(conflict.code(), StatusCode::kAlreadyExists);
  Status declined = StatusFromHttpError(409, "Conflict",
                                        R"({"error": {"code": "failed_precondition", "message": "d"}})", "POST", "/x");
  EXPECT_EQ(declined.code(), StatusCode::kFailedPrecondition);
  // 400 and only 400 is a bad argument (exit code 2), whatever the code says.
  EXPECT_EQ(
      StatusFromHttpError(422, "", R"({"error": {"code": "invalid_argument", "message": "m"}})", "GET", "/x").code(),
      StatusCode::kInternal);
  Status unauthenticated =
      StatusFromHttpError(401, "Unauthorized", R"({"error": {"code": "unauthenticated", "message": "bad token"}})",
                          "GET", "/api/v1/updates");
  EXPECT_EQ(unauthenticated.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(unauthenticated.message().find("bad token (create a token with `openwsus token create"), std::string::npos);
  Status html = StatusFromHttpError(404, "Not Found", "<html>nope</html>", "GET", "/api/v1/rules");
  EXPECT_EQ(html.code(), StatusCode::kNotFound);
  EXPECT_EQ(html.message(), "the server answered HTTP 404 Not Found to GET /api/v1/rules");
}

TEST(ApiClientTest, ConnectionRefusedNamesTheServer) {
  int port = http::testing::ClosedLoopbackPort();

  ConnectionSettings settings = Settings(port);
  settings.server_source = "/data/ports.json";
  auto client = ApiClient::Create(settings);
  ASSERT_TRUE(client.ok());
  auto reply = client->Get("/updates");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kIoError);
  EXPECT_NE(reply.status().message().find("cannot connect to http://127.0.0.1:" + std::to_string(port) +
                                          ": Connection refused"),
            std::string::npos)
      << reply.status().message();
  EXPECT_NE(reply.status().message().find("is `openwsus serve` still running?"), std::string::npos);
}

TEST(ApiClientTest, CreateChecksTheSettings) {
  EXPECT_EQ(ApiClient::Create(Settings(8530, "")).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(ApiClient::Create(Settings(8530, "ows_a\r\nX-Evil: 1")).status().code(), StatusCode::kInvalidArgument);
  ConnectionSettings bad_url = Settings(8530);
  bad_url.server = "gopher://x";
  EXPECT_EQ(ApiClient::Create(bad_url).status().code(), StatusCode::kInvalidArgument);
}

TEST(ApiClientTest, PercentEncode) {
  EXPECT_EQ(PercentEncode("Workstations/Lab"), "Workstations%2FLab");
  EXPECT_EQ(PercentEncode("Windows 11"), "Windows%2011");
  EXPECT_EQ(PercentEncode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(PercentEncode("Ä"), "%C3%84");
}

}  // namespace
}  // namespace openwsus::cli
