#include "http/http_status.h"

#include <gtest/gtest.h>

#include "http/http_response.h"

namespace openwsus::http {
namespace {

TEST(HttpStatusTest, MapsEveryCode) {
  struct Case {
    Status status;
    int http;
  };
  const Case cases[] = {
      {Status::Ok(), 200},
      {Status::InvalidArgument("x"), 400},
      {Status::Unauthenticated("x"), 401},
      {Status::PermissionDenied("x"), 403},
      {Status::NotFound("x"), 404},
      {Status::AlreadyExists("x"), 409},
      {Status::FailedPrecondition("x"), 409},
      {Status::ResourceExhausted("x"), 413},
      {Status::Unavailable("x"), 503},
      {Status::DataLoss("x"), 500},
      {Status::IoError("x"), 500},
      {Status::Internal("x"), 500},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(HttpStatusFor(c.status), c.http) << c.status.ToString();
  }
}

TEST(HttpStatusTest, ReasonPhrases) {
  EXPECT_EQ(ReasonPhrase(404), "Not Found");
  EXPECT_EQ(ReasonPhrase(413), "Content Too Large");
  EXPECT_EQ(ReasonPhrase(799), "Unknown");
}

TEST(HttpStatusTest, ForStatusHidesServerSideMessages) {
  HttpResponse client_error = HttpResponse::ForStatus(Status::NotFound("no update 42"));
  EXPECT_EQ(client_error.status, 404);
  EXPECT_NE(client_error.body.find("no update 42"), std::string::npos);

  HttpResponse server_error = HttpResponse::ForStatus(Status::IoError("/var/lib/openwsus/db: disk full"));
  EXPECT_EQ(server_error.status, 500);
  EXPECT_EQ(server_error.body.find("/var/lib"), std::string::npos);
  EXPECT_EQ(server_error.headers.Get("Content-Type"), "text/plain; charset=utf-8");
}

}  // namespace
}  // namespace openwsus::http
