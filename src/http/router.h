// Router: dispatches a request to the handler registered for its method and
// path. Paths match without regard to ASCII case, as they do on IIS: real
// Windows Update Agents post to /ClientWebService/client.asmx although the
// documentation (and WSUS's own WSDL) says Client.asmx.
//
// An unknown path gets 404; a known path with another method gets 405 with an
// Allow header. HEAD is served by the GET handler (the server drops the body),
// because BITS asks HEAD for a file's size before it downloads.
//
// Thread-safety: register every route before the server starts; Handle() is
// const and may then run on many threads at once.
#ifndef OPENWSUS_HTTP_ROUTER_H_
#define OPENWSUS_HTTP_ROUTER_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_request.h"
#include "http/http_response.h"

namespace openwsus::http {

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class Router {
 public:
  // Registers `handler` for exactly `path` (no query). Registering the same
  // method and path twice replaces the first handler.
  void Add(std::string method, std::string_view path, HttpHandler handler);

  // Registers `handler` for every path that starts with `prefix` and has no
  // exact route, e.g. "/Content/". The longest matching prefix wins.
  void AddPrefix(std::string method, std::string_view prefix, HttpHandler handler);

  HttpResponse Handle(const HttpRequest& request) const;

 private:
  using MethodTable = std::map<std::string, HttpHandler>;  // method -> handler

  // The table for the request's path, or nullptr.
  const MethodTable* FindTable(std::string_view path) const;

  std::map<std::string, MethodTable> exact_;  // lower-cased path -> methods
  // Sorted longest first so that the first match is the most specific.
  std::vector<std::pair<std::string, MethodTable>> prefixes_;
};

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_ROUTER_H_
