#include "common/cookie_data.h"

#include <cstring>

namespace openwsus {
namespace {

constexpr uint8_t kPayloadFormat = 1;
constexpr int64_t kTicksPerSecond = 10'000'000;
// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.9999999Z: the range DateTime can
// print and parse back.
constexpr int64_t kMinTicks = -62135596800LL * kTicksPerSecond;
constexpr int64_t kMaxTicks = 253402300800LL * kTicksPerSecond - 1;

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U16(uint16_t v) {
    out_.push_back(static_cast<char>(v >> 8));
    out_.push_back(static_cast<char>(v));
  }
  void U64(uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out_.push_back(static_cast<char>(v >> shift));
  }
  void U32(uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<char>(v >> shift));
  }
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void Bytes(std::string_view s) { out_.append(s); }

  Status Str(std::string_view s, size_t max, const char* field) {
    if (s.size() > max) {
      return Status::InvalidArgument(std::string("cookie ") + field + " longer than " + std::to_string(max) + " bytes");
    }
    U16(static_cast<uint16_t>(s.size()));
    Bytes(s);
    return Status::Ok();
  }
  Status List(const std::vector<std::string>& items) {
    if (items.size() > kMaxCookieGroups) {
      return Status::InvalidArgument("cookie has more than " + std::to_string(kMaxCookieGroups) + " target groups");
    }
    U16(static_cast<uint16_t>(items.size()));
    for (const auto& item : items) OW_RETURN_IF_ERROR(Str(item, kMaxCookieGroupName, "target group"));
    return Status::Ok();
  }
  Status Time(DateTime t, const char* field) {
    int64_t ticks = t.ticks_since_epoch();
    if (ticks < kMinTicks || ticks > kMaxTicks) {
      return Status::InvalidArgument(std::string("cookie ") + field + " out of range");
    }
    I64(ticks);
    return Status::Ok();
  }
  void Guid(const openwsus::Guid& g) {
    Bytes(std::string_view(reinterpret_cast<const char*>(g.bytes().data()), g.bytes().size()));
  }

  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Every read checks the remaining length first; a failed read leaves ok() false
// and all later reads fail too, so callers check once at the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ == in_.size(); }
  const std::string& error() const { return error_; }

  uint64_t Unsigned(size_t n) {
    if (!Need(n)) return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = v << 8 | static_cast<uint8_t>(in_[pos_ + i]);
    pos_ += n;
    return v;
  }
  uint8_t U8() { return static_cast<uint8_t>(Unsigned(1)); }
  uint32_t U32() { return static_cast<uint32_t>(Unsigned(4)); }
  int64_t I64() { return static_cast<int64_t>(Unsigned(8)); }

  std::string Str(size_t max, const char* field) {
    size_t len = static_cast<size_t>(Unsigned(2));
    if (!ok_) return {};
    if (len > max) {
      Fail(std::string(field) + " too long");
      return {};
    }
    if (!Need(len)) return {};
    std::string s(in_.substr(pos_, len));
    pos_ += len;
    return s;
  }
  std::vector<std::string> List() {
    size_t count = static_cast<size_t>(Unsigned(2));
    if (!ok_) return {};
    if (count > kMaxCookieGroups) {
      Fail("too many target groups");
      return {};
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < count && ok_; ++i) out.push_back(Str(kMaxCookieGroupName, "target group"));
    return out;
  }
  DateTime Time(const char* field) {
    int64_t ticks = I64();
    if (!ok_) return {};
    if (ticks < kMinTicks || ticks > kMaxTicks) {
      Fail(std::string(field) + " out of range");
      return {};
    }
    return DateTimeFromTicks(ticks, field);
  }
  openwsus::Guid Guid() {
    if (!Need(16)) return {};
    // Guid has no from-bytes constructor; go through its canonical text.
    static const char kHex[] = "0123456789abcdef";
    std::string text;
    for (size_t i = 0; i < 16; ++i) {
      if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
      uint8_t b = static_cast<uint8_t>(in_[pos_ + i]);
      text += kHex[b >> 4];
      text += kHex[b & 0xf];
    }
    pos_ += 16;
    auto g = openwsus::Guid::Parse(text);
    if (!g.ok()) {
      Fail("bad client id");
      return {};
    }
    return *g;
  }

