#pragma once
// A token bucket for client-side rate limiting, kept as a "theoretical
// arrival time" (GCRA) in integer clock ticks so spacing is exact. Pure: the
// caller passes the current time, so tests drive it without sleeping. Not
// thread-safe; the Sentry client uses it from the network thread only.
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

  double rate() const { return rate_; }
  double burst() const { return burst_; }
  // Time between two tokens (1 s / rate, rounded up to a clock tick).
  Duration interval() const { return interval_; }

 private:
  double rate_;
  double burst_;
  Duration interval_;
  Duration tolerance_;  // (burst - 1) intervals: how far ahead a start may be
  Clock::time_point next_;  // when the bucket would be empty again
};

}  // namespace autofixd::sentry
