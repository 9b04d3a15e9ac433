// HttpResponseParser: reads one HTTP/1.1 response from bytes fed in pieces as
// they arrive: Content-Length, chunked and read-to-close bodies, interim 1xx
// responses. Pure (no sockets), so the framing is unit-tested; SendHttpRequest
// (http_client.h) and HttpChannel (http_channel.h) feed it from their sockets.
//
// Not thread-safe; one parser per response.
#ifndef OPENWSUS_HTTP_CLIENT_HTTP_RESPONSE_PARSER_H_
#define OPENWSUS_HTTP_CLIENT_HTTP_RESPONSE_PARSER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace openwsus::http {

struct HttpReply {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // in order received
  std::string body;

  // The first header of that name (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

class HttpResponseParser {
 public:
  // `head`: the response answers a HEAD request, so no body follows.
  explicit HttpResponseParser(size_t max_body_bytes, bool head = false) : max_body_(max_body_bytes), head_(head) {}

  // Consumes `bytes`; an error means the response is malformed or too large.
  Status Feed(std::string_view bytes);
  // The peer closed the connection: completes a body that runs to the close,
  // and is an error if the response was cut short.
  Status FinishAtEof();

  bool done() const { return state_ == State::kDone; }
  // The status line and headers have been read (reply() has them).
  bool head_done() const { return state_ != State::kHead; }
  // Moves out the body bytes received so far, for consumers that stream the
  // body; the size limit then applies to what is held at once.
  std::string TakeBody() { return std::exchange(reply_.body, std::string()); }
  // REQUIRES: done().
  HttpReply& reply() { return reply_; }

 private:
  enum class State { kHead, kBodyLength, kChunkSize, kChunkData, kChunkDataEnd, kTrailers, kBodyToEof, kDone };

  Status ParseHead(std::string_view head);
  Status AppendBody(std::string_view bytes);
  Status Step(bool* progress);  // one state transition on buffer_ from pos_

  size_t max_body_;
  bool head_;
  State state_ = State::kHead;
  std::string buffer_;  // received, not yet consumed from pos_ on
  size_t pos_ = 0;
  uint64_t remaining_ = 0;  // body or chunk bytes still to come
  HttpReply reply_;
};

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_CLIENT_HTTP_RESPONSE_PARSER_H_
