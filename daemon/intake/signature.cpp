#include "intake/signature.hpp"

#include <openssl/crypto.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>

#include "util/hmac.hpp"

namespace autofixd::intake {
namespace {

constexpr std::size_t kDigestBytes = 32;  // SHA-256
using Digest = Sha256Digest;

// Value of one hex digit, or 0x100 for anything else. Branch-free so that
// decoding time does not depend on which byte of an attacker's guess is wrong.
unsigned hex_value(unsigned char c) {
  const unsigned digit = static_cast<unsigned>(c) - '0';
  const unsigned lower = (static_cast<unsigned>(c) | 0x20u) - 'a';
  const unsigned is_digit = (digit < 10u);
  const unsigned is_alpha = (lower < 6u);
  return (is_digit * digit) + (is_alpha * (lower + 10u)) + ((1u - (is_digit | is_alpha)) << 8);
}

// Decodes exactly 64 hex characters. The length is not secret, so rejecting a
// wrong length early leaks nothing; the content is decoded in full either way.
std::optional<Digest> decode_signature(std::string_view hex) {
  if (hex.size() != kDigestBytes * 2) return std::nullopt;
  Digest out{};
  unsigned bad = 0;
  for (std::size_t i = 0; i < kDigestBytes; ++i) {
    const unsigned hi = hex_value(static_cast<unsigned char>(hex[2 * i]));
    const unsigned lo = hex_value(static_cast<unsigned char>(hex[2 * i + 1]));
    bad |= (hi | lo) & 0x100u;
    out[i] = static_cast<unsigned char>(((hi << 4) | lo) & 0xFFu);
  }
  if (bad != 0) return std::nullopt;
  return out;
}

}  // namespace

std::string sign(std::string_view body, std::string_view secret) {
  return hmac_sha256_hex(secret, body);
}

bool verify_signature(std::string_view body, std::string_view signature_hex,
                      const std::vector<std::string>& secrets) {
  const auto claimed = decode_signature(signature_hex);
  if (!claimed) return false;
  // Every secret is tried, without stopping at the first match, so the time
  // taken does not reveal which secret (old or new) signed the body.
  bool matched = false;
  for (const std::string& secret : secrets) {
    // An empty secret is a key anyone can sign with; never accept it.
    if (secret.empty()) continue;
    const auto expected = hmac_sha256(secret, body);
    if (!expected) continue;
    matched |= (CRYPTO_memcmp(expected->data(), claimed->data(), kDigestBytes) == 0);
  }
  return matched;
}

Status check_timestamp(std::string_view header_value, SysTime now, Millis tolerance) {
  if (header_value.empty()) {
    return make_error("intake.timestamp_missing", "Sentry-Hook-Timestamp header is missing");
  }
  // Sentry sends str(int(time())): plain decimal digits. Signs, spaces and
  // absurd lengths are refused rather than interpreted.
  constexpr std::size_t kMaxDigits = 12;
  bool digits_only = header_value.size() <= kMaxDigits;
  for (char c : header_value) digits_only = digits_only && c >= '0' && c <= '9';
  std::int64_t seconds = 0;
  if (digits_only) {
    const char* end = header_value.data() + header_value.size();
    const auto [ptr, ec] = std::from_chars(header_value.data(), end, seconds);
    digits_only = ec == std::errc{} && ptr == end;
  }
  if (!digits_only) {
    return make_error("intake.timestamp_invalid",
                      "Sentry-Hook-Timestamp must be Unix seconds as at most 12 decimal digits");
  }
  // Compared in milliseconds, not as a time_point: 12 digits of seconds would
  // overflow system_clock's nanosecond representation.
  const std::int64_t now_ms = to_unix_ms(now);
  const std::int64_t sent_ms = seconds * 1000;
  const Millis skew{now_ms > sent_ms ? now_ms - sent_ms : sent_ms - now_ms};
  if (skew > tolerance) {
    return make_error("intake.timestamp_stale",
                      "Sentry-Hook-Timestamp " + std::string(header_value) + " is " +
                          std::to_string(skew.count() / 1000) + "s away from now (tolerance " +
                          std::to_string(tolerance.count() / 1000) + "s)");
  }
  return {};
}

}  // namespace autofixd::intake
