#include "sentry/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace autofixd::sentry {

namespace {

constexpr double kMinRate = 1e-3;  // one request per ~17 minutes: a floor against 0

RateLimiter::Duration interval_for(double rate) {
  return std::chrono::ceil<RateLimiter::Duration>(std::chrono::duration<double>(1.0 / rate));
}

}  // namespace

RateLimiter::RateLimiter(double rate_per_second, double burst, Clock::time_point now)
    : rate_(std::max(rate_per_second, kMinRate)),
      burst_(std::floor(std::clamp(burst, 1.0, std::max(1.0, rate_)))),
      interval_(interval_for(rate_)),
      tolerance_(interval_ * static_cast<std::int64_t>(burst_ - 1)),
      next_(now) {}

RateLimiter::Duration RateLimiter::reserve(Clock::time_point now) {
  auto next = std::max(next_, now);
  auto start = std::max(now, next - tolerance_);
  next_ = next + interval_;
  return start - now;
}

bool RateLimiter::try_acquire(Clock::time_point now) {
  auto next = std::max(next_, now);
  if (next - tolerance_ > now) return false;
  next_ = next + interval_;
  return true;
}

}  // namespace autofixd::sentry
