#include "http/client/server_url.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cctype>
#include <charconv>

#include "common/strings.h"

namespace openwsus::http {

bool IsIpAddress(const std::string& host) {
  in6_addr v6;
  in_addr v4;
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

std::string ServerUrl::HostHeader() const {
  std::string host_text = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  bool default_port = (tls && port == 443) || (!tls && port == 80);
  return default_port ? host_text : host_text + ":" + std::to_string(port);
}

std::string ServerUrl::ToString() const {
  std::string host_text = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return std::string(tls ? "https://" : "http://") + host_text + ":" + std::to_string(port) + base_path;
}

Result<ServerUrl> ParseServerUrl(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("server URL '" + std::string(text.substr(0, 200)) + "': " + why);
  };
  ServerUrl url;
  std::string_view rest = text;
  size_t scheme_end = rest.find("://");
  if (scheme_end != std::string_view::npos) {
    std::string scheme = AsciiLower(rest.substr(0, scheme_end));
    if (scheme == "https") {
      url.tls = true;
    } else if (scheme != "http") {
      return bad("the scheme must be http or https");
    }
    rest.remove_prefix(scheme_end + 3);
  }
  size_t path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path = path_start == std::string_view::npos ? "" : rest.substr(path_start);
  if (!path.empty() && path.front() != '/') return bad("a query or fragment is not allowed");
  if (path.find_first_of("?#") != std::string_view::npos) return bad("a query or fragment is not allowed");
  if (authority.find('@') != std::string_view::npos) return bad("user names belong in --token, not the URL");
  if (authority.empty()) return bad("no host");

  std::string_view port_text;
  if (authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in the host");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected text after the host");
      port_text = after.substr(1);
      if (port_text.empty()) return bad("empty port");
    }
    in6_addr v6;
    if (inet_pton(AF_INET6, url.host.c_str(), &v6) != 1) return bad("not an IPv6 address in brackets");
  } else {
    size_t colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad("empty port");
    }
    if (url.host.empty()) return bad("no host");
    for (char c : url.host) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') {
        return bad("bad character in the host name");
      }
    }
  }
  url.port = url.tls ? 443 : 80;
  if (!port_text.empty()) {
    int port = 0;
    auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
      return bad("the port must be a number from 1 to 65535");
    }
    url.port = port;
  }
  while (path.ends_with('/')) path.remove_suffix(1);
  for (char c : path) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return bad("bad character in the path");
  }
  url.base_path = std::string(path);
  return url;
}

}  // namespace openwsus::http
