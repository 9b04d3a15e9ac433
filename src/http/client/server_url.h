// ServerUrl: where a server is, as the CLI, the reference agent and the sync
// client are told it: "http://host:port/base" or "https://...". The scheme is
// optional (http is assumed); the port defaults to 80 or 443.
//
// A plain value; thread-safe to copy and share.
#ifndef OPENWSUS_HTTP_CLIENT_SERVER_URL_H_
#define OPENWSUS_HTTP_CLIENT_SERVER_URL_H_

#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus::http {

struct ServerUrl {
  bool tls = false;
  std::string host;  // a name, an IPv4 address, or an IPv6 address without brackets
  int port = 0;
  std::string base_path;  // "" or "/prefix", without a trailing slash

  // The canonical text, e.g. "http://127.0.0.1:8530" or "https://[::1]:8531/wsus".
  std::string ToString() const;
  // The value of the Host header.
  std::string HostHeader() const;
};

// InvalidArgument, quoting the text and saying what is wrong, for anything
// but a plain http(s) URL: user names, queries, fragments, bad hosts or ports.
Result<ServerUrl> ParseServerUrl(std::string_view text);

// Whether `host` is an IPv4 or IPv6 address (else a name).
bool IsIpAddress(const std::string& host);

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_CLIENT_SERVER_URL_H_
