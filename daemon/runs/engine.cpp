#include "runs/engine.hpp"

#include <spdlog/spdlog.h>

#include "runs/outcomes.hpp"
#include "runs/transitions.hpp"
#include "util/time_format.hpp"

namespace autofixd::runs {
namespace {

constexpr int kBatch = 32;
// A token refused with 401/403 is retried this rarely, loudly.
constexpr Millis kAuthRetry{10 * 60'000};
// The kill switch and operators' cancel requests are read at least this
// often, so `autofixd pause`, `resume` and `cancel` take effect within it.
constexpr Millis kPauseCheck{5'000};

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
    // One store call per idle wake-up: the kill switch, cancel requests and
    // the schedule (Store::engine_work).
    auto work = co_await store_.call([](store::Store& s) { return s.engine_work(); });
    if (!work) {
      spdlog::error("runs: cannot read the schedule: {}", work.error().message);
      co_await waker_.sleep_until(std::chrono::steady_clock::now() + std::chrono::seconds(5));
      continue;
    }
    apply_pause(work->pause);
    if (work->cancel_requests) co_await serve_cancel_requests();
    if (stopping_) break;
    const auto now = clock_.now();
    // Without a Sentry client nothing steps a run forward, and asking again
    // at once would spin.
    if (api_ != nullptr && work->next_due && *work->next_due <= now) {
      store_failed_ = false;
      co_await tick();
      if (stopping_) break;
      if (store_failed_) {
        const Millis pause = store_backoff();
        spdlog::warn("runs: the store cannot record progress; run steps pause for {} ms",
                     pause.count());
        co_await waker_.sleep_until(std::chrono::steady_clock::now() + pause);
      } else {
        store_failed_ticks_ = 0;
      }
      continue;  // the steps taken may have made more work due: ask again
    }
    const auto deadline = std::min(steady_deadline(work->next_due, now),
                                   std::chrono::steady_clock::now() + kPauseCheck);
    co_await waker_.sleep_until(deadline);
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
    case store::RunState::needs_input:
      co_await poll(std::move(run));
      break;
    default:  // terminal rows carry no next_poll_at; nothing to do
      break;
  }
}

net::awaitable<void> Engine::save(const store::RunRow& run,
                                  std::optional<notify::OutcomeKind> news,
                                  const sentry::AutofixState* state) {
  auto outbox = news ? outcome_outbox(*config_.get(), run, *news, state)
                     : std::vector<store::OutboxEntry>{};
  // Named, not a temporary inside co_await: see AsyncStore::call.
  auto job = [run, outbox = std::move(outbox)](store::Store& s) { return s.save_run(run, outbox); };
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

void Engine::count_ended(const store::RunRow& run) {
  ++stats_.runs_finished;
  ++stats_.runs_ended[{run.rule, std::string(store::to_string(run.state))}];
}

void Engine::note_success() {
  if (auth_failing_) spdlog::info("runs: Sentry accepts the token again");
  auth_failing_ = false;
  stats_.auth_paused = false;
}

net::awaitable<bool> Engine::refresh_pause() {
  auto read = co_await store_.call([](store::Store& s) { return s.pause_state(); });
  if (!read) {
    spdlog::error("runs: cannot read the kill switch: {}", read.error().message);
    co_return pause_.has_value();  // keep the last known state
  }
  apply_pause(std::move(*read));
  co_return pause_.has_value();
}

void Engine::apply_pause(std::optional<store::PauseState> read) {
  const bool was = pause_.has_value();
  pause_ = std::move(read);
  stats_.paused = pause_.has_value();
  if (pause_ && !was) {
    spdlog::warn("runs: automation PAUSED by {} at {}{}{}; no run starts until `autofixd "
                 "resume` (polling and comments go on)",
                 pause_->by, format_utc(pause_->since), pause_->reason.empty() ? "" : ": ",
                 pause_->reason);
  } else if (!pause_ && was) {
    spdlog::info("runs: automation resumed; waiting runs start");
  }
}

net::awaitable<void> Engine::retry_waiting_now() {
  const auto now = clock_.now();
  auto job = [now](store::Store& s) { return s.retry_waiting_now(now); };
  auto moved = co_await store_.call(std::move(job));
  if (!moved) {
    spdlog::error("runs: cannot reschedule waiting runs: {}", moved.error().message);
    co_return;
  }
  if (*moved > 0) {
    spdlog::info("runs: {} waiting run steps, comments and deliveries retried now", *moved);
  }
  waker_.notify();
}

}  // namespace autofixd::runs
