// ApiClient: calls the administration REST API (docs/admin-api.md) of a
// running `openwsus serve` with a bearer token, sending and receiving JSON.
//
// An error answer {"error": {"code", "message"}} becomes a Status carrying the
// server's message, with a code chosen by the HTTP status so that the CLI's
// exit code follows it: 400 is InvalidArgument (exit 2), everything else
// exits 1. A connection failure is IoError naming the server.
//
// Not thread-safe; the CLI makes one and uses it for the run.
#ifndef OPENWSUS_CLI_API_CLIENT_H_
#define OPENWSUS_CLI_API_CLIENT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/connection_settings.h"
#include "common/result.h"
#include "http/client/http_client.h"

namespace openwsus::cli {

// Query parameters in order; empty values are left out of the URL.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

class ApiClient {
 public:
  // Fails when the settings lack a server or a token, or the URL is bad.
  static Result<ApiClient> Create(const ConnectionSettings& settings);

  // `path` is below /api/v1, e.g. "/updates"; segments taken from user input
  // must go through PercentEncode.
  Result<nlohmann::json> Get(std::string_view path, const QueryParams& query = {});
  Result<nlohmann::json> Post(std::string_view path, const nlohmann::json& body = nlohmann::json::object());
  Result<nlohmann::json> Put(std::string_view path, const nlohmann::json& body);
  Result<nlohmann::json> Delete(std::string_view path);

  const http::ServerUrl& server() const { return server_; }

 private:
  ApiClient(http::ServerUrl server, std::string server_source, std::string token, http::HttpClientOptions options)
      : server_(std::move(server)),
        server_source_(std::move(server_source)),
        token_(std::move(token)),
        options_(std::move(options)) {}

  Result<nlohmann::json> Call(const std::string& method, std::string_view path, const QueryParams& query,
                              const nlohmann::json* body);

  http::ServerUrl server_;
  std::string server_source_;  // where the URL came from, for connection errors
  std::string token_;
  http::HttpClientOptions options_;
};

// RFC 3986 percent-encoding of everything but unreserved characters, for a
// path segment or a query value ("Workstations/Lab" -> "Workstations%2FLab").
std::string PercentEncode(std::string_view text);

// The Status for an HTTP error answer: the message of an API error body, or a
// description of the status for any other body.
Status StatusFromHttpError(int http_status, std::string_view reason, std::string_view body, std::string_view method,
                           std::string_view target);

}  // namespace openwsus::cli

#endif  // OPENWSUS_CLI_API_CLIENT_H_
