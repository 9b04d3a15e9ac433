#include "common/xpress.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace openwsus {
namespace {

constexpr size_t kWindow = 8192;  // the largest offset a 13-bit field holds
constexpr size_t kMinMatch = 3;
// Lengths past this take the format's 4-byte form, which some decoders (an
// older libfwnt) misread; no block of ours holds one (kXpressBlockSize).
constexpr size_t kMaxMatch = (size_t{1} << 16) + kMinMatch - 1;
constexpr int kHashBits = 13;
constexpr int kChainDepth = 24;  // candidates tried per position

void Put16(std::string* out, uint32_t v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>((v >> 8) & 0xff));
}

void Put32(std::string* out, uint32_t v) {
  Put16(out, v & 0xffff);
  Put16(out, v >> 16);
}

void Set32(std::string* out, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*out)[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

uint32_t Get(std::string_view s, size_t at, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[at + i]);
  return v;
}

uint32_t Hash3(std::string_view s, size_t at) {
  uint32_t v = Get(s, at, 3);
  return (v * 2654435761u) >> (32 - kHashBits);
}

// Collects the flag bits, 32 to a little-endian word placed before the items
// they describe, first item in the highest bit.
class FlagWriter {
 public:
  explicit FlagWriter(std::string* out) : out_(out) { Reserve(); }
  void Add(bool match) {
    flags_ = (flags_ << 1) | (match ? 1u : 0u);
    if (++count_ == 32) {
      Set32(out_, at_, flags_);
      flags_ = 0;
      count_ = 0;
      Reserve();
    }
  }
  // The unused low bits are 1s: a decoder stops at a match flag with no input left.
  void Finish() {
    uint64_t flags = (static_cast<uint64_t>(flags_) << (32 - count_)) | ((uint64_t{1} << (32 - count_)) - 1);
    Set32(out_, at_, static_cast<uint32_t>(flags));
  }

 private:
  void Reserve() {
    at_ = out_->size();
    out_->append(4, '\0');
  }
  std::string* out_;
  size_t at_ = 0;
  uint32_t flags_ = 0;
  int count_ = 0;
};

// Writes a match of `length` at `offset` ([MS-XCA] 2.3.4); `half_byte` is
// where a 4-bit length was last started (0: none).
void PutMatch(std::string* out, size_t offset, size_t length, size_t* half_byte) {
  size_t len = length - kMinMatch;
  uint32_t word = static_cast<uint32_t>((offset - 1) << 3);
  if (len < 7) {
    Put16(out, word | static_cast<uint32_t>(len));
    return;
  }
  Put16(out, word | 7);
  len -= 7;
  uint32_t nibble = static_cast<uint32_t>(std::min<size_t>(len, 15));
  if (*half_byte == 0) {
    *half_byte = out->size();
    out->push_back(static_cast<char>(nibble));
  } else {
    (*out)[*half_byte] = static_cast<char>(static_cast<uint8_t>((*out)[*half_byte]) | (nibble << 4));
    *half_byte = 0;
  }
  if (len < 15) return;
  len -= 15;
  if (len < 255) {
    out->push_back(static_cast<char>(len));
    return;
  }
  out->push_back(static_cast<char>(255));
  len += 7 + 15;
  if (len < (1u << 16)) {
    Put16(out, static_cast<uint32_t>(len));
  } else {
    Put16(out, 0);
    Put32(out, static_cast<uint32_t>(len));
  }
}

}  // namespace

