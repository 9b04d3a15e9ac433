#include "wsusss/sync_anchor.h"

#include "common/hash.h"
#include "common/strings.h"

namespace openwsus::wsusss {
namespace {

constexpr size_t kCheckHexDigits = 16;

// "yyyy-MM-dd HH:mm:ss.fff" from ToString()'s "yyyy-MM-ddTHH:mm:ss[.f...]Z".
std::string AnchorTime(DateTime time) {
  std::string iso = time.TruncatedToMilliseconds().ToString();
  std::string fraction;
  if (size_t dot = iso.find('.'); dot != std::string::npos) fraction = iso.substr(dot + 1, iso.size() - dot - 2);
  fraction.resize(3, '0');
  return iso.substr(0, 10) + " " + iso.substr(11, 8) + "." + fraction;
}

// The inverse of AnchorTime; nullopt for any other text.
std::optional<DateTime> ParseAnchorTime(std::string_view text) {
  if (text.size() != 23 || text[10] != ' ' || text[19] != '.') return std::nullopt;
  std::string iso = std::string(text.substr(0, 10)) + "T" + std::string(text.substr(11)) + "Z";
  auto parsed = DateTime::Parse(iso);
  if (!parsed.ok()) return std::nullopt;
  return *parsed;
}

std::string Check(std::string_view body, const Guid& server_id) {
  std::string digest = Sha256("openwsus-anchor/1|" + server_id.ToString() + "|" + std::string(body));
  return HexEncode(std::string_view(digest).substr(0, kCheckHexDigits / 2));
}

}  // namespace

std::string EncodeAnchor(const SyncAnchor& anchor, const Guid& server_id) {
  std::string body = std::to_string(anchor.change_number) + "," + AnchorTime(anchor.time);
  return body + "," + Check(body, server_id);
}

Result<SyncAnchor> DecodeAnchor(std::string_view text, const Guid& server_id, int64_t current) {
  const Status bad = Status::InvalidArgument("not one of our anchors");
  text = Trim(text);
  size_t first = text.find(',');
  size_t last = text.rfind(',');
  if (first == std::string_view::npos || last == first) return bad;
  std::string_view body = text.substr(0, last);
  if (!EqualsIgnoreCase(text.substr(last + 1), Check(body, server_id))) return bad;
  std::optional<int64_t> number = ParseNumber<int64_t>(body.substr(0, first));
  std::optional<DateTime> time = ParseAnchorTime(body.substr(first + 1));
  if (!number || !time || *number < 0) return bad;
  if (*number > current) return Status::InvalidArgument("anchor from the future");
  return SyncAnchor{*number, *time};
}

}  // namespace openwsus::wsusss