  void Fail(const std::string& why) {
    if (ok_) error_ = why;
    ok_ = false;
  }

 private:
  bool Need(size_t n) {
    if (!ok_) return false;
    if (in_.size() - pos_ < n) {
      Fail("truncated");
      return false;
    }
    return true;
  }

  // DateTime has no public from-ticks factory; whole seconds go through
  // FromUnixSeconds, the rest through its own lossless text form.
  DateTime DateTimeFromTicks(int64_t ticks, const char* field) {
    int64_t secs = ticks / kTicksPerSecond;
    int64_t frac = ticks % kTicksPerSecond;
    if (frac < 0) {
      --secs;
      frac += kTicksPerSecond;
    }
    DateTime whole = DateTime::FromUnixSeconds(secs);
    if (frac == 0) return whole;
    std::string text = whole.ToString();
    char buf[16];
    std::snprintf(buf, sizeof buf, ".%07lldZ", static_cast<long long>(frac));
    text.pop_back();  // the 'Z'
    text += buf;
    auto parsed = DateTime::Parse(text);
    if (!parsed.ok() || parsed->ticks_since_epoch() != ticks) {
      Fail(std::string(field) + " not representable");
      return {};
    }
    return *parsed;
  }

  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
  std::string error_;
};

Status Finish(Reader& r) {
  if (r.ok() && !r.AtEnd()) r.Fail("trailing bytes");
  if (!r.ok()) return Status::DataLoss("bad cookie payload: " + r.error());
  return Status::Ok();
}

void CheckFormat(Reader& r) {
  uint8_t format = r.U8();
  if (r.ok() && format != kPayloadFormat) r.Fail("unknown payload format");
}

}  // namespace

Result<std::string> EncodeAuthorizationCookieData(const AuthorizationCookieData& data) {
  Writer w;
  w.U8(kPayloadFormat);
  w.Guid(data.client_id);
  OW_RETURN_IF_ERROR(w.Str(data.dns_name, kMaxCookieDnsName, "dns name"));
  OW_RETURN_IF_ERROR(w.List(data.target_groups));
  OW_RETURN_IF_ERROR(w.Time(data.issued, "issued time"));
  return w.Take();
}

Result<std::string> EncodeClientCookieData(const ClientCookieData& data) {
  Writer w;
  w.U8(kPayloadFormat);
  w.Guid(data.client_id);
  OW_RETURN_IF_ERROR(w.List(data.target_groups));
  OW_RETURN_IF_ERROR(w.Time(data.expires, "expiry"));
  OW_RETURN_IF_ERROR(w.Str(data.protocol_version, kMaxCookieProtocolVersion, "protocol version"));
  OW_RETURN_IF_ERROR(w.Time(data.config_last_change, "config last change"));
  w.U32(data.key_version);
  w.I64(data.deployment_high_water);
  w.I64(data.driver_high_water);
  return w.Take();
}

Result<AuthorizationCookieData> DecodeAuthorizationCookieData(std::string_view bytes) {
  Reader r(bytes);
  CheckFormat(r);
  AuthorizationCookieData data;
  data.client_id = r.Guid();
  data.dns_name = r.Str(kMaxCookieDnsName, "dns name");
  data.target_groups = r.List();
  data.issued = r.Time("issued time");
  OW_RETURN_IF_ERROR(Finish(r));
  return data;
}

Result<ClientCookieData> DecodeClientCookieData(std::string_view bytes) {
  Reader r(bytes);
  CheckFormat(r);
  ClientCookieData data;
  data.client_id = r.Guid();
  data.target_groups = r.List();
  data.expires = r.Time("expiry");
  data.protocol_version = r.Str(kMaxCookieProtocolVersion, "protocol version");
  data.config_last_change = r.Time("config last change");
  data.key_version = r.U32();
  data.deployment_high_water = r.I64();
  data.driver_high_water = r.I64();
  OW_RETURN_IF_ERROR(Finish(r));
  return data;
}

}  // namespace openwsus
