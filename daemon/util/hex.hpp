#pragma once
// Bytes as lowercase hexadecimal: digests in signatures, logs and tests.

#include <span>
#include <string>

namespace autofixd {

inline std::string lower_hex(std::span<const unsigned char> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const unsigned char byte : bytes) {
    hex.push_back(kHex[byte >> 4U]);
    hex.push_back(kHex[byte & 0x0FU]);
  }
  return hex;
}

}  // namespace autofixd
