#pragma once
// Builds the exact bytes of a webhook request, valid by default, so a test
// can break one thing at a time: a header, the signature, the body, the
// framing. Used by the bad-request table and the slow-loris test.

#include <ctime>
#include <optional>
#include <string>

#include "intake/signature.hpp"
#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {

// Placeholders resolved when the bytes are built.
inline constexpr const char* kNow = "<now>";             // Sentry-Hook-Timestamp: now
inline constexpr const char* kSignBody = "<sign body>";  // Sentry-Hook-Signature: HMAC of the body
inline constexpr const char* kBodySize = "<body size>";  // Content-Length: the body's size

struct RawWebhook {
  std::string method = "POST";
  std::string target = "/sentry/webhook";
  std::string version = "HTTP/1.1";
  std::string body = issue_webhook({.id = 42});
  // Each header: nullopt = not sent.
  std::optional<std::string> content_type = "application/json";
  std::optional<std::string> resource = "issue";
  std::optional<std::string> request_id = "bad-request-1";
  std::optional<std::string> timestamp = kNow;
  std::optional<std::string> signature = kSignBody;
  std::optional<std::string> content_length = kBodySize;
  std::string extra_headers{};  // raw "Name: value\r\n" lines, sent as they are
};

inline std::string header_line(std::string_view name, const std::optional<std::string>& value) {
  return value ? std::string(name) + ": " + *value + "\r\n" : std::string();
}

// The request line and headers, ending with the blank line.
inline std::string raw_head(const RawWebhook& w) {
  const std::string now = std::to_string(static_cast<long long>(::time(nullptr)));
  auto timestamp = w.timestamp;
  if (timestamp == kNow) timestamp = now;
  auto signature = w.signature;
  if (signature == kSignBody) signature = intake::sign(w.body, kSecret);
  auto length = w.content_length;
  if (length == kBodySize) length = std::to_string(w.body.size());
  return w.method + " " + w.target + " " + w.version + "\r\nHost: 127.0.0.1\r\n" +
         "Connection: close\r\n" + header_line("Content-Type", w.content_type) +
         header_line("Request-ID", w.request_id) + header_line("Sentry-Hook-Resource", w.resource) +
         header_line("Sentry-Hook-Timestamp", timestamp) +
         header_line("Sentry-Hook-Signature", signature) + header_line("Content-Length", length) +
         w.extra_headers + "\r\n";
}

inline std::string raw_request(const RawWebhook& w) { return raw_head(w) + w.body; }

// A webhook with `body`, correctly signed.
inline std::string signed_request(std::string body, std::string resource = "issue") {
  return raw_request({.body = std::move(body), .resource = std::move(resource)});
}

// `body` as HTTP/1.1 chunks of `chunk` bytes each, with the last-chunk.
inline std::string chunked(const std::string& body, std::size_t chunk) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t at = 0; at < body.size(); at += chunk) {
    const std::string piece = body.substr(at, chunk);
    std::string size;
    for (std::size_t n = piece.size(); n > 0; n /= 16) size.insert(size.begin(), kHex[n % 16]);
    out += size + "\r\n" + piece + "\r\n";
  }
  return out + "0\r\n\r\n";
}

}  // namespace autofixd::testing
