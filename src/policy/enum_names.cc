#include "policy/enum_names.h"

#include "common/strings.h"

namespace openwsus::policy::internal {

std::string FoldName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == '-' || c == '_' || c == ' ') continue;
    out += AsciiLower(c);
  }
  return out;
}

}  // namespace openwsus::policy::internal
