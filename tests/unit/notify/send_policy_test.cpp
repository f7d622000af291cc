// Retries of outbox messages: backoff with jitter, Retry-After, dead letters.
#include <gtest/gtest.h>

#include "notify/send_policy.hpp"

namespace autofixd::notify {
namespace {

const SysTime kNow = from_unix_ms(1'700'000'000'000);

sentry::HttpResponse answer(int status, std::string body = "",
                            sentry::HeaderList headers = {}) {
  sentry::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(ClassifyAnswer, SaysWhoAnsweredWhatInOneLine) {
  const Error e = classify_answer("tracker owl: POST comment on issue u1",
                                  answer(503, "upstream down\n<html>...", {{"Retry-After", "7"}}),
                                  kNow);
  EXPECT_EQ(e.code, "notify.transient");
  EXPECT_EQ(e.message, "tracker owl: POST comment on issue u1: HTTP 503: upstream down <html>...");
  EXPECT_EQ(classify_answer("tracker owl: PATCH issue u1", answer(400, R"({"error":"bad status"})"),
                            kNow)
                .message,
            "tracker owl: PATCH issue u1: HTTP 400: bad status");
  EXPECT_EQ(e.retry_after, Millis{7000});
  EXPECT_EQ(classify_answer("x", answer(429), kNow).code, "notify.transient");
  EXPECT_EQ(classify_answer("x", answer(401), kNow).code, "notify.auth");
  EXPECT_EQ(classify_answer("x", answer(400, "bad status"), kNow).code, "notify.rejected");
  EXPECT_EQ(classify_answer("x", answer(404), kNow).code, "notify.rejected");
}

TEST(AfterFailure, BacksOffWithJitterUpToHalfAnHour) {
  const Error transient = make_error("notify.transient", "down");
  EXPECT_EQ(after_failure(transient, 1, kNow, 0.5).next_attempt_at, kNow + Millis{5000});
  EXPECT_EQ(after_failure(transient, 2, kNow, 0.5).next_attempt_at, kNow + Millis{10000});
  EXPECT_EQ(after_failure(transient, 1, kNow, 0.0).next_attempt_at, kNow + Millis{4000});
  EXPECT_EQ(after_failure(transient, 11, kNow, 0.5).next_attempt_at, kNow + Millis{1'800'000});
  EXPECT_EQ(after_failure(transient, 11, kNow, 0.5).state, store::OutboxState::pending);
}

TEST(AfterFailure, HonoursRetryAfterAndWaitsLongAfterAuthRefusals) {
  Error limited = make_error("notify.transient", "429");
  limited.retry_after = Millis{90'000};
  EXPECT_EQ(after_failure(limited, 1, kNow, 0.5).next_attempt_at, kNow + Millis{90'000});
  EXPECT_EQ(after_failure(make_error("notify.auth", "401"), 1, kNow, 0.5).next_attempt_at,
            kNow + Millis{600'000});
}

TEST(AfterFailure, GivesUpOnRejectionsAndAfterTheLastAttempt) {
  EXPECT_EQ(after_failure(make_error("notify.rejected", "404"), 1, kNow, 0.5).state,
            store::OutboxState::dead);
  EXPECT_EQ(after_failure(make_error("notify.transient", "503"), kMaxSendAttempts, kNow, 0.5).state,
            store::OutboxState::dead);
}

}  // namespace
}  // namespace autofixd::notify
