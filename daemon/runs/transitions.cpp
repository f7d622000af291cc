#include "runs/transitions.hpp"

#include <algorithm>

namespace autofixd::runs {

PollPolicy poll_policy(const config::PollingConfig& polling) {
  return PollPolicy{polling.initial_interval, polling.max_interval, polling.timeout};
}

RetryPolicy retry_policy(const config::PollingConfig& polling) {
  RetryPolicy policy;
  policy.base = std::min(policy.base, polling.initial_interval);
  policy.cap = std::max(std::min(policy.cap, polling.max_interval), policy.base);
  return policy;
}

Millis poll_delay(std::int64_t poll_count, const PollPolicy& policy) {
  Millis delay = policy.initial;
  for (std::int64_t i = 0; i < poll_count && delay < policy.max; ++i) delay *= 2;
  return std::min(delay, policy.max);
}

Millis retry_delay(std::int64_t attempts, Millis retry_after, double jitter01,
                   const RetryPolicy& policy) {
  if (retry_after > Millis::zero()) return retry_after;
  Millis delay = std::max(policy.base, Millis{1});
  for (std::int64_t i = 0; i < attempts && delay < policy.cap; ++i) delay *= 2;
  delay = std::min(delay, policy.cap);
  const double factor = 0.5 + 0.5 * std::clamp(jitter01, 0.0, 1.0);
  return Millis{static_cast<std::int64_t>(static_cast<double>(delay.count()) * factor)};
}

std::optional<store::RunState> terminal_state(sentry::AutofixStatus status) {
  switch (status) {
    case sentry::AutofixStatus::processing: return std::nullopt;
    case sentry::AutofixStatus::completed: return store::RunState::completed;
    case sentry::AutofixStatus::error: return store::RunState::failed;
    case sentry::AutofixStatus::cancelled: return store::RunState::cancelled;
    case sentry::AutofixStatus::needs_input: return store::RunState::needs_input;
  }
  return std::nullopt;
}

void mark_started(store::RunRow& run, SentryRunId id, SysTime now, const PollPolicy& policy) {
  run.state = store::RunState::running;
  run.sentry_run = id;
  run.started_at = now;
  run.updated_at = now;
  run.attempts = 0;
  run.poll_count = 0;
  run.detail = "started";
  run.next_poll_at = now + policy.initial;
  run.timeout_from = now;
}

void schedule_next_poll(store::RunRow& run, SysTime now, const PollPolicy& policy) {
  run.next_poll_at = now + poll_delay(run.poll_count, policy);
  run.poll_count += 1;
  run.attempts = 0;
  run.updated_at = now;
}

void schedule_retry(store::RunRow& run, SysTime now, const Error& error, double jitter01,
                    const RetryPolicy& policy) {
  run.next_poll_at = now + retry_delay(run.attempts, error.retry_after, jitter01, policy);
  run.attempts += 1;
  run.detail = error.message;
  run.updated_at = now;
}

void finish(store::RunRow& run, store::RunState state, std::string detail, SysTime now) {
  run.state = state;
  run.detail = std::move(detail);
  run.finished_at = now;
  run.next_poll_at.reset();
  run.updated_at = now;
}

bool is_timed_out(const store::RunRow& run, SysTime now, const PollPolicy& policy) {
  const auto& from = run.timeout_from ? run.timeout_from : run.started_at;
  return from && now - *from >= policy.timeout;
}

bool may_be_our_start(const sentry::AutofixState& state, const store::RunRow& run) {
  const auto& seen = state.triggered_at ? state.triggered_at : state.updated_at;
  return !seen || *seen >= run.created_at - kClockSkewAllowance;
}

sentry::StartAutofix step_request(const store::RunRow& run, const std::string& step,
                                  const config::Rule* rule) {
  sentry::StartAutofix request;
  request.run_id = run.sentry_run;
  request.sentry_run_uuid = run.sentry_run_uuid;
  request.step = step;
  if (rule != nullptr && step == "open_pr") request.repo_name = rule->repo_name;
  if (rule != nullptr && step == "coding_agent_handoff") request.coding_agent = rule->coding_agent;
  return request;
}

StartFailure classify_start_failure(const Error& error) {
  if (error.code == "sentry.auth") return StartFailure::not_sent;
  if (error.code == "sentry.transient") {
    if (error.http_status == 429) return StartFailure::not_sent;
    if (error.http_status == 0) {
      return error.request_sent ? StartFailure::uncertain : StartFailure::not_sent;
    }
    return StartFailure::uncertain;  // 5xx: the request was received
  }
  // A continuation of a run Sentry is still creating: ask again.
  if (error.code == "sentry.rejected" && error.http_status == 409) return StartFailure::not_sent;
  return StartFailure::refused;
}

Millis uncertain_probe_delay(Millis window) { return std::max(window / 8, Millis{200}); }

Millis step_settle_time(Millis step_grace) {
  return std::clamp(step_grace / 4, Millis{200}, Millis{30'000});
}

bool state_missing_too_long(const store::RunRow& run, SysTime now) {
  return run.started_at && now - *run.started_at >= kMissingStateGrace;
}

}  // namespace autofixd::runs
