#include "sentry/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace autofixd::sentry {
namespace {

using std::chrono::milliseconds;
using Time = RateLimiter::Clock::time_point;

const Time kStart{std::chrono::seconds(1000)};

TEST(RateLimiter, FirstRequestGoesAtOnce) {
  RateLimiter limiter(5, 1, kStart);
  EXPECT_EQ(limiter.reserve(kStart), RateLimiter::Duration::zero());
}

TEST(RateLimiter, BackToBackReservationsAreSpacedByTheRate) {
  RateLimiter limiter(5, 1, kStart);
  EXPECT_EQ(limiter.reserve(kStart), RateLimiter::Duration::zero());
  EXPECT_EQ(limiter.reserve(kStart), milliseconds(200));
  EXPECT_EQ(limiter.reserve(kStart), milliseconds(400));
  EXPECT_EQ(limiter.reserve(kStart), milliseconds(600));
}

TEST(RateLimiter, BurstAllowsThatManyAtOnce) {
  RateLimiter limiter(5, 3, kStart);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.reserve(kStart), RateLimiter::Duration::zero());
  EXPECT_EQ(limiter.reserve(kStart), milliseconds(200));
}

TEST(RateLimiter, BurstIsClampedBetweenOneAndTheRate) {
  EXPECT_EQ(RateLimiter(5, 50, kStart).burst(), 5);
  EXPECT_EQ(RateLimiter(5, 0, kStart).burst(), 1);
  EXPECT_EQ(RateLimiter(0.5, 3, kStart).burst(), 1);
}

TEST(RateLimiter, TokensRefillWithTime) {
  RateLimiter limiter(5, 1, kStart);
  EXPECT_TRUE(limiter.try_acquire(kStart));
  EXPECT_FALSE(limiter.try_acquire(kStart + milliseconds(199)));
  EXPECT_TRUE(limiter.try_acquire(kStart + milliseconds(200)));
}

TEST(RateLimiter, IdleTimeDoesNotBankMoreThanTheBurst) {
  RateLimiter limiter(5, 2, kStart);
  Time later = kStart + std::chrono::hours(1);
  EXPECT_EQ(limiter.reserve(later), RateLimiter::Duration::zero());
  EXPECT_EQ(limiter.reserve(later), RateLimiter::Duration::zero());
  EXPECT_EQ(limiter.reserve(later), milliseconds(200));
}

TEST(RateLimiter, WaitingCallersNeverExceedTheRate) {
  // 100 callers arrive at once; each starts at now + its delay. In any
  // one-second window at most rate + burst start.
  RateLimiter limiter(10, 1, kStart);
  std::vector<Time> starts;
  for (int i = 0; i < 100; ++i) starts.push_back(kStart + limiter.reserve(kStart));
  for (std::size_t i = 0; i + 10 < starts.size(); ++i) {
    EXPECT_GE(starts[i + 10] - starts[i], std::chrono::seconds(1)) << i;
  }
}

TEST(RateLimiter, TryAcquireFailsWhileReservationsAreOutstanding) {
  RateLimiter limiter(1, 1, kStart);
  EXPECT_EQ(limiter.reserve(kStart), RateLimiter::Duration::zero());
  EXPECT_EQ(limiter.reserve(kStart), std::chrono::seconds(1));
  EXPECT_FALSE(limiter.try_acquire(kStart + std::chrono::seconds(1)));
  EXPECT_TRUE(limiter.try_acquire(kStart + std::chrono::seconds(2)));
}

TEST(RateLimiter, IntervalIsRoundedUpSoTheRateIsNeverExceeded) {
  EXPECT_EQ(RateLimiter(10, 1, kStart).interval(), milliseconds(100));
  EXPECT_EQ(RateLimiter(3, 1, kStart).interval(), std::chrono::nanoseconds(333'333'334));
}

TEST(RateLimiter, ZeroRateIsTreatedAsVerySlowNotInfinite) {
  RateLimiter limiter(0, 1, kStart);
  EXPECT_EQ(limiter.reserve(kStart), RateLimiter::Duration::zero());
  EXPECT_GT(limiter.reserve(kStart), std::chrono::minutes(10));
}

}  // namespace
}  // namespace autofixd::sentry
