#pragma once
// SHA-256 and HMAC-SHA256, the one keyed digest autofixd uses: to check
// Sentry's webhook signatures and to sign the webhooks it sends itself.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace autofixd {

using Sha256Digest = std::array<unsigned char, 32>;

// SHA-256 of `data`. Throws std::bad_alloc when OpenSSL fails (it fails
// only without memory).
Sha256Digest sha256(std::string_view data);

// HMAC-SHA256 of `message` under `key`; nullopt only when OpenSSL itself
// fails (out of memory). Each thread keeps its last four keys with their
// padded blocks already hashed, so a webhook costs only its body's blocks.
std::optional<Sha256Digest> hmac_sha256(std::string_view key, std::string_view message);

// The same digest as 64 lowercase hex characters; "" when OpenSSL fails.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace autofixd
