#include "http/router.h"

#include <algorithm>

#include "common/strings.h"

namespace openwsus::http {

void Router::Add(std::string method, std::string_view path, HttpHandler handler) {
  exact_[AsciiLower(path)][std::move(method)] = std::move(handler);
}

void Router::AddPrefix(std::string method, std::string_view prefix, HttpHandler handler) {
  std::string key = AsciiLower(prefix);
  auto it = std::find_if(prefixes_.begin(), prefixes_.end(), [&key](const auto& entry) { return entry.first == key; });
  if (it == prefixes_.end()) {
    prefixes_.emplace_back(key, MethodTable{});
    it = prefixes_.end() - 1;
  }
  it->second[std::move(method)] = std::move(handler);
  std::stable_sort(prefixes_.begin(), prefixes_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

const Router::MethodTable* Router::FindTable(std::string_view path) const {
  std::string key = AsciiLower(path);
  if (auto it = exact_.find(key); it != exact_.end()) return &it->second;
  for (const auto& [prefix, table] : prefixes_) {
    if (key.starts_with(prefix)) return &table;
  }
  return nullptr;
}

HttpResponse Router::Handle(const HttpRequest& request) const {
  const MethodTable* table = FindTable(request.path);
  if (table == nullptr) return HttpResponse::Text(404, "not found\n");

  auto it = table->find(request.method);
  if (it == table->end() && request.method == "HEAD") it = table->find("GET");
  if (it != table->end()) return it->second(request);

  std::string allow;
  for (const auto& [method, handler] : *table) {
    if (!allow.empty()) allow += ", ";
    allow += method;
    if (method == "GET" && !table->contains("HEAD")) allow += ", HEAD";
  }
  HttpResponse response = HttpResponse::Text(405, "method not allowed\n");
  response.headers.Set("Allow", allow);
  return response;
}

}  // namespace openwsus::http
