#include "sentry/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace autofixd::sentry {

namespace {

constexpr double kMinRate = 1e-3;  // one request per ~17 minutes: a floor against 0

}  // namespace

RateLimiter::RateLimiter(double rate_per_second, double burst, Clock::time_point now)
    : rate_(std::max(rate_per_second, kMinRate)),
      burst_(std::clamp(burst, 1.0, std::max(1.0, rate_))),
      tokens_(burst_),
      last_(now) {}

void RateLimiter::refill(Clock::time_point now) {
  if (now <= last_) return;
  double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
  last_ = now;
}

RateLimiter::Duration RateLimiter::reserve(Clock::time_point now) {
  refill(now);
  tokens_ -= 1.0;
  if (tokens_ >= 0.0) return Duration::zero();
  // Round up so the caller never wakes before its token exists.
  auto wait = std::chrono::duration<double>(-tokens_ / rate_);
  auto base = std::max(now, last_) - now;
  return base + std::chrono::ceil<Duration>(wait);
}

bool RateLimiter::try_acquire(Clock::time_point now) {
  refill(now);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

double RateLimiter::available(Clock::time_point now) const {
  double tokens = tokens_;
  if (now > last_) {
    double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens = std::min(burst_, tokens + elapsed * rate_);
  }
  return tokens;
}

}  // namespace autofixd::sentry