std::string Lz77Compress(std::string_view in) {
  std::string out;
  out.reserve(in.size() + in.size() / 8 + 8);
  FlagWriter flags(&out);
  std::vector<int32_t> head(size_t{1} << kHashBits, -1);
  std::vector<int32_t> prev(in.size(), -1);
  size_t half_byte = 0;
  auto insert = [&](size_t at) {
    if (at + kMinMatch > in.size()) return;
    uint32_t h = Hash3(in, at);
    prev[at] = head[h];
    head[h] = static_cast<int32_t>(at);
  };
  for (size_t at = 0; at < in.size();) {
    size_t best_length = 0;
    size_t best_offset = 0;
    if (at + kMinMatch <= in.size()) {
      int32_t candidate = head[Hash3(in, at)];
      for (int depth = 0; candidate >= 0 && depth < kChainDepth; ++depth, candidate = prev[candidate]) {
        size_t offset = at - static_cast<size_t>(candidate);
        if (offset > kWindow) break;
        size_t length = 0;
        while (at + length < in.size() && length < kMaxMatch && in[candidate + length] == in[at + length]) ++length;
        if (length > best_length) {
          best_length = length;
          best_offset = offset;
        }
      }
    }
    if (best_length < kMinMatch) {
      insert(at);
      out.push_back(in[at++]);
      flags.Add(false);
      continue;
    }
    PutMatch(&out, best_offset, best_length, &half_byte);
    flags.Add(true);
    for (size_t end = at + best_length; at < end; ++at) insert(at);
  }
  flags.Finish();
  return out;
}

Result<std::string> Lz77Decompress(std::string_view in, size_t size) {
  const Status bad = Status::InvalidArgument("corrupt xpress block");
  std::string out;
  out.reserve(size);
  size_t at = 0;
  size_t half_byte = 0;
  uint32_t flags = 0;
  int flag_count = 0;
  auto need = [&](size_t n) { return at + n <= in.size(); };
  while (true) {
    if (flag_count == 0) {
      if (!need(4)) return bad;
      flags = Get(in, at, 4);
      at += 4;
      flag_count = 32;
    }
    --flag_count;
    if ((flags & (1u << flag_count)) == 0) {
      if (!need(1) || out.size() == size) return bad;
      out.push_back(in[at++]);
      continue;
    }
    if (at == in.size()) break;
    if (!need(2)) return bad;
    uint32_t word = Get(in, at, 2);
    at += 2;
    size_t length = word & 7;
    size_t offset = (word >> 3) + 1;
    if (length == 7) {
      if (half_byte == 0) {
        if (!need(1)) return bad;
        half_byte = at;
        length = static_cast<uint8_t>(in[at++]) & 15;
      } else {
        length = static_cast<uint8_t>(in[half_byte]) >> 4;
        half_byte = 0;
      }
      if (length == 15) {
        if (!need(1)) return bad;
        length = static_cast<uint8_t>(in[at++]);
        if (length == 255) {
          if (!need(2)) return bad;
          length = Get(in, at, 2);
          at += 2;
          if (length == 0) {
            if (!need(4)) return bad;
            length = Get(in, at, 4);
            at += 4;
          }
          if (length < 15 + 7) return bad;
          length -= 15 + 7;
        }
        length += 15;
      }
      length += 7;
    }
    length += kMinMatch;
    if (offset > out.size() || length > size - out.size()) return bad;
    for (size_t i = 0; i < length; ++i) out.push_back(out[out.size() - offset]);
  }
  if (out.size() != size) return bad;
  return out;
}

std::string XpressEncode(std::string_view body) {
  std::string out;
  out.reserve(body.size() / 3 + 64);
  for (size_t at = 0; at < body.size(); at += kXpressBlockSize) {
    std::string_view block = body.substr(at, kXpressBlockSize);
    std::string packed = Lz77Compress(block);
    bool stored = packed.size() >= block.size();
    Put32(&out, static_cast<uint32_t>(block.size()));
    Put32(&out, static_cast<uint32_t>(stored ? block.size() : packed.size()));
    out.append(stored ? std::string(block) : packed);
  }
  return out;
}

Result<std::string> XpressDecode(std::string_view framed, size_t max_output) {
  std::string out;
  for (size_t at = 0; at < framed.size();) {
    if (framed.size() - at < 8) return Status::InvalidArgument("truncated xpress block header");
    uint32_t size = Get(framed, at, 4);
    uint32_t packed = Get(framed, at + 4, 4);
    at += 8;
    if (packed > framed.size() - at) return Status::InvalidArgument("truncated xpress block");
    if (size > max_output - out.size()) return Status::ResourceExhausted("xpress body over its limit");
    std::string_view data = framed.substr(at, packed);
    at += packed;
    if (packed == size) {
      out.append(data);
      continue;
    }
    OW_ASSIGN_OR_RETURN(std::string block, Lz77Decompress(data, size));
    out += block;
  }
  return out;
}

}  // namespace openwsus
