#include "common/hash.h"

#include <openssl/evp.h>

#include <cstdio>

namespace openwsus {

struct Hasher::Impl {
  EVP_MD_CTX* ctx = nullptr;
};

Hasher::Hasher(HashAlgorithm algorithm) : impl_(std::make_unique<Impl>()) {
  impl_->ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(impl_->ctx, algorithm == HashAlgorithm::kSha1 ? EVP_sha1() : EVP_sha256(), nullptr);
}

Hasher::~Hasher() { EVP_MD_CTX_free(impl_->ctx); }

void Hasher::Update(std::string_view bytes) { EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size()); }

std::string Hasher::Finish() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, md, &len);
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string Sha1(std::string_view bytes) {
  Hasher h(HashAlgorithm::kSha1);
  h.Update(bytes);
  return h.Finish();
}

std::string Sha256(std::string_view bytes) {
  Hasher h(HashAlgorithm::kSha256);
  h.Update(bytes);
  return h.Finish();
}

Result<std::string> HashFile(const std::string& path, HashAlgorithm algorithm) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IoError("cannot open " + path);
  Hasher h(algorithm);
  std::string buf(1 << 16, '\0');
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) h.Update(std::string_view(buf.data(), n));
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Status::IoError("cannot read " + path);
  return h.Finish();
}

std::string HexEncode(std::string_view bytes, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

Result<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return Status::InvalidArgument("odd number of hex digits");
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = value(hex[i]);
    int lo = value(hex[i + 1]);
    if (hi < 0 || lo < 0) return Status::InvalidArgument("not a hex digit");
    out += static_cast<char>(hi << 4 | lo);
  }
  return out;
}

}  // namespace openwsus
