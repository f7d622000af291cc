#pragma once
// Webhook authenticity: HMAC-SHA256 of the exact raw body keyed with the
// integration's client secret, lowercase hex, in `Sentry-Hook-Signature`.

#include <string>
#include <string_view>
#include <vector>

#include "util/clock.hpp"
#include "util/result.hpp"

namespace autofixd::intake {

// Lowercase hex HMAC-SHA256 of `body` with `secret`.
std::string sign(std::string_view body, std::string_view secret);

// True when `signature_hex` (case-insensitive hex) is the HMAC of `body` under
// any of `secrets`. Compares in constant time; an empty signature or an empty
// secret list never verifies.
bool verify_signature(std::string_view body, std::string_view signature_hex,
                      const std::vector<std::string>& secrets);

// Checks `Sentry-Hook-Timestamp` (Unix seconds, decimal) is within
// `tolerance` of `now` in either direction. Errors: "intake.timestamp_missing",
// "intake.timestamp_invalid", "intake.timestamp_stale".
Status check_timestamp(std::string_view header_value, SysTime now, Millis tolerance);

}  // namespace autofixd::intake
