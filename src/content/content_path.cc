#include "content/content_path.h"

#include "common/strings.h"

namespace openwsus::content {
namespace {

constexpr size_t kSha1HexLength = 40;
constexpr size_t kMaxExtensionLength = 16;

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool IsAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string UpperHex(std::string_view hex) {
  std::string out(hex);
  for (char& c : out) c = Upper(c);
  return out;
}

Status NotFound() { return Status::NotFound("no such content file"); }

}  // namespace

Result<ContentPath> ParseContentPath(std::string_view path) {
  // Tricks first, so that they get 400 whatever else is wrong.
  for (char c : path) {
    if (c == '%' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Status::InvalidArgument("content path with an escape or a control byte");
    }
  }
  if (path.find("..") != std::string_view::npos || path.find("//") != std::string_view::npos) {
    return Status::InvalidArgument("content path with '..' or '//'");
  }

  if (path.size() < kContentPrefix.size() || !EqualsIgnoreCase(path.substr(0, kContentPrefix.size()), kContentPrefix)) {
    return NotFound();
  }
  std::string_view rest = path.substr(kContentPrefix.size());  // XX/SHA1.ext
  if (rest.size() < 3 || rest[2] != '/') return NotFound();
  std::string_view folder = rest.substr(0, 2);
  std::string_view name = rest.substr(3);
  if (name.size() < kSha1HexLength + 2 || name[kSha1HexLength] != '.') return NotFound();
  std::string_view digest = name.substr(0, kSha1HexLength);
  std::string_view extension = name.substr(kSha1HexLength + 1);
  for (char c : folder) {
    if (!IsHex(c)) return NotFound();
  }
  for (char c : digest) {
    if (!IsHex(c)) return NotFound();
  }
  if (extension.empty() || extension.size() > kMaxExtensionLength) return NotFound();
  for (char c : extension) {
    if (!IsAlnum(c)) return NotFound();
  }
  ContentPath parsed{UpperHex(digest), std::string(extension)};
  if (UpperHex(folder) != std::string_view(parsed.sha1_hex).substr(kSha1HexLength - 2)) {
    return NotFound();
  }
  return parsed;
}

std::string RelativeContentFile(const ContentPath& path) {
  return path.sha1_hex.substr(path.sha1_hex.size() - 2) + "/" + path.sha1_hex + "." + path.extension;
}

}  // namespace openwsus::content
