#include "util/hmac.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace autofixd {

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
