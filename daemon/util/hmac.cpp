#include "util/hmac.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <new>

namespace autofixd {

Sha256Digest sha256(std::string_view data) {
  Sha256Digest out{};
  // EVP_Digest with a null pointer and zero length is fine; data() of an
  // empty view may be null.
  unsigned int out_len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &out_len, EVP_sha256(), nullptr) != 1 ||
      out_len != out.size()) {
    throw std::bad_alloc();
  }
  return out;
}

std::optional<Sha256Digest> hmac_sha256(std::string_view key, std::string_view message) {
  Sha256Digest out{};
  unsigned int out_len = 0;
  // HMAC() dereferences `data` even for an empty message, so never pass null.
  static const unsigned char kEmpty = 0;
  const auto* data =
      message.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(message.data());
  const unsigned char* md = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data,
                                 message.size(), out.data(), &out_len);
  if (md == nullptr || out_len != out.size()) return std::nullopt;
  return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto digest = hmac_sha256(key, message);
  if (!digest) return {};
  std::string hex;
  hex.reserve(digest->size() * 2);
  for (const unsigned char byte : *digest) {
    hex.push_back(kHex[byte >> 4U]);
    hex.push_back(kHex[byte & 0x0FU]);
  }
  return hex;
}

}  // namespace autofixd
