#pragma once
// Pure run state transitions and timing: what the engine does to a run row
// after each Sentry answer. No I/O and no clock of its own.

#include <cstdint>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "sentry/api.hpp"
#include "sentry/types.hpp"
#include "store/records.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"

namespace autofixd::runs {

struct PollPolicy {
  Millis initial{10'000};
  Millis max{120'000};
  Millis timeout{2 * 3600'000};
};
PollPolicy poll_policy(const config::PollingConfig& polling);

// How failed calls are retried when Sentry gave no hint: `base` doubled per
// attempt up to `cap`.
struct RetryPolicy {
  Millis base{1000};
  Millis cap{5 * 60'000};
};
// Retries follow the polling cadence: base is min(1s, initial_interval), cap
// is min(5m, max_interval) (never below base), so a failed call is never
// retried later than a poll would have been.
RetryPolicy retry_policy(const config::PollingConfig& polling);

// Delay before the next poll after `poll_count` polls: initial doubled per
// poll, capped at max.
Millis poll_delay(std::int64_t poll_count, const PollPolicy& policy);

// Delay before retrying a failed call: Sentry's hint when it gave one, else
// policy.base doubled per attempt up to policy.cap, scaled by a jitter
// factor in [0.5, 1.0] taken from `jitter01` in [0, 1).
Millis retry_delay(std::int64_t attempts, Millis retry_after, double jitter01,
                   const RetryPolicy& policy = {});

// The run state an autofix status ends in; nullopt while still processing.
std::optional<store::RunState> terminal_state(sentry::AutofixStatus status);

// Sentry accepted the start: running, first poll after policy.initial.
void mark_started(store::RunRow& run, SentryRunId id, SysTime now, const PollPolicy& policy);
// Still processing: count the poll, schedule the next one.
void schedule_next_poll(store::RunRow& run, SysTime now, const PollPolicy& policy);
// A transient failure: count the attempt, retry later.
void schedule_retry(store::RunRow& run, SysTime now, const Error& error, double jitter01,
                    const RetryPolicy& policy = {});
// Terminal: no further polls.
void finish(store::RunRow& run, store::RunState state, std::string detail, SysTime now);
// True when the run has been running for longer than policy.timeout,
// counted from Sentry's 202 (timeout_from: the 202, or the moment the run
// went on after waiting for a person's answer).
bool is_timed_out(const store::RunRow& run, SysTime now, const PollPolicy& policy);

// Clocks differ between Sentry and this host by up to this much.
inline constexpr Millis kClockSkewAllowance{5 * 60'000};

// Whether the run Sentry shows for an issue can be the one an interrupted
// start of `run` created: it must have been triggered (legacy) or last
// updated (agent) after the run row was created, less kClockSkewAllowance.
// Without a timestamp it cannot be ruled out, so it may be ours: adopting a
// stranger's run costs a comment about it; a blind POST may cost a second
// paid run.
bool may_be_our_start(const sentry::AutofixState& state, const store::RunRow& run);

// The POST that asks the run's Seer run for `step`: its run ids, and the
// rule's repository (open_pr) or coding agent (hand-off); `rule` may be null.
sentry::StartAutofix step_request(const store::RunRow& run, const std::string& step,
                                  const config::Rule* rule);

// What a failed start POST may have done (docs/sentry.md "Uncertain starts").
//   not_sent:  it never reached Sentry (connect failure) or Sentry answered
//              without acting (429, 401/403, 409): retry normally
//   uncertain: it left and got no answer (time-out, dropped connection) or
//              a 5xx: Sentry may have created the run, perhaps seconds later
//   refused:   Sentry answered and will not start it (402, other 4xx)
enum class StartFailure { not_sent, uncertain, refused };
StartFailure classify_start_failure(const Error& error);

// How often an uncertain start is looked for over `window`: eight GETs,
// no closer than 200 ms apart.
Millis uncertain_probe_delay(Millis window);

// A between-steps `completed` must hold this long before autofixd asks for
// the next step itself: Seer's own hook usually starts it within seconds,
// and asking too early would run the step twice.
Millis step_settle_time(Millis step_grace);

// Sentry accepted the start, yet shows no autofix state for the issue
// ({"autofix": null}) this long afterwards: the run is lost on Sentry's side.
inline constexpr Millis kMissingStateGrace{10 * 60'000};
bool state_missing_too_long(const store::RunRow& run, SysTime now);

}  // namespace autofixd::runs
