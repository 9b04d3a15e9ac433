#include "http/client/http_response_parser.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/strings.h"

namespace openwsus::http {
namespace {

// Around header values and chunk sizes: spaces, tabs, and a stray CR.
constexpr std::string_view kHeaderSpace = " \t\r";

constexpr size_t kMaxHeadBytes = 64 * 1024;
constexpr size_t kMaxLineBytes = 8 * 1024;  // chunk-size and trailer lines

// Whether a comma-separated header value lists `token` (case-insensitive).
bool ListsToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    if (EqualsIgnoreCase(Trim(value.substr(0, comma), kHeaderSpace), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::string HttpReply::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

Status HttpResponseParser::Feed(std::string_view bytes) {
  if (state_ == State::kDone) return Status::Ok();  // anything after the response is ignored
  buffer_.append(bytes);
  bool progress = true;
  while (progress && state_ != State::kDone) {
    progress = false;
    if (Status status = Step(&progress); !status.ok()) return status;
  }
  // Drop what has been consumed, so a large body is not copied over and over.
  buffer_.erase(0, pos_);
  pos_ = 0;
  return Status::Ok();
}

Status HttpResponseParser::FinishAtEof() {
  if (state_ == State::kBodyToEof) state_ = State::kDone;
  if (state_ == State::kDone) return Status::Ok();
  if (state_ == State::kHead && buffer_.empty() && reply_.status == 0) {
    return Status::DataLoss("the server closed the connection without answering");
  }
  return Status::DataLoss("the server closed the connection in the middle of its response");
}

Status HttpResponseParser::ParseHead(std::string_view head) {
  size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  // "HTTP/1.1 200 OK"; the reason phrase may be empty.
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12 || status_line[8] != ' ' ||
      (status_line.size() > 12 && status_line[12] != ' ')) {
    return Status::DataLoss("not an HTTP response: '" + std::string(status_line.substr(0, 80)) + "'");
  }
  int status = 0;
  auto [end, error] = std::from_chars(status_line.data() + 9, status_line.data() + 12, status);
  if (error != std::errc() || end != status_line.data() + 12 || status < 100 || status > 999) {
    return Status::DataLoss("bad HTTP status line: '" + std::string(status_line.substr(0, 80)) + "'");
  }
  reply_ = HttpReply();
  reply_.status = status;
  reply_.reason = std::string(Trim(status_line.size() > 12 ? status_line.substr(13) : "", kHeaderSpace));
  while (line_end != std::string_view::npos) {
    size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line =
        head.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    if (line.empty()) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return Status::DataLoss("bad HTTP header line: '" + std::string(line.substr(0, 80)) + "'");
    }
    reply_.headers.emplace_back(std::string(line.substr(0, colon)),
                                std::string(Trim(line.substr(colon + 1), kHeaderSpace)));
  }

  if (status < 200) {  // 100 Continue and friends: the real response follows
    state_ = State::kHead;
    return Status::Ok();
  }
  if (head_ || status == 204 || status == 304) {
    state_ = State::kDone;
    return Status::Ok();
  }
  std::string transfer_encoding = reply_.Header("Transfer-Encoding");
  if (!transfer_encoding.empty()) {
    if (!ListsToken(transfer_encoding, "chunked")) {
      return Status::DataLoss("unsupported Transfer-Encoding '" + transfer_encoding + "'");
    }
    state_ = State::kChunkSize;
    return Status::Ok();
  }
  std::string length_text = reply_.Header("Content-Length");
  if (!length_text.empty()) {
    uint64_t length = 0;
    auto [ptr, ec] = std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (ec != std::errc() || ptr != length_text.data() + length_text.size()) {
      return Status::DataLoss("bad Content-Length '" + length_text + "'");
    }
    if (length > max_body_) {
      return Status::ResourceExhausted("the response body (" + length_text + " bytes) is over the limit of " +
                                       std::to_string(max_body_) + " bytes");
    }
    remaining_ = length;
    state_ = length == 0 ? State::kDone : State::kBodyLength;
    return Status::Ok();
  }
  state_ = State::kBodyToEof;
  return Status::Ok();
}

Status HttpResponseParser::AppendBody(std::string_view bytes) {
  if (reply_.body.size() + bytes.size() > max_body_) {
    return Status::ResourceExhausted("the response body is over the limit of " + std::to_string(max_body_) + " bytes");
  }
  reply_.body.append(bytes);
  return Status::Ok();
}

Status HttpResponseParser::Step(bool* progress) {
  std::string_view available = std::string_view(buffer_).substr(pos_);
  switch (state_) {
    case State::kHead: {
      size_t end = available.find("\r\n\r\n");
      if (end == std::string_view::npos) {
        if (available.size() > kMaxHeadBytes) return Status::ResourceExhausted("the response headers are too large");
        return Status::Ok();
      }
      pos_ += end + 4;
      *progress = true;
      return ParseHead(available.substr(0, end + 2));  // keeps the last line's CRLF
    }
    case State::kBodyLength: {
      size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, available.size()));
      if (take == 0) return Status::Ok();
      if (Status s = AppendBody(available.substr(0, take)); !s.ok()) return s;
      pos_ += take;
      remaining_ -= take;
      if (remaining_ == 0) state_ = State::kDone;
      *progress = true;
      return Status::Ok();
    }
    case State::kChunkSize: {
      size_t end = available.find("\r\n");
      if (end == std::string_view::npos) {
        if (available.size() > kMaxLineBytes) return Status::DataLoss("bad chunk size line");
        return Status::Ok();
      }
      std::string_view line = Trim(available.substr(0, available.find_first_of(";\r")), kHeaderSpace);
      uint64_t size = 0;
      auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
      if (line.empty() || ec != std::errc() || ptr != line.data() + line.size()) {
        return Status::DataLoss("bad chunk size '" + std::string(line.substr(0, 40)) + "'");
      }
      if (size > max_body_ - std::min(max_body_, reply_.body.size())) {
        return Status::ResourceExhausted("the response body is over the limit of " + std::to_string(max_body_) +
                                         " bytes");
      }
      pos_ += end + 2;
      remaining_ = size;
      state_ = size == 0 ? State::kTrailers : State::kChunkData;
      *progress = true;
      return Status::Ok();
    }
    case State::kChunkData: {
      size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, available.size()));
      if (take == 0) return Status::Ok();
      if (Status s = AppendBody(available.substr(0, take)); !s.ok()) return s;
      pos_ += take;
      remaining_ -= take;
      if (remaining_ == 0) state_ = State::kChunkDataEnd;
      *progress = true;
      return Status::Ok();
    }
    case State::kChunkDataEnd:
      if (available.size() < 2) return Status::Ok();
      if (!available.starts_with("\r\n")) return Status::DataLoss("a chunk does not end with CRLF");
      pos_ += 2;
      state_ = State::kChunkSize;
      *progress = true;
      return Status::Ok();
    case State::kTrailers: {
      size_t end = available.find("\r\n");
      if (end == std::string_view::npos) {
        if (available.size() > kMaxLineBytes) return Status::DataLoss("bad trailer line");
        return Status::Ok();
      }
      pos_ += end + 2;
      if (end == 0) state_ = State::kDone;  // the empty line after the trailers
      *progress = true;
      return Status::Ok();
    }
    case State::kBodyToEof:
      if (available.empty()) return Status::Ok();
      if (Status s = AppendBody(available); !s.ok()) return s;
      pos_ += available.size();
      *progress = true;
      return Status::Ok();
    case State::kDone:
      return Status::Ok();
  }
  return Status::Internal("unreachable parser state");
}

}  // namespace openwsus::http
