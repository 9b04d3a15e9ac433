#include "common/date_time.h"

#include <chrono>
#include <cstdio>

namespace openwsus {
namespace {

constexpr int64_t kTicksPerSecond = 10'000'000;

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
// (Howard Hinnant's days_from_civil algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool Digits(size_t n, int64_t* out) {
    if (pos_ + n > s_.size()) return false;
    int64_t v = 0;
    for (size_t i = 0; i < n; ++i) {
      char c = s_[pos_ + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    pos_ += n;
    *out = v;
    return true;
  }
  bool Take(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtEnd() const { return pos_ == s_.size(); }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

bool ParseFraction(Cursor* c, int64_t* ticks) {
  int64_t scale = kTicksPerSecond / 10;
  int digits = 0;
  int64_t digit;
  while (c->Digits(1, &digit)) {
    if (++digits > 7) return false;
    *ticks += digit * scale;
    scale /= 10;
  }
  return digits > 0;
}

// Parses an optional "Z" or "+hh:mm" / "-hh:mm" and returns the offset in seconds.
bool ParseZone(Cursor* c, int64_t* offset_seconds) {
  *offset_seconds = 0;
  if (c->AtEnd() || c->Take('Z')) return true;
  int sign = c->Take('+') ? 1 : (c->Take('-') ? -1 : 0);
  int64_t hh, mm;
  if (sign == 0 || !c->Digits(2, &hh) || !c->Take(':') || !c->Digits(2, &mm)) return false;
  *offset_seconds = sign * (hh * 3600 + mm * 60);
  return true;
}

}  // namespace

Result<DateTime> DateTime::Parse(std::string_view text) {
  auto bad = [&] { return Status::InvalidArgument("not an xs:dateTime: '" + std::string(text.substr(0, 64)) + "'"); };
  Cursor c(text);
  int64_t y, mo, d, h = 0, mi = 0, s = 0, frac = 0, offset = 0;
  if (!c.Digits(4, &y) || !c.Take('-') || !c.Digits(2, &mo) || !c.Take('-') || !c.Digits(2, &d)) {
    return bad();
  }
  if (c.Take('T')) {
    if (!c.Digits(2, &h) || !c.Take(':') || !c.Digits(2, &mi) || !c.Take(':') || !c.Digits(2, &s)) {
      return bad();
    }
    if (c.Take('.') && !ParseFraction(&c, &frac)) return bad();
  }
  if (!ParseZone(&c, &offset) || !c.AtEnd()) return bad();
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return bad();
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t seconds = days * 86400 + h * 3600 + mi * 60 + s - offset;
  return DateTime(seconds * kTicksPerSecond + frac);
}

DateTime DateTime::Now() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return DateTime(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count() / 100);
}

int64_t DateTime::unix_seconds() const {
  int64_t s = ticks_ / kTicksPerSecond;
  if (ticks_ % kTicksPerSecond < 0) --s;
  return s;
}

std::string DateTime::ToDateString() const {
  int64_t y;
  unsigned m, d;
  int64_t days = unix_seconds() / 86400;
  if (unix_seconds() % 86400 < 0) --days;
  CivilFromDays(days, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string DateTime::ToString() const {
  int64_t secs = unix_seconds();
  int64_t frac = ticks_ - secs * kTicksPerSecond;
  int64_t sod = ((secs % 86400) + 86400) % 86400;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lld", ToDateString().c_str(), static_cast<long long>(sod / 3600),
                static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60));
  std::string out = buf;
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%07lld", static_cast<long long>(frac));
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  out += 'Z';
  return out;
}

DateTime DateTime::TruncatedToMilliseconds() const {
  constexpr int64_t kTicksPerMillisecond = 10'000;
  int64_t rest = ticks_ % kTicksPerMillisecond;
  if (rest < 0) rest += kTicksPerMillisecond;  // floor, before the epoch too
  return DateTime(ticks_ - rest);
}

}  // namespace openwsus
