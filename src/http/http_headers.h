// HttpHeaders: the header fields of a request or a response, in arrival order,
// looked up without regard to case (RFC 9110 field names are case-insensitive,
// and Windows clients and IIS disagree with curl about capitalisation).
//
// A plain value type; not synchronised.
#ifndef OPENWSUS_HTTP_HTTP_HEADERS_H_
#define OPENWSUS_HTTP_HTTP_HEADERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace openwsus::http {

class HttpHeaders {
 public:
  using Field = std::pair<std::string, std::string>;

  // Appends a field, keeping any earlier one of the same name (Set-Cookie).
  void Add(std::string name, std::string value);
  // Replaces every field of that name with one field.
  void Set(std::string name, std::string value);
  void Remove(std::string_view name);

  // The first field of that name.
  std::optional<std::string_view> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }

  const std::vector<Field>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }
  size_t size() const { return fields_.size(); }

 private:
  std::vector<Field> fields_;
};

// Whether Accept-Encoding (every field of it) offers `coding`: a listed token,
// ASCII case folded, whose q value, if any, is not 0 (RFC 9110 12.5.3).
bool AcceptsEncoding(const HttpHeaders& headers, std::string_view coding);

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_HTTP_HEADERS_H_
