#pragma once
// What happens to an outbox row after a failed send: retried with backoff
// and jitter (honouring Retry-After), or given up as a dead letter. Pure.

#include <cstdint>
#include <string>
#include <string_view>

#include "sentry/http_response.hpp"
#include "store/records.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"

namespace autofixd::notify {

// Attempts before a row becomes a dead letter: about two hours of retries.
inline constexpr std::int64_t kMaxSendAttempts = 12;

// The error for a non-2xx answer from a target ("tracker owl: POST comment:
// HTTP 503: <the body's error, as sentry::sentry_detail reads it>"): 408, 429 and 5xx are
// "notify.transient" (retry_after from Retry-After); 401/403 "notify.auth"
// (retried slowly: an operator may fix the key and send SIGHUP); any other
// status "notify.rejected" (no retry can change it).
Error classify_answer(std::string_view what, const sentry::HttpResponse& response, SysTime now);

struct SendVerdict {
  store::OutboxState state = store::OutboxState::pending;
  SysTime next_attempt_at;
};

// After attempt number `attempts` (1-based) failed with `error`: 5 s doubled
// per attempt up to 30 min, times a jitter factor in [0.8, 1.2) from `jitter`
// in [0, 1), never sooner than the target's Retry-After; 10 min at least
// after an auth refusal. Rejections and the last attempt give up (`dead`).
SendVerdict after_failure(const Error& error, std::int64_t attempts, SysTime now, double jitter);

}  // namespace autofixd::notify
