#include "cli/api_client.h"

#include <algorithm>

namespace openwsus::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kApiBase = "/api/v1";

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

std::string Describe(int http_status, std::string_view reason) {
  std::string text = "HTTP " + std::to_string(http_status);
  if (!reason.empty()) text += " " + std::string(reason);
  return text;
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (IsUnreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

Status StatusFromHttpError(int http_status, std::string_view reason, std::string_view body, std::string_view method,
                           std::string_view target) {
  std::string message;
  std::string code;
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded() && parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
    const json& error = parsed["error"];
    if (error.contains("message") && error["message"].is_string()) message = error["message"].get<std::string>();
    if (error.contains("code") && error["code"].is_string()) code = error["code"].get<std::string>();
  }
  if (message.empty()) {
    message = "the server answered " + Describe(http_status, reason) + " to " + std::string(method) + " " +
              std::string(target);
  }
  switch (http_status) {
    case 400:
      return Status::InvalidArgument(message);
    case 401:
      return Status::Unauthenticated(message +
                                     " (create a token with `openwsus token create --role administrator` on the "
                                     "server's data directory)");
    case 403:
      return Status::PermissionDenied(message);
    case 404:
      return Status::NotFound(message);
    case 409:
      return code == "already_exists" ? Status::AlreadyExists(message) : Status::FailedPrecondition(message);
    case 413:
      return Status::ResourceExhausted(message);
    case 503:
      return Status::Unavailable(message);
    default:
      return Status::Internal(message);
  }
}

Result<ApiClient> ApiClient::Create(const ConnectionSettings& settings) {
  OW_RETURN_IF_ERROR(settings.CheckComplete());
  OW_ASSIGN_OR_RETURN(http::ServerUrl url, http::ParseServerUrl(settings.server));
  bool printable =
      std::all_of(settings.token.begin(), settings.token.end(), [](char c) { return c > ' ' && c < 0x7f; });
  if (!printable) {
    return Status::InvalidArgument("the API token from " + settings.token_source +
                                   " contains spaces or control characters");
  }
  http::HttpClientOptions options;
  options.ca_file = settings.ca_file;
  return ApiClient(std::move(url), settings.server_source, settings.token, std::move(options));
}

Result<json> ApiClient::Get(std::string_view path, const QueryParams& query) {
  return Call("GET", path, query, nullptr);
}

Result<json> ApiClient::Post(std::string_view path, const json& body) { return Call("POST", path, {}, &body); }

Result<json> ApiClient::Put(std::string_view path, const json& body) { return Call("PUT", path, {}, &body); }

Result<json> ApiClient::Delete(std::string_view path) { return Call("DELETE", path, {}, nullptr); }

Result<json> ApiClient::Call(const std::string& method, std::string_view path, const QueryParams& query,
                             const json* body) {
  http::HttpRequestSpec request;
  request.method = method;
  request.target = std::string(kApiBase) + std::string(path);
  char separator = '?';
  for (const auto& [name, value] : query) {
    if (value.empty()) continue;
    request.target += separator + PercentEncode(name) + "=" + PercentEncode(value);
    separator = '&';
  }
  request.headers = {
      {"Authorization", "Bearer " + token_}, {"Accept", "application/json"}, {"User-Agent", "openwsus-cli"}};
  if (body != nullptr) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = body->dump();
  }
  Result<http::HttpReply> reply = http::SendHttpRequest(server_, request, options_);
  if (!reply.ok()) {
    if (reply.status().code() == StatusCode::kIoError && server_source_.ends_with("ports.json")) {
      return Status::IoError(reply.status().message() + " (the address comes from " + server_source_ +
                             "; is `openwsus serve` still running?)");
    }
    return reply.status();
  }
  if (reply->status < 200 || reply->status > 299) {
    return StatusFromHttpError(reply->status, reply->reason, reply->body, method, request.target);
  }
  if (reply->body.empty()) return json::object();
  json parsed = json::parse(reply->body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return Status::DataLoss("the server's answer to " + method + " " + request.target + " is not JSON");
  }
  return parsed;
}

}  // namespace openwsus::cli
