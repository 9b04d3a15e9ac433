#include "http/client/http_request_spec.h"

#include <algorithm>

namespace openwsus::http {
namespace {

bool ValidHeaderText(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c != '\r' && c != '\n' && c != '\0'; });
}

// RFC 9110 token characters, what a field name is made of.
bool IsToken(std::string_view s) {
  constexpr std::string_view kSpecial = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           kSpecial.find(c) != std::string_view::npos;
  });
}

}  // namespace

Result<std::string> RequestHead(const ServerUrl& server, const HttpRequestSpec& request,
                                std::optional<std::string_view> connection) {
  if (!IsToken(request.method) || !ValidHeaderText(request.target) || !ValidHeaderText(server.base_path) ||
      request.target.find(' ') != std::string::npos) {
    return Status::InvalidArgument("bad characters in the request line");
  }
  std::string head =
      request.method + " " + server.base_path + request.target + " HTTP/1.1\r\nHost: " + server.HostHeader() + "\r\n";
  if (connection) head.append("Connection: ").append(*connection).append("\r\n");
  for (const auto& [name, value] : request.headers) {
    if (!IsToken(name) || !ValidHeaderText(value)) {
      return Status::InvalidArgument("bad characters in the " + (IsToken(name) ? name : "request") + " header");
    }
    head += name + ": " + value + "\r\n";
  }
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    head += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  return head + "\r\n";
}

}  // namespace openwsus::http
