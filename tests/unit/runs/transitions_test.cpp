#include "runs/transitions.hpp"

#include <gtest/gtest.h>

namespace autofixd::runs {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const PollPolicy kPolicy{seconds(10), minutes(2), std::chrono::hours(2)};
const SysTime kNow = from_unix_ms(1'700'000'000'000);

store::RunRow pending_run() {
  store::RunRow r;
  r.id = RunId{1};
  r.issue = IssueId{42};
  r.state = store::RunState::pending;
  return r;
}

TEST(PollDelay, DoublesFromInitialUpToMax) {
  EXPECT_EQ(poll_delay(0, kPolicy), seconds(10));
  EXPECT_EQ(poll_delay(1, kPolicy), seconds(20));
  EXPECT_EQ(poll_delay(2, kPolicy), seconds(40));
  EXPECT_EQ(poll_delay(3, kPolicy), seconds(80));
  EXPECT_EQ(poll_delay(4, kPolicy), minutes(2));
  EXPECT_EQ(poll_delay(1000, kPolicy), minutes(2));
}

TEST(RetryDelay, HonoursSentrysHint) {
  EXPECT_EQ(retry_delay(5, seconds(42), 0.3), seconds(42));
}

TEST(RetryDelay, BacksOffExponentiallyWithJitterAndCap) {
  EXPECT_EQ(retry_delay(0, milliseconds(0), 1.0), seconds(1));
  EXPECT_EQ(retry_delay(0, milliseconds(0), 0.0), milliseconds(500));
  EXPECT_EQ(retry_delay(3, milliseconds(0), 1.0), seconds(8));
  EXPECT_EQ(retry_delay(40, milliseconds(0), 1.0), minutes(5));
  EXPECT_EQ(retry_delay(40, milliseconds(0), 0.0), seconds(150));
}

TEST(RetryDelay, JitterOutsideRangeIsClamped) {
  EXPECT_EQ(retry_delay(0, milliseconds(0), 7.0), seconds(1));
  EXPECT_EQ(retry_delay(0, milliseconds(0), -1.0), milliseconds(500));
}

TEST(RetryPolicy, FollowsThePollingCadence) {
  config::PollingConfig fast;
  fast.initial_interval = milliseconds(100);
  fast.max_interval = milliseconds(200);
  const auto policy = retry_policy(fast);
  EXPECT_EQ(retry_delay(0, milliseconds(0), 1.0, policy), milliseconds(100));
  EXPECT_EQ(retry_delay(1, milliseconds(0), 1.0, policy), milliseconds(200));
  EXPECT_EQ(retry_delay(30, milliseconds(0), 1.0, policy), milliseconds(200));
  EXPECT_EQ(retry_delay(30, seconds(7), 1.0, policy), seconds(7));  // Sentry's hint wins
}

TEST(RetryPolicy, ProductionCadenceStartsAtOneSecondAndCapsAtMaxInterval) {
  config::PollingConfig production;  // 10s initial, 2m max
  const auto policy = retry_policy(production);
  EXPECT_EQ(policy.base, seconds(1));
  EXPECT_EQ(policy.cap, minutes(2));
}

TEST(TerminalState, MapsEveryAutofixStatus) {
  EXPECT_FALSE(terminal_state(sentry::AutofixStatus::processing).has_value());
  EXPECT_EQ(terminal_state(sentry::AutofixStatus::completed), store::RunState::completed);
  EXPECT_EQ(terminal_state(sentry::AutofixStatus::error), store::RunState::failed);
  EXPECT_EQ(terminal_state(sentry::AutofixStatus::cancelled), store::RunState::cancelled);
  EXPECT_EQ(terminal_state(sentry::AutofixStatus::needs_input), store::RunState::needs_input);
}

TEST(MarkStarted, RunsAndSchedulesFirstPollAfterInitialInterval) {
  auto run = pending_run();
  run.attempts = 3;
  mark_started(run, SentryRunId{777}, kNow, kPolicy);
  EXPECT_EQ(run.state, store::RunState::running);
  EXPECT_EQ(run.sentry_run, SentryRunId{777});
  EXPECT_EQ(run.started_at, kNow);
  EXPECT_EQ(run.next_poll_at, kNow + seconds(10));
  EXPECT_EQ(run.attempts, 0);
}

TEST(ScheduleNextPoll, CountsPollsAndBacksOff) {
  auto run = pending_run();
  mark_started(run, SentryRunId{1}, kNow, kPolicy);
  schedule_next_poll(run, kNow, kPolicy);
  EXPECT_EQ(run.next_poll_at, kNow + seconds(10));
  schedule_next_poll(run, kNow, kPolicy);
  EXPECT_EQ(run.next_poll_at, kNow + seconds(20));
  EXPECT_EQ(run.poll_count, 2);
}

TEST(ScheduleRetry, KeepsStateCountsAttemptAndRecordsError) {
  auto run = pending_run();
  run.state = store::RunState::starting;
  schedule_retry(run, kNow, make_error("sentry.transient", "HTTP 503"), 1.0);
  EXPECT_EQ(run.state, store::RunState::starting);
  EXPECT_EQ(run.attempts, 1);
  EXPECT_EQ(run.detail, "HTTP 503");
  EXPECT_EQ(run.next_poll_at, kNow + seconds(1));
  schedule_retry(run, kNow, make_error("sentry.transient", "HTTP 503"), 1.0);
  EXPECT_EQ(run.next_poll_at, kNow + seconds(2));
}

TEST(Finish, ClearsScheduleAndStampsEnd) {
  auto run = pending_run();
  mark_started(run, SentryRunId{1}, kNow, kPolicy);
  finish(run, store::RunState::completed, "COMPLETED", kNow + minutes(3));
  EXPECT_EQ(run.state, store::RunState::completed);
  EXPECT_FALSE(run.next_poll_at.has_value());
  EXPECT_EQ(run.finished_at, kNow + minutes(3));
  EXPECT_TRUE(store::is_terminal(run.state));
}

TEST(IsTimedOut, CountsFromSentrysAcceptance) {
  auto run = pending_run();
  EXPECT_FALSE(is_timed_out(run, kNow + std::chrono::hours(10), kPolicy));  // never started
  mark_started(run, SentryRunId{1}, kNow, kPolicy);
  EXPECT_FALSE(is_timed_out(run, kNow + std::chrono::hours(2) - seconds(1), kPolicy));
  EXPECT_TRUE(is_timed_out(run, kNow + std::chrono::hours(2), kPolicy));
}

TEST(MayBeOurStart, RunTouchedAfterTheDecisionMayBeOurs) {
  auto run = pending_run();
  run.created_at = kNow;
  sentry::AutofixState state;
  state.exists = true;
  state.updated_at = kNow + seconds(3);
  EXPECT_TRUE(may_be_our_start(state, run));
  state.updated_at = kNow - minutes(4);  // within the clock-skew allowance
  EXPECT_TRUE(may_be_our_start(state, run));
}

TEST(MayBeOurStart, RunFromBeforeTheDecisionIsAStranger) {
  auto run = pending_run();
  run.created_at = kNow;
  sentry::AutofixState state;
  state.exists = true;
  state.updated_at = kNow - std::chrono::hours(24 * 30);
  EXPECT_FALSE(may_be_our_start(state, run));
}

TEST(MayBeOurStart, TriggerTimeWinsOverUpdateTime) {
  auto run = pending_run();
  run.created_at = kNow;
  sentry::AutofixState state;
  state.exists = true;
  state.triggered_at = kNow - std::chrono::hours(5);  // an old run, still being updated
  state.updated_at = kNow + seconds(1);
  EXPECT_FALSE(may_be_our_start(state, run));
}

TEST(MayBeOurStart, WithoutTimestampsItCannotBeRuledOut) {
  auto run = pending_run();
  run.created_at = kNow;
  sentry::AutofixState state;
  state.exists = true;
  EXPECT_TRUE(may_be_our_start(state, run));
}

TEST(StateMissingTooLong, CountsFromSentrysAcceptance) {
  auto run = pending_run();
  EXPECT_FALSE(state_missing_too_long(run, kNow + std::chrono::hours(1)));  // never started
  mark_started(run, SentryRunId{1}, kNow, kPolicy);
  EXPECT_FALSE(state_missing_too_long(run, kNow + kMissingStateGrace - seconds(1)));
  EXPECT_TRUE(state_missing_too_long(run, kNow + kMissingStateGrace));
}

TEST(RunState, NamesRoundTrip) {
  for (auto s : {store::RunState::pending, store::RunState::starting, store::RunState::running,
                 store::RunState::completed, store::RunState::failed, store::RunState::needs_input,
                 store::RunState::timed_out, store::RunState::cancelled}) {
    EXPECT_EQ(store::parse_run_state(store::to_string(s)), s);
  }
  EXPECT_FALSE(store::parse_run_state("done").has_value());
}

}  // namespace
}  // namespace autofixd::runs
