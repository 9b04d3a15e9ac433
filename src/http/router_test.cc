#include "http/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/health_handler.h"

namespace openwsus::http {
namespace {

HttpRequest MakeRequest(std::string method, std::string path) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = path;
  request.target = std::move(path);
  return request;
}

HttpHandler Answer(std::string body) {
  return [body = std::move(body)](const HttpRequest&) { return HttpResponse::Text(200, body); };
}

TEST(RouterTest, MatchesPathsWithoutCase) {
  Router router;
  router.Add("POST", "/ClientWebService/Client.asmx", Answer("client"));
  // What real Windows Update Agents send, and what the documentation says.
  for (const char* path :
       {"/ClientWebService/client.asmx", "/ClientWebService/Client.asmx", "/CLIENTWEBSERVICE/CLIENT.ASMX"}) {
    HttpResponse response = router.Handle(MakeRequest("POST", path));
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.body, "client");
  }
}

TEST(RouterTest, UnknownPathIs404) {
  Router router;
  router.Add("GET", "/health", Answer("ok"));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/nope")).status, 404);
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/health/extra")).status, 404);
  EXPECT_EQ(router.Handle(MakeRequest("GET", "")).status, 404);
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router router;
  router.Add("GET", "/health", Answer("ok"));
  router.Add("POST", "/api/thing", Answer("post"));
  router.Add("PUT", "/api/thing", Answer("put"));

  HttpResponse response = router.Handle(MakeRequest("POST", "/health"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.Get("Allow"), "GET, HEAD");

  response = router.Handle(MakeRequest("DELETE", "/API/thing"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.Get("allow"), "POST, PUT");
  // Methods are case-sensitive (RFC 9110), unlike paths.
  EXPECT_EQ(router.Handle(MakeRequest("post", "/api/thing")).status, 405);
}

TEST(RouterTest, HeadUsesTheGetHandler) {
  Router router;
  router.Add("GET", "/health", Answer("ok"));
  EXPECT_EQ(router.Handle(MakeRequest("HEAD", "/health")).status, 200);

  router.Add("HEAD", "/health", [](const HttpRequest&) { return HttpResponse::Text(204, ""); });
  EXPECT_EQ(router.Handle(MakeRequest("HEAD", "/health")).status, 204);
}

TEST(RouterTest, ExactRoutesBeatPrefixesAndLongestPrefixWins) {
  Router router;
  router.AddPrefix("GET", "/Content/", Answer("content"));
  router.AddPrefix("GET", "/Content/special/", Answer("special"));
  router.Add("GET", "/content/exact", Answer("exact"));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/content/AB/ABCD.cab")).body, "content");
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/CONTENT/special/x")).body, "special");
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/Content/exact")).body, "exact");
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/Content")).status, 404);
  EXPECT_EQ(router.Handle(MakeRequest("POST", "/Content/x")).status, 405);
}

TEST(RouterTest, HandlersSeeTheRequest) {
  Router router;
  router.Add("POST", "/echo", [](const HttpRequest& request) {
    return HttpResponse::Text(200, request.body + "|" + std::string(request.headers.Get("X-A").value_or("")));
  });
  HttpRequest request = MakeRequest("POST", "/echo");
  request.body = "hello";
  request.headers.Add("x-a", "b");
  EXPECT_EQ(router.Handle(request).body, "hello|b");
}

TEST(HealthHandlerTest, AnswersStatusAndVersion) {
  Router router;
  router.Add("GET", kHealthPath, MakeHealthHandler("1.2.3-test \"q\""));
  HttpResponse response = router.Handle(MakeRequest("GET", "/health"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json");
  nlohmann::json body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["version"], "1.2.3-test \"q\"");
}

}  // namespace
}  // namespace openwsus::http
