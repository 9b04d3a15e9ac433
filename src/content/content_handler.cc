#include "content/content_handler.h"

#include "common/log.h"
#include "content/byte_range.h"
#include "content/content_path.h"

namespace openwsus::content {
namespace {

constexpr std::string_view kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string TwoDigits(int value) {
  std::string text = std::to_string(value);
  return text.size() < 2 ? "0" + text : text;
}

}  // namespace

std::string HttpDate(std::time_t time) {
  std::tm utc{};
  gmtime_r(&time, &utc);
  // By hand rather than strftime: the names must not follow the locale.
  std::string year = std::to_string(utc.tm_year + 1900);
  return std::string(kWeekdays[utc.tm_wday]) + ", " + TwoDigits(utc.tm_mday) + " " + std::string(kMonths[utc.tm_mon]) +
         " " + year + " " + TwoDigits(utc.tm_hour) + ":" + TwoDigits(utc.tm_min) + ":" + TwoDigits(utc.tm_sec) + " GMT";
}

http::HttpResponse ContentHandler::Handle(const http::HttpRequest& request) const {
  auto parsed = ParseContentPath(request.path);
  if (!parsed.ok()) return http::HttpResponse::ForStatus(parsed.status());
  auto found = store_->Find(*parsed);
  if (!found.ok()) {
    if (found.status().code() != StatusCode::kNotFound) {
      log::Error("cannot serve content", {{"path", request.path}, {"error", found.status().ToString()}});
    }
    return http::HttpResponse::ForStatus(found.status());
  }
  const ContentFileInfo& file = *found;

  std::string etag = "\"" + parsed->sha1_hex + "\"";
  std::string last_modified = HttpDate(file.modified);
  std::optional<std::string_view> range = request.headers.Get("Range");
  if (auto if_range = request.headers.Get("If-Range");
      range && if_range && *if_range != etag && *if_range != last_modified) {
    range.reset();  // the client holds another version: send it all (RFC 9110 13.1.5)
  }
  RangeDecision decision = DecideRange(range, file.size);

  http::HttpResponse response;
  response.headers.Set("Content-Type", "application/octet-stream");
  response.headers.Set("Last-Modified", last_modified);
  response.headers.Set("Accept-Ranges", "bytes");
  response.headers.Set("ETag", etag);
  switch (decision.outcome) {
    case RangeOutcome::kWholeFile:
      response.status = 200;
      response.file = http::FileBody{file.path, 0, file.size};
      break;
    case RangeOutcome::kPartial:
      response.status = 206;
      response.headers.Set("Content-Range", ContentRange(decision, file.size));
      response.file = http::FileBody{file.path, decision.first, decision.length};
      break;
    case RangeOutcome::kUnsatisfiable:
      response.status = 416;
      response.headers.Set("Content-Range", UnsatisfiedContentRange(file.size));
      break;
  }
  return response;
}

}  // namespace openwsus::content
