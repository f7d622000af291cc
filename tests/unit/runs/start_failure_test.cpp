// Which failed start POSTs may have created a run (docs/sentry.md
// "Uncertain starts"), and the pacing of the look-ups that follow.
#include <gtest/gtest.h>

#include "runs/transitions.hpp"

namespace autofixd::runs {
namespace {

using namespace std::chrono_literals;

Error transport(bool sent) {
  Error e = make_error("sentry.transient", "POST autofix for issue 42: timed out", 0);
  e.request_sent = sent;
  return e;
}

TEST(StartFailure, ConnectFailureWasNeverSent) {
  EXPECT_EQ(classify_start_failure(transport(false)), StartFailure::not_sent);
}

TEST(StartFailure, TimeOutAfterSendingIsUncertain) {
  EXPECT_EQ(classify_start_failure(transport(true)), StartFailure::uncertain);
}

TEST(StartFailure, EveryServerErrorIsUncertain) {
  for (int status : {500, 502, 503, 504}) {
    EXPECT_EQ(classify_start_failure(make_error("sentry.transient", "x", status)),
              StartFailure::uncertain)
        << status;
  }
}

TEST(StartFailure, AnswersThatDidNotActAreRetried) {
  EXPECT_EQ(classify_start_failure(make_error("sentry.transient", "x", 429)),
            StartFailure::not_sent);
  EXPECT_EQ(classify_start_failure(make_error("sentry.auth", "x", 401)), StartFailure::not_sent);
  EXPECT_EQ(classify_start_failure(make_error("sentry.rejected", "still being created", 409)),
            StartFailure::not_sent);
}

TEST(StartFailure, RefusalsAreFinal) {
  EXPECT_EQ(classify_start_failure(make_error("sentry.no_budget", "x", 402)),
            StartFailure::refused);
  EXPECT_EQ(classify_start_failure(make_error("sentry.rejected", "x", 400)), StartFailure::refused);
  EXPECT_EQ(classify_start_failure(make_error("sentry.not_found", "x", 404)),
            StartFailure::refused);
}

TEST(StartFailure, LookUpsAreSpreadOverTheWindow) {
  EXPECT_EQ(uncertain_probe_delay(10min), 75s);
  EXPECT_EQ(uncertain_probe_delay(1s), 200ms);
  EXPECT_EQ(step_settle_time(15min), 30s);
  EXPECT_EQ(step_settle_time(2s), 500ms);
}

TEST(StartFailure, TimeoutCountsFromWhenTheRunWentOnAfterInput) {
  store::RunRow run;
  run.started_at = SysTime{} + 1h;
  run.timeout_from = SysTime{} + 10h;
  const PollPolicy policy{10s, 2min, 2h};
  EXPECT_FALSE(is_timed_out(run, SysTime{} + 11h, policy));
  EXPECT_TRUE(is_timed_out(run, SysTime{} + 12h, policy));
}

}  // namespace
}  // namespace autofixd::runs
