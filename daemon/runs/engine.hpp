#pragma once
// Drives every active run to its end: starts pending runs, polls running
// ones on their timers, and posts each finished run's comment. All timing
// comes from the store (next_poll_at / next_attempt_at), so a restarted
// daemon resumes exactly where the last one stopped. Network thread only.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "config/holder.hpp"
#include "notify/outcome.hpp"
#include "sentry/api.hpp"
#include "store/async_store.hpp"
#include "util/clock.hpp"
#include "util/task_group.hpp"

namespace autofixd::runs {

struct EngineStats {
  std::uint64_t runs_started = 0;
  std::uint64_t runs_adopted = 0;
  std::uint64_t runs_finished = 0;
  std::uint64_t polls = 0;
  std::uint64_t comments_posted = 0;
  std::uint64_t sentry_errors = 0;
  std::uint64_t no_budget = 0;  // 402 answers
  std::uint64_t seer_not_enabled = 0;   // 403 "not authorized": Seer off for the project
  std::uint64_t uncertain_starts = 0;   // start POSTs that may have reached Sentry unanswered
  std::uint64_t already_triggered = 0;  // starts dropped: someone else's run found before the POST
  std::uint64_t superseded = 0;         // runs replaced by another run on the issue
  std::uint64_t steps_continued = 0;    // continue / hand-off POSTs on an existing Seer run
  std::uint64_t decision_reads_used = 0;  // starts that took their decision's read of Seer
  // Runs that ended, by rule and final state (rule names come from the
  // config, states are fixed: the label set stays small).
  std::map<std::pair<std::string, std::string>, std::uint64_t> runs_ended;
  bool starts_paused = false;
  bool paused = false;  // the kill switch (autofixd pause) is set
  bool auth_paused = false;  // the last Sentry answer was 401/403
};

class Engine {
 public:
  // `api` is null in dry-run: then no run exists and the engine idles.
  Engine(net::any_io_executor executor, store::AsyncStore& store, sentry::SentryApi* api,
         const config::ConfigHolder& config, const Clock& clock);

  net::awaitable<void> run();
  void wake() { waker_.notify(); }
  void stop();
  // Every run step and comment waiting after a failure becomes due now (on
  // SIGHUP: the operator fixed the token or Sentry is back).
  net::awaitable<void> retry_waiting_now();
  // The decision that created `run` read Seer's state on the issue at
  // `read_at`: the run's first start attempt, if it comes soon enough, takes
  // it as its read before the POST instead of asking Sentry again
  // (engine_start.cpp).
  void hand_over_seer_state(RunId run, sentry::AutofixState state,
                            std::chrono::steady_clock::time_point read_at);
  const EngineStats& stats() const { return stats_; }

 private:
  net::awaitable<void> tick();
  // Operators' `autofixd cancel` requests (runs/engine_cancel.cpp). Served
  // between ticks only, so no step of the run is in flight meanwhile.
  net::awaitable<void> serve_cancel_requests();
  net::awaitable<store::OperatorAnswer> cancel(const store::OperatorRequest& request);
  // Reads the kill switch; logs when it changes. True while paused.
  net::awaitable<bool> refresh_pause();
  // Takes the kill switch as read; logs when it changes.
  void apply_pause(std::optional<store::PauseState> read);
  net::awaitable<void> step(store::RunRow run);
  // engine_start.cpp: every path reads the autofix state first, in
  // the same attempt as any POST it then sends.
  net::awaitable<void> start(store::RunRow run);
  // Seer's state for the start: as the decision read it when that was
  // recent and this is the run's first attempt, else read now.
  net::awaitable<Result<sentry::AutofixState>> read_before_start(const store::RunRow& run);
  net::awaitable<void> start_new(store::RunRow run, const sentry::AutofixState& state);
  net::awaitable<void> follow(store::RunRow run, const sentry::AutofixState& state);
  net::awaitable<void> continue_run(store::RunRow run, const sentry::AutofixState& state);
  net::awaitable<void> post_start(store::RunRow run, sentry::StartAutofix request);
  net::awaitable<std::optional<bool>> is_ours(const store::RunRow& run, SentryRunId sentry_run);
  void adopt(store::RunRow& run, const sentry::AutofixState& state, store::RunOrigin origin);
  net::awaitable<void> handle_start_error(store::RunRow run, const Error& error);
  net::awaitable<void> end_quietly(store::RunRow run, store::RunState state, std::string detail);
  // engine_poll.cpp
  net::awaitable<void> poll(store::RunRow run);
  net::awaitable<void> on_state(store::RunRow run, const sentry::AutofixState& state);
  net::awaitable<void> between_steps(store::RunRow run, const sentry::AutofixState& state,
                                     const std::string& reached);
  net::awaitable<void> ask_for_input(store::RunRow run, const sentry::AutofixState& state);
  net::awaitable<bool> send_next_step(store::RunRow& run, const std::string& step);
  net::awaitable<void> finish_with_comment(store::RunRow run, store::RunState state,
                                           std::string detail, const sentry::AutofixState* state_read,
                                           std::string shown_state = "");
  net::awaitable<void> post(store::CommentRow comment);
  // Saves the run; `news` (with the state read, if any) queues that outcome
  // for notification targets in the same transaction.
  net::awaitable<void> save(const store::RunRow& run,
                            std::optional<notify::OutcomeKind> news = std::nullopt,
                            const sentry::AutofixState* state = nullptr);
  net::awaitable<Status> save_comment(const store::CommentRow& comment, std::string error);
  void retry_later(store::RunRow& run, const Error& error);
  void note_auth_failure(const store::RunRow& run, const Error& error);
  void note_success();
  void count_ended(const store::RunRow& run);
  // A store write or read failed (disk full, read-only): the run stays as
  // the store last had it, and run steps pause (store_backoff) so that a
  // store that cannot record progress does not make the engine spin.
  void note_store_failure(std::optional<RunId> run, std::string_view what, const Error& error);
  Millis store_backoff();
  double jitter();

  net::any_io_executor executor_;
  store::AsyncStore& store_;
  sentry::SentryApi* api_;
  const config::ConfigHolder& config_;
  const Clock& clock_;
  Waker waker_;
  bool stopping_ = false;
  bool auth_failing_ = false;
  bool store_failed_ = false;            // during the current tick
  std::int64_t store_failed_ticks_ = 0;  // consecutive ticks with a store failure
  SysTime starts_paused_until_{};
  std::set<std::string> seer_disabled_projects_;  // logged once each
  std::optional<store::PauseState> pause_;         // as last read
  // Seer's state as decisions read it, by run id (hand_over_seer_state).
  std::map<std::int64_t, std::pair<sentry::AutofixState, std::chrono::steady_clock::time_point>>
      decision_reads_;
  EngineStats stats_;
  std::minstd_rand random_{std::random_device{}()};
};

}  // namespace autofixd::runs
