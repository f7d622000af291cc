// Starting a run: a new Seer run, following one someone else started, or
// continuing our earlier run to a later stopping point. Every path reads the
// issue's autofix state first, in the same attempt as any POST it sends
// (docs/sentry.md "Existing runs", "Uncertain starts", "Continuing a run").
#include <spdlog/spdlog.h>

#include "runs/engine.hpp"
#include "runs/outcomes.hpp"
#include "runs/seer_progress.hpp"
#include "runs/transitions.hpp"
#include "util/duration.hpp"
#include "util/time_format.hpp"

namespace autofixd::runs {
namespace {

// After Sentry's 402 no new run starts for this long (polls continue).
constexpr Millis kNoBudgetPause{15 * 60'000};
// A decision's read of Seer's state stands for the start's own read this
// long after it arrived. The read before the POST is what keeps autofixd
// from paying for a run someone else has started; a start within this of
// the decision's read leaves a window of the same order as the read's own
// round trip (a run started during it goes unseen either way), and a start
// that comes later (a backlog, a retry, a pause) reads again.
constexpr auto kDecisionReadStands = std::chrono::seconds(2);
// Decision reads kept for runs not started yet, at most.
constexpr std::size_t kMaxDecisionReads = 4096;

// The run Sentry shows was processing, or active within the rule's cooldown
// (7 days without one): it counts as already triggered.
bool recently_active(const sentry::AutofixState& state, const config::Rule* rule, SysTime now) {
  if (is_busy(seer_progress(state, {}).phase)) return true;
  const auto& at = state.updated_at ? state.updated_at : state.triggered_at;
  return !at || now - *at < config::triggered_window(rule);
}

}  // namespace

net::awaitable<void> Engine::start(store::RunRow run) {
  const auto now = clock_.now();
  if (now < starts_paused_until_ && run.origin == store::RunOrigin::started) {
    run.next_poll_at = starts_paused_until_;
    co_await save(run);
    co_return;
  }
  stats_.starts_paused = false;
  if (co_await refresh_pause()) {
    // Kept pending and looked at again within kPauseCheck of `resume`.
    run.detail = "paused by " + pause_->by + (pause_->reason.empty() ? "" : ": " + pause_->reason);
    run.next_poll_at = now + Millis{5'000};
    run.updated_at = now;
    co_await save(run);
    co_return;
  }
  auto state = co_await read_before_start(run);
  if (!state && state.error().code == "sentry.seer_disabled") {
    co_await handle_start_error(std::move(run), state.error());
    co_return;
  }
  if (!state) {
    if (state.error().code == "sentry.auth") note_auth_failure(run, state.error());
    retry_later(run, state.error());
    co_await save(run);
    co_return;  // retry later, never POST blind
  }
  note_success();
  // If-chains, not a switch around co_await (GCC 12 coroutine code gen).
  if (run.origin == store::RunOrigin::followed) {
    co_await follow(std::move(run), *state);
  } else if (run.origin == store::RunOrigin::continued) {
    co_await continue_run(std::move(run), *state);
  } else {
    co_await start_new(std::move(run), *state);
  }
}

void Engine::hand_over_seer_state(RunId run, sentry::AutofixState state,
                                  std::chrono::steady_clock::time_point read_at) {
  if (decision_reads_.size() >= kMaxDecisionReads) decision_reads_.erase(decision_reads_.begin());
  decision_reads_.insert_or_assign(run.value, std::make_pair(std::move(state), read_at));
}

net::awaitable<Result<sentry::AutofixState>> Engine::read_before_start(const store::RunRow& run) {
  const auto handed = decision_reads_.find(run.id.value);
  if (handed != decision_reads_.end()) {
    auto [state, read_at] = std::move(handed->second);
    decision_reads_.erase(handed);  // one attempt only: a retry reads again
    const bool first_attempt = run.state == store::RunState::pending && !run.start_sent_at;
    if (first_attempt && std::chrono::steady_clock::now() - read_at <= kDecisionReadStands) {
      ++stats_.decision_reads_used;
      co_return state;
    }
  }
  co_return co_await api_->get_autofix(run.issue);
}

// True when `sentry_run` is one of our other runs on the issue (old news,
// not a start of this run); nullopt when the store cannot say.
net::awaitable<std::optional<bool>> Engine::is_ours(const store::RunRow& run,
                                                    SentryRunId sentry_run) {
  auto job = [issue = run.issue, sentry_run, self = run.id](store::Store& s) {
    return s.is_earlier_run(issue, sentry_run, self);
  };
  auto earlier = co_await store_.call(std::move(job));
  if (!earlier) {
    note_store_failure(run.id, "read earlier runs", earlier.error());
    co_return std::nullopt;
  }
  co_return *earlier;
}

void Engine::adopt(store::RunRow& run, const sentry::AutofixState& state, store::RunOrigin origin) {
  mark_started(run, *state.run_id, clock_.now(), poll_policy(config_.get()->polling));
  run.sentry_run_uuid = state.sentry_run_uuid;
  run.origin = origin;
  run.next_poll_at = clock_.now();  // it may be finished already: look now
}

net::awaitable<void> Engine::start_new(store::RunRow run, const sentry::AutofixState& state) {
  const auto now = clock_.now();
  const auto config = config_.get();
  const config::Rule* rule = config->find_rule(run.rule);
  std::optional<bool> earlier;
  if (state.exists && state.run_id) {
    earlier = co_await is_ours(run, *state.run_id);
    if (!earlier) {
      run.next_poll_at = now + retry_policy(config->polling).cap;
      co_await save(run);
      co_return;
    }
  }
  const bool someone_elses = earlier.has_value() && !*earlier;
  const bool uncertain = run.state == store::RunState::starting && run.start_sent_at;
  if (uncertain) {
    // Our earlier POST may have created a run, perhaps after we gave up.
    if (someone_elses && may_be_our_start(state, run)) {
      adopt(run, state, store::RunOrigin::started);
      ++stats_.runs_adopted;
      spdlog::warn(
          "run {}: adopted Seer autofix run {} ({}) for issue {}: the start POST got no "
          "answer, but the run exists",
          run.id.value, state.run_id->value, state.raw_status, run.issue.value);
      co_await save(run);
      co_return;
    }
    const Millis window = config->polling.uncertain_start_window;
    if (now - *run.start_sent_at < window) {
      run.next_poll_at = now + uncertain_probe_delay(window);
      run.updated_at = now;
      co_await save(run);
      co_return;
    }
    spdlog::warn(
        "run {}: no Seer run appeared for issue {} within {} of the unanswered start "
        "POST; starting again",
        run.id.value, run.issue.value, format_duration(window));
  } else if (someone_elses && recently_active(state, rule, now)) {
    if (rule != nullptr && rule->on_existing_run == config::OnExistingRun::follow) {
      adopt(run, state, store::RunOrigin::followed);
      spdlog::info("run {}: following Seer run {} that someone else started on issue {}",
                   run.id.value, state.run_id->value, run.issue.value);
      co_await save(run, notify::OutcomeKind::started, &state);
      co_return;
    }
    ++stats_.already_triggered;
    spdlog::info("run {}: issue {} already has Seer run {} ({}); not starting another",
                 run.id.value, run.issue.value, state.run_id->value, state.raw_status);
    std::string detail =
        "already_triggered: Seer run " + state.run_id->str() + " was started by someone else";
    co_await end_quietly(std::move(run), store::RunState::cancelled, std::move(detail));
    co_return;
  }
  sentry::StartAutofix request{run.stopping_point, run.instruction};
  if (rule != nullptr) {
    request.repo_name = rule->repo_name;
    // A coding agent takes over after the solution: Seer stops there.
    if (rule->coding_agent) request.stopping_point = config::StoppingPoint::solution;
  }
  co_await post_start(std::move(run), std::move(request));
}

net::awaitable<void> Engine::follow(store::RunRow run, const sentry::AutofixState& state) {
  if (!state.exists || !state.run_id) {
    std::string detail = "the Seer run to follow is gone from the issue";
    co_await end_quietly(std::move(run), store::RunState::cancelled, std::move(detail));
    co_return;
  }
  adopt(run, state, store::RunOrigin::followed);
  spdlog::info("run {}: following Seer run {} on issue {}", run.id.value, state.run_id->value,
               run.issue.value);
  co_await save(run, notify::OutcomeKind::started, &state);
}

net::awaitable<void> Engine::continue_run(store::RunRow run, const sentry::AutofixState& state) {
  const auto now = clock_.now();
  const auto config = config_.get();
  if (!state.exists || !state.run_id || !run.sentry_run || *state.run_id != *run.sentry_run) {
    ++stats_.superseded;
    std::string detail = "superseded: the issue's latest Seer run is no longer the one to continue";
    co_await end_quietly(std::move(run), store::RunState::cancelled, std::move(detail));
    co_return;
  }
  const config::Rule* rule = config->find_rule(run.rule);
  const SeerTarget target{run.stopping_point, rule != nullptr && rule->coding_agent.has_value()};
  const SeerProgress progress = seer_progress(state, target);
  if (is_busy(progress.phase) || progress.phase == SeerPhase::finished) {
    // Busy (never continue a run Seer is still working on), or already there.
    mark_started(run, *run.sentry_run, now, poll_policy(config->polling));
    run.sentry_run_uuid =
        state.sentry_run_uuid.empty() ? run.sentry_run_uuid : state.sentry_run_uuid;
    run.next_poll_at = now;
    co_await save(run);
    co_return;
  }
  // A continued run's earlier stage has reached at least the root cause.
  const std::string step =
      step_to_ask(progress.reached.empty() ? "root_cause" : progress.reached, target);
  if (run.state == store::RunState::starting && run.start_sent_at && run.sent_step == step &&
      now - *run.start_sent_at < config->polling.uncertain_start_window) {
    run.next_poll_at = now + uncertain_probe_delay(config->polling.uncertain_start_window);
    co_await save(run);
    co_return;
  }
  if (!state.sentry_run_uuid.empty()) run.sentry_run_uuid = state.sentry_run_uuid;
  run.sent_step = step;
  auto request = step_request(run, step, rule);
  co_await post_start(std::move(run), std::move(request));
}

// pending → starting (durable, with start_sent_at) → POST → running.
net::awaitable<void> Engine::post_start(store::RunRow run, sentry::StartAutofix request) {
  const auto now = clock_.now();
  run.state = store::RunState::starting;
  run.start_sent_at = now;
  run.updated_at = now;
  auto durable = [run](store::Store& s) { return s.save_run(run); };
  auto saved = co_await store_.call(std::move(durable));
  if (!saved) {
    note_store_failure(run.id, "make `starting` durable, so not starting", saved.error());
    co_return;
  }
  const bool continuing = request.run_id.has_value();
  auto started = co_await api_->start_autofix(run.issue, request);
  if (!started) {
    co_await handle_start_error(std::move(run), started.error());
    co_return;
  }
  note_success();
  const SentryRunId id = started->run_id.value_or(request.run_id.value_or(SentryRunId{0}));
  mark_started(run, id, clock_.now(), poll_policy(config_.get()->polling));
  if (!started->sentry_run_uuid.empty()) run.sentry_run_uuid = started->sentry_run_uuid;
  if (continuing) {
    ++stats_.steps_continued;
    spdlog::info(
        "run {}: continued Seer run {} for issue {} with step {} (rule \"{}\", stopping "
        "at {})",
        run.id.value, id.value, run.issue.value, request.step, run.rule,
        config::to_string(run.stopping_point));
  } else {
    ++stats_.runs_started;
    spdlog::info("run {}: started Seer autofix run {} for issue {} (rule \"{}\", stopping at {})",
                 run.id.value, id.value, run.issue.value, run.rule,
                 config::to_string(run.stopping_point));
  }
  co_await save(run, notify::OutcomeKind::started);
}

net::awaitable<void> Engine::handle_start_error(store::RunRow run, const Error& error) {
  const auto now = clock_.now();
  if (error.code == "sentry.seer_disabled") {
    ++stats_.seer_not_enabled;
    if (seer_disabled_projects_.insert(run.project).second) {
      spdlog::error(
          "run {}: Seer is not enabled for project \"{}\" (issue {}): {}; runs for it "
          "end failed until Seer is turned on in Sentry",
          run.id.value, run.project, run.issue.value, error.message);
    }
    std::string detail = "seer_not_enabled: " + error.message;
    co_await end_quietly(std::move(run), store::RunState::failed, std::move(detail));
    co_return;
  }
  const StartFailure failure = classify_start_failure(error);
  if (failure == StartFailure::not_sent) {
    if (error.code == "sentry.auth") note_auth_failure(run, error);
    if (error.code != "sentry.auth") {
      spdlog::warn("run {}: cannot start autofix for issue {} yet: {}", run.id.value,
                   run.issue.value, error.message);
    }
    run.state = store::RunState::pending;
    run.start_sent_at.reset();
    retry_later(run, error);
    co_await save(run);
    co_return;
  }
  if (failure == StartFailure::uncertain) {
    ++stats_.uncertain_starts;
    const Millis window = config_.get()->polling.uncertain_start_window;
    spdlog::warn(
        "run {}: the start POST for issue {} may have reached Sentry ({}); no new POST "
        "before {} unless Seer shows no run by then",
        run.id.value, run.issue.value, error.message, format_duration(window));
    run.detail = "start uncertain: " + error.message;
    run.attempts += 1;
    run.next_poll_at = now + uncertain_probe_delay(window);
    co_await save(run);
    co_return;
  }
  if (error.code == "sentry.no_budget") {
    ++stats_.no_budget;
    starts_paused_until_ = now + kNoBudgetPause;
    stats_.starts_paused = true;
    spdlog::error(
        "run {}: Sentry has no Seer budget (402); no run started for issue {}; "
        "new starts paused for 15m",
        run.id.value, run.issue.value);
  } else {
    spdlog::error("run {}: Sentry refused to start autofix for issue {}: {}", run.id.value,
                  run.issue.value, error.message);
  }
  ++stats_.sentry_errors;
  // Nothing was started in Sentry, so there is nothing to report on the issue.
  std::string detail = error.message;
  co_await end_quietly(std::move(run), store::RunState::failed, std::move(detail));
}

// Ends a run that never produced anything of its own to report: no comment.
net::awaitable<void> Engine::end_quietly(store::RunRow run, store::RunState state,
                                         std::string detail) {
  finish(run, state, std::move(detail), clock_.now());
  auto outbox = outcome_outbox(*config_.get(), run, outcome_kind(run), nullptr);
  auto job = [run, outbox = std::move(outbox)](store::Store& s) {
    return s.finish_run(run, "", "", outbox);
  };
  auto saved = co_await store_.call(std::move(job));
  if (!saved) {
    note_store_failure(run.id, "save state", saved.error());
    co_return;
  }
  count_ended(run);
}

}  // namespace autofixd::runs
