#include "common/aead.h"

#include <openssl/evp.h>

#include <climits>
#include <memory>

#include "common/random.h"

namespace openwsus {
namespace {

struct CtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// EVP takes int lengths; our inputs are cookies of a few KiB, but refuse rather
// than truncate if someone passes something enormous.
bool FitsInt(std::string_view s) { return s.size() <= static_cast<size_t>(INT_MAX / 2); }

}  // namespace

Result<std::string> Aead::Seal(std::string_view key, std::string_view plaintext, std::string_view associated_data) {
  if (key.size() != kKeySize) return Status::InvalidArgument("AES-256-GCM key must be 32 bytes");
  if (!FitsInt(plaintext) || !FitsInt(associated_data)) {
    return Status::ResourceExhausted("data too large to seal");
  }
  std::string out(kNonceSize + plaintext.size() + kTagSize, '\0');
  OW_RETURN_IF_ERROR(FillRandom(out.data(), kNonceSize));
  CtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceSize), nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(key), Bytes(out)) != 1 ||
      (!associated_data.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(associated_data),
                                                     static_cast<int>(associated_data.size())) != 1)) {
    return Status::Internal("AES-256-GCM encryption setup failed");
  }
  unsigned char* cipher = Bytes(out) + kNonceSize;
  int written = 0;
  if (!plaintext.empty()) {
    if (EVP_EncryptUpdate(ctx.get(), cipher, &len, Bytes(plaintext), static_cast<int>(plaintext.size())) != 1) {
      return Status::Internal("AES-256-GCM encryption failed");
    }
    written = len;
  }
  if (EVP_EncryptFinal_ex(ctx.get(), cipher + written, &len) != 1 ||
      static_cast<size_t>(written + len) != plaintext.size() ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize), cipher + plaintext.size()) !=
          1) {
    return Status::Internal("AES-256-GCM encryption failed");
  }
  return out;
}

Result<std::string> Aead::Open(std::string_view key, std::string_view sealed, std::string_view associated_data) {
  if (key.size() != kKeySize) return Status::InvalidArgument("AES-256-GCM key must be 32 bytes");
  if (sealed.size() < kOverhead) {
    return Status::Unauthenticated("cannot open sealed data: too short");
  }
  if (!FitsInt(sealed) || !FitsInt(associated_data)) {
    return Status::Unauthenticated("cannot open sealed data: too large");
  }
  std::string_view nonce = sealed.substr(0, kNonceSize);
  std::string_view cipher = sealed.substr(kNonceSize, sealed.size() - kOverhead);
  // EVP_CTRL_GCM_SET_TAG wants a writable buffer.
  std::string tag(sealed.substr(sealed.size() - kTagSize));
  std::string out(cipher.size(), '\0');
  CtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceSize), nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(key), Bytes(nonce)) != 1 ||
      (!associated_data.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(associated_data),
                                                     static_cast<int>(associated_data.size())) != 1)) {
    return Status::Internal("AES-256-GCM decryption setup failed");
  }
  int written = 0;
  if (!cipher.empty()) {
    if (EVP_DecryptUpdate(ctx.get(), Bytes(out), &len, Bytes(cipher), static_cast<int>(cipher.size())) != 1) {
      return Status::Unauthenticated("cannot open sealed data: decryption failed");
    }
    written = len;
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize), Bytes(tag)) != 1) {
    return Status::Internal("AES-256-GCM decryption setup failed");
  }
  // The tag is checked here; until then `out` may hold forged plaintext, which
  // is why it is only returned after this succeeds.
  if (EVP_DecryptFinal_ex(ctx.get(), Bytes(out) + written, &len) != 1) {
    return Status::Unauthenticated(
        "cannot open sealed data: authentication failed (wrong key, altered data or "
        "different associated data)");
  }
  return out;
}

}  // namespace openwsus
