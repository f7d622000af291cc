#include "notify/send_policy.hpp"

#include <algorithm>

#include "sentry/classify.hpp"
#include "sentry/responses.hpp"

namespace autofixd::notify {
namespace {

constexpr Millis kFirstRetry{5'000};
constexpr Millis kMaxRetry{30 * 60'000};
constexpr Millis kAuthRetry{10 * 60'000};

}  // namespace

Error classify_answer(std::string_view what, const sentry::HttpResponse& response, SysTime now) {
  const int status = response.status;
  std::string message = std::string(what) + ": HTTP " + std::to_string(status);
  // Sentry's reader of error bodies serves any JSON API: {"error": ...} and
  // {"detail": ...}, else the body's start, one line, sanitized and capped.
  if (const std::string body = sentry::sentry_detail(response.body); !body.empty()) {
    message += ": " + body;
  }
  std::string code = "notify.rejected";
  if (status == 408 || status == 429 || status >= 500) {
    code = "notify.transient";
  } else if (status == 401 || status == 403) {
    code = "notify.auth";
  }
  Error error = make_error(std::move(code), std::move(message), status);
  error.retry_after = sentry::retry_after(response, now);
  error.request_sent = true;
  return error;
}

SendVerdict after_failure(const Error& error, std::int64_t attempts, SysTime now, double jitter) {
  if (error.code == "notify.rejected" || attempts >= kMaxSendAttempts) {
    return SendVerdict{store::OutboxState::dead, now};
  }
  Millis delay = kFirstRetry;
  for (std::int64_t i = 1; i < attempts && delay < kMaxRetry; ++i) delay *= 2;
  delay = std::min(delay, kMaxRetry);
  const double factor = 0.8 + 0.4 * std::clamp(jitter, 0.0, 0.999);
  delay = Millis{static_cast<std::int64_t>(static_cast<double>(delay.count()) * factor)};
  delay = std::max(delay, error.retry_after);
  if (error.code == "notify.auth") delay = std::max(delay, kAuthRetry);
  return SendVerdict{store::OutboxState::pending, now + delay};
}

}  // namespace autofixd::notify
