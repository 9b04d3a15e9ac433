#include "http/http_headers.h"

#include <algorithm>

#include "common/strings.h"

namespace openwsus::http {
void HttpHeaders::Add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }

void HttpHeaders::Set(std::string name, std::string value) {
  Remove(name);
  Add(std::move(name), std::move(value));
}

void HttpHeaders::Remove(std::string_view name) {
  std::erase_if(fields_, [name](const Field& f) { return EqualsIgnoreCase(f.first, name); });
}

std::optional<std::string_view> HttpHeaders::Get(std::string_view name) const {
  for (const Field& f : fields_) {
    if (EqualsIgnoreCase(f.first, name)) return std::string_view(f.second);
  }
  return std::nullopt;
}

bool AcceptsEncoding(const HttpHeaders& headers, std::string_view coding) {
  for (const auto& [name, value] : headers.fields()) {
    if (!EqualsIgnoreCase(name, "Accept-Encoding")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      size_t semicolon = item.find(';');
      if (!EqualsIgnoreCase(Trim(item.substr(0, semicolon), kOptionalWhitespace), coding)) continue;
      if (semicolon == std::string_view::npos) return true;
      std::string_view q = Trim(item.substr(semicolon + 1), kOptionalWhitespace);
      // "q=0", "q=0.0", "q=0.000": refused; anything else is a preference.
      bool refused = q.size() >= 3 && AsciiLower(q.substr(0, 2)) == "q=" &&
                     q.substr(2).find_first_not_of("0.") == std::string_view::npos;
      return !refused;
    }
  }
  return false;
}

}  // namespace openwsus::http
