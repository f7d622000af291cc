#pragma once
// A token bucket for client-side rate limiting. Pure: the caller passes the
// current time, so tests drive it without sleeping. Not thread-safe; the
// Sentry client uses it from the network thread only.
//
// reserve() never refuses: it hands out the next free slot and says how long
// the caller must wait for it. Slots are handed out in call order, so callers
// that each wait their returned delay start no faster than `rate` per second
// on average and never more than `burst` at once.

#include <chrono>

namespace autofixd::sentry {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  using Duration = Clock::duration;

  // rate: tokens per second (> 0). burst: bucket size, clamped to
  // [1, max(1, rate)]. The bucket starts full.
  RateLimiter(double rate_per_second, double burst, Clock::time_point now);

  // Takes one token. Returns zero when one was available at `now`, else how
  // long after `now` the caller's token becomes available (the caller must
  // wait that long before acting).
  Duration reserve(Clock::time_point now);

  // Takes one token only if one is available at `now`.
  bool try_acquire(Clock::time_point now);

  // Tokens available at `now`; negative while reservations are outstanding.
  double available(Clock::time_point now) const;

  double rate() const { return rate_; }
  double burst() const { return burst_; }

 private:
  void refill(Clock::time_point now);

  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace autofixd::sentry
