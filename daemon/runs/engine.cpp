#include "runs/engine.hpp"

#include <spdlog/spdlog.h>

#include "runs/transitions.hpp"
#include "util/time_format.hpp"

namespace autofixd::runs {
namespace {

constexpr int kBatch = 32;
// After Sentry's 402 no new run starts for this long (polls continue).
constexpr Millis kNoBudgetPause{15 * 60'000};
// A token refused with 401/403 is retried this rarely, loudly.
constexpr Millis kAuthRetry{10 * 60'000};

// Converts a wall-clock deadline to the steady clock the timer uses.
std::chrono::steady_clock::time_point steady_deadline(std::optional<SysTime> due, SysTime now) {
  if (!due) return std::chrono::steady_clock::time_point::max();
  const auto wait = std::max(*due - now, SysTime::duration::zero());
  return std::chrono::steady_clock::now() + std::chrono::duration_cast<Millis>(wait) + Millis{1};
}

}  // namespace

Engine::Engine(net::any_io_executor executor, store::AsyncStore& store, sentry::SentryApi* api,
               const config::ConfigHolder& config, const Clock& clock)
    : executor_(executor), store_(store), api_(api), config_(config), clock_(clock),
      waker_(executor) {}

void Engine::stop() {
  stopping_ = true;
  waker_.notify();
}

double Engine::jitter() {
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
}

net::awaitable<void> Engine::run() {
  while (!stopping_) {
    store_failed_ = false;
    co_await tick();
    if (stopping_) break;
    if (store_failed_) {
      const Millis pause = store_backoff();
      spdlog::warn("runs: the store cannot record progress; run steps pause for {} ms",
                   pause.count());
      co_await waker_.sleep_until(std::chrono::steady_clock::now() + pause);
      continue;
    }
    store_failed_ticks_ = 0;
    auto next = co_await store_.call([](store::Store& s) { return s.next_run_or_comment_due(); });
    const auto now = clock_.now();
    if (!next) {
      spdlog::error("runs: cannot read the schedule: {}", next.error().message);
      co_await waker_.sleep_until(std::chrono::steady_clock::now() + std::chrono::seconds(5));
      continue;
    }
    co_await waker_.sleep_until(steady_deadline(*next, now));
  }
}

// One pass: every run step and comment due now, with bounded concurrency
// (the Sentry client caps requests in flight and their rate).
net::awaitable<void> Engine::tick() {
  for (;;) {
    const auto now = clock_.now();
    auto runs = co_await store_.call([now](store::Store& s) { return s.due_runs(now, kBatch); });
    auto comments =
        co_await store_.call([now](store::Store& s) { return s.due_comments(now, kBatch); });
    if (!runs || !comments) {
      note_store_failure(std::nullopt, "read due work", !runs ? runs.error() : comments.error());
      co_return;
    }
    if (api_ == nullptr || (runs->empty() && comments->empty())) co_return;
    TaskGroup group(executor_);
    for (auto& run : *runs) group.spawn("run " + run.id.str(), step(std::move(run)));
    for (auto& c : *comments) group.spawn("comment for run " + c.run.str(), post(std::move(c)));
    co_await group.wait();
    if (stopping_ || store_failed_ || (runs->size() < kBatch && comments->size() < kBatch)) co_return;
  }
}

net::awaitable<void> Engine::step(store::RunRow run) {
  switch (run.state) {
    case store::RunState::pending:
    case store::RunState::starting:
      co_await start(std::move(run));
      break;
    case store::RunState::running:
      co_await poll(std::move(run));
      break;
    default:  // terminal rows carry no next_poll_at; nothing to do
      break;
  }
}

net::awaitable<void> Engine::save(const store::RunRow& run) {
  // Named, not a temporary inside co_await: see AsyncStore::call.
  auto job = [run](store::Store& s) { return s.save_run(run); };
  auto saved = co_await store_.call(std::move(job));
  if (!saved) note_store_failure(run.id, "save state", saved.error());
}

void Engine::note_store_failure(std::optional<RunId> run, std::string_view what,
                                const Error& error) {
  store_failed_ = true;
  if (run) {
    spdlog::error("run {}: cannot {}: {}", run->value, what, error.message);
  } else {
    spdlog::error("runs: cannot {}: {}", what, error.message);
  }
}

// 1 s doubling per consecutive failing tick, up to 30 s.
Millis Engine::store_backoff() {
  ++store_failed_ticks_;
  Millis pause{1000};
  for (std::int64_t i = 1; i < store_failed_ticks_ && pause < Millis{30'000}; ++i) pause *= 2;
  return std::min(pause, Millis{30'000});
}

void Engine::retry_later(store::RunRow& run, const Error& error) {
  ++stats_.sentry_errors;
  Error hint = error;
  if (error.code == "sentry.auth") hint.retry_after = std::max(error.retry_after, kAuthRetry);
  schedule_retry(run, clock_.now(), hint, jitter(), retry_policy(config_.get()->polling));
}

// 401/403 is loud the first time (which call, which scope), then quiet until
// a call succeeds again: one bad token must not flood the log.
void Engine::note_auth_failure(const store::RunRow& run, const Error& error) {
  if (!auth_failing_) {
    spdlog::error("run {}: Sentry refused the token: {}; runs wait (retried every {}m, or now "
                  "on SIGHUP after the token is fixed), none is failed",
                  run.id.value, error.message, kAuthRetry.count() / 60'000);
  } else {
    spdlog::warn("run {}: still refused by Sentry (401/403); waiting", run.id.value);
  }
  auth_failing_ = true;
  stats_.auth_paused = true;
}

void Engine::note_success() {
  if (auth_failing_) spdlog::info("runs: Sentry accepts the token again");
  auth_failing_ = false;
  stats_.auth_paused = false;
}

net::awaitable<void> Engine::retry_waiting_now() {
  const auto now = clock_.now();
  auto job = [now](store::Store& s) { return s.retry_waiting_now(now); };
  auto moved = co_await store_.call(std::move(job));
  if (!moved) {
    spdlog::error("runs: cannot reschedule waiting runs: {}", moved.error().message);
    co_return;
  }
  if (*moved > 0) spdlog::info("runs: {} waiting run steps and comments retried now", *moved);
  waker_.notify();
}

// pending → starting (durable) → POST → running. A run found in `starting`
// may have been POSTed by a daemon that died before storing the answer: it
// is reconciled against Sentry's state before any new POST.
net::awaitable<void> Engine::start(store::RunRow run) {
  const auto now = clock_.now();
  if (now < starts_paused_until_) {
    run.next_poll_at = starts_paused_until_;
    co_await save(run);
    co_return;
  }
  stats_.starts_paused = false;
  const bool maybe_posted = run.state == store::RunState::starting;
  if (maybe_posted && co_await adopt_existing(run)) co_return;
  run.state = store::RunState::starting;
  run.updated_at = now;
  auto durable = [run](store::Store& s) { return s.save_run(run); };
  auto saved = co_await store_.call(std::move(durable));
  if (!saved) {
    note_store_failure(run.id, "make `starting` durable, so not starting", saved.error());
    co_return;
  }
  sentry::StartAutofix request{run.stopping_point, run.instruction};
  auto started = co_await api_->start_autofix(run.issue, std::move(request));
  if (!started) {
    co_await handle_start_error(std::move(run), started.error());
    co_return;
  }
  note_success();
  mark_started(run, *started, clock_.now(), poll_policy(config_.get()->polling));
  ++stats_.runs_started;
  spdlog::info("run {}: started Seer autofix run {} for issue {} (rule \"{}\", stopping at {})",
               run.id.value, started->value, run.issue.value, run.rule,
               config::to_string(run.stopping_point));
  co_await save(run);
}

// Called for a run found in `starting`: a previous POST may have reached
// Sentry without its answer being stored. The run Sentry shows for the issue
// is adopted, whatever its status (a quick run may already have finished),
// unless it is one of our own earlier runs for the issue or predates this
// run's decision (may_be_our_start): then Sentry has nothing newer and the
// caller POSTs. Returns true when the run is decided
// (adopted, or retried later because the state could not be read).
net::awaitable<bool> Engine::adopt_existing(store::RunRow& run) {
  auto state = co_await api_->get_autofix(run.issue);
  if (!state) {
    if (state.error().code == "sentry.auth") note_auth_failure(run, state.error());
    retry_later(run, state.error());
    co_await save(run);
    co_return true;  // decided: retry later, do not POST blind
  }
  note_success();
  if (!state->exists || !state->run_id) co_return false;
  const auto issue = run.issue;
  const auto sentry_run = *state->run_id;
  const auto self = run.id;
  auto job = [issue, sentry_run, self](store::Store& s) {
    return s.is_earlier_run(issue, sentry_run, self);
  };
  auto earlier = co_await store_.call(std::move(job));
  if (!earlier) {
    note_store_failure(run.id, "read earlier runs", earlier.error());
    run.next_poll_at = clock_.now() + retry_policy(config_.get()->polling).cap;
    co_await save(run);
    co_return true;
  }
  if (*earlier) co_return false;
  if (!may_be_our_start(*state, run)) {
    spdlog::warn("run {}: issue {} shows Seer autofix run {} from before this run was decided "
                 "(triggered/updated {}); not ours, starting a new one",
                 run.id.value, run.issue.value, sentry_run.value,
                 format_utc(state->triggered_at ? *state->triggered_at : *state->updated_at));
    co_return false;
  }
  mark_started(run, sentry_run, clock_.now(), poll_policy(config_.get()->polling));
  run.next_poll_at = clock_.now();  // it may be finished already: look now
  ++stats_.runs_adopted;
  spdlog::warn("run {}: adopted Seer autofix run {} ({}) for issue {} instead of starting "
               "another (a previous start was interrupted)",
               run.id.value, sentry_run.value, state->raw_status, run.issue.value);
  co_await save(run);
  co_return true;
}

net::awaitable<void> Engine::handle_start_error(store::RunRow run, const Error& error) {
  const auto now = clock_.now();
  if (error.code == "sentry.auth") note_auth_failure(run, error);
  if (error.code == "sentry.transient" || error.code == "sentry.auth") {
    if (error.code == "sentry.transient") {
      spdlog::warn("run {}: cannot start autofix for issue {} yet: {}", run.id.value,
                   run.issue.value, error.message);
    }
    retry_later(run, error);
    co_await save(run);
    co_return;
  }
  if (error.code == "sentry.no_budget") {
    ++stats_.no_budget;
    starts_paused_until_ = now + kNoBudgetPause;
    stats_.starts_paused = true;
    spdlog::error("run {}: Sentry has no Seer budget (402); no run started for issue {}; "
                  "new starts paused for 15m",
                  run.id.value, run.issue.value);
  } else {
    spdlog::error("run {}: Sentry refused to start autofix for issue {}: {}", run.id.value,
                  run.issue.value, error.message);
  }
  ++stats_.sentry_errors;
  // Nothing was started in Sentry, so there is nothing to report on the issue.
  finish(run, store::RunState::failed, error.message, now);
  ++stats_.runs_finished;
  auto job = [run](store::Store& s) { return s.finish_run(run, ""); };
  auto saved = co_await store_.call(std::move(job));
  if (!saved) note_store_failure(run.id, "save state", saved.error());
}

}  // namespace autofixd::runs
