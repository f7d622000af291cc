// Polling a running autofix and posting the finished run's comment.
#include <spdlog/spdlog.h>

#include "report/render.hpp"
#include "runs/engine.hpp"
#include "runs/transitions.hpp"

namespace autofixd::runs {
namespace {

// A comment Sentry refuses for good (issue gone, body rejected) is given up
// after this many attempts.
constexpr std::int64_t kMaxCommentAttempts = 8;

std::string issue_link(const config::Config& config, const store::RunRow& run) {
  if (!run.issue_url.empty()) return run.issue_url;
  return config.sentry.base_url + "/organizations/" + config.sentry.organization + "/issues/" +
         run.issue.str() + "/";
}

std::string timeout_detail(const store::RunRow& run) {
  return "no final result after " + std::to_string(run.poll_count) +
         " polls; the run may still finish in Sentry";
}

std::string missing_state_detail() {
  return "Sentry accepted the start but showed no autofix state for " +
         std::to_string(kMissingStateGrace.count() / 60'000) + " minutes";
}

}  // namespace

net::awaitable<void> Engine::poll(store::RunRow run) {
  const auto now = clock_.now();
  const auto config = config_.get();
  const auto policy = poll_policy(config->polling);
  if (is_timed_out(run, now, policy)) {
    co_await finish_with_comment(std::move(run), store::RunState::timed_out,
                                 timeout_detail(run), nullptr);
    co_return;
  }
  ++stats_.polls;
  auto state = co_await api_->get_autofix(run.issue);
  if (!state) {
    if (state.error().code == "sentry.not_found") {
      // The issue (and with it the run's state) is gone: nothing left to poll
      // and nowhere to comment. The run ends failed, saying why.
      spdlog::error("run {}: issue {} is gone from Sentry (404); run ends failed", run.id.value,
                    run.issue.value);
      finish(run, store::RunState::failed, "gone from Sentry: " + state.error().message,
             clock_.now());
      ++stats_.runs_finished;
      auto job = [run](store::Store& s) { return s.finish_run(run, ""); };
      auto saved = co_await store_.call(std::move(job));
      if (!saved) note_store_failure(run.id, "save state", saved.error());
      co_return;
    }
    if (state.error().code == "sentry.auth") {
      note_auth_failure(run, state.error());
    } else {
      spdlog::warn("run {}: poll failed: {}", run.id.value, state.error().message);
    }
    retry_later(run, state.error());
    co_await save(run);
    co_return;
  }
  note_success();
  if (state->exists && state->run_id && run.sentry_run && *state->run_id != *run.sentry_run) {
    spdlog::warn("run {}: issue {} now shows autofix run {} instead of {}; following it",
                 run.id.value, run.issue.value, state->run_id->value, run.sentry_run->value);
  }
  if (!state->exists && state_missing_too_long(run, clock_.now())) {
    spdlog::error("run {}: Sentry accepted autofix run {} for issue {} but shows no autofix "
                  "state for it {}m later; run ends failed",
                  run.id.value, run.sentry_run.value_or(SentryRunId{0}).value, run.issue.value,
                  kMissingStateGrace.count() / 60'000);
    co_await finish_with_comment(std::move(run), store::RunState::failed,
                                 missing_state_detail(), nullptr);
    co_return;
  }
  const auto terminal = state->exists ? terminal_state(state->status) : std::nullopt;
  if (!terminal) {
    run.detail = state->exists ? state->raw_status : "no autofix state yet";
    schedule_next_poll(run, clock_.now(), policy);
    co_await save(run);
    co_return;
  }
  std::string detail = state->error_detail.empty() ? state->raw_status : state->error_detail;
  co_await finish_with_comment(std::move(run), *terminal, std::move(detail), &*state);
}

net::awaitable<void> Engine::finish_with_comment(store::RunRow run, store::RunState state,
                                                 std::string detail,
                                                 const sentry::AutofixState* state_read) {
  const auto config = config_.get();
  finish(run, state, std::move(detail), clock_.now());
  report::RunSummary summary;
  summary.run_id = run.sentry_run.value_or(SentryRunId{0});
  summary.issue = run.issue;
  summary.issue_short_id = run.issue_short_id;
  summary.issue_title = run.issue_title;
  summary.issue_url = issue_link(*config, run);
  summary.rule = run.rule;
  summary.stopping_point = run.stopping_point;
  summary.final_state = std::string(store::to_string(state));
  summary.failure_detail = run.detail;
  std::string body = report::render_comment(summary, state_read);
  auto job = [run, body = std::move(body)](store::Store& s) { return s.finish_run(run, body); };
  auto saved = co_await store_.call(std::move(job));
  if (!saved) {
    note_store_failure(run.id, "save final state", saved.error());
    co_return;
  }
  ++stats_.runs_finished;
  spdlog::info("run {}: autofix for issue {} ended {} ({})", run.id.value, run.issue.value,
               store::to_string(state), run.detail);
}

net::awaitable<Status> Engine::save_comment(const store::CommentRow& comment,
                                            std::string error) {
  // Named, not a temporary inside co_await: see AsyncStore::call.
  auto job = [comment, error](store::Store& s) { return s.save_comment(comment, error); };
  auto saved = co_await store_.call(std::move(job));
  if (!saved) {
    note_store_failure(comment.run, "save comment state", saved.error());
  }
  co_return saved;
}

// pending → posting (durable) → POST → posted. A comment found in `posting`
// (or retried) is first looked for on the issue by its marker.
net::awaitable<void> Engine::post(store::CommentRow comment) {
  const bool maybe_posted = comment.state == store::CommentState::posting || comment.attempts > 0;
  const auto run_id = comment.sentry_run.value_or(SentryRunId{0});
  std::string error_text;
  Millis retry_after{0};
  if (maybe_posted) {
    auto existing = co_await api_->list_comments(comment.issue);
    if (existing) {
      for (const auto& c : *existing) {
        if (report::contains_marker(c.text, run_id)) {
          comment.state = store::CommentState::posted;
          comment.sentry_comment_id = c.id;
          spdlog::info("run {}: comment already on issue {}; not posting again",
                       comment.run.value, comment.issue.value);
          co_await save_comment(comment, "");
          co_return;
        }
      }
    } else {
      error_text = existing.error().message;
      retry_after = existing.error().retry_after;
    }
  }
  if (error_text.empty()) {
    comment.state = store::CommentState::posting;
    auto durable = co_await save_comment(comment, "");
    if (!durable) co_return;
    auto posted = co_await api_->post_comment(comment.issue, comment.body);
    if (posted) {
      comment.state = store::CommentState::posted;
      comment.sentry_comment_id = posted->id;
      ++stats_.comments_posted;
      spdlog::info("run {}: posted result comment on issue {}", comment.run.value,
                   comment.issue.value);
      co_await save_comment(comment, "");
      co_return;
    }
    error_text = posted.error().message;
    retry_after = posted.error().retry_after;
    const bool permanent = posted.error().code == "sentry.not_found" ||
                           posted.error().code == "sentry.rejected";
    if (permanent && comment.attempts + 1 >= kMaxCommentAttempts) {
      comment.state = store::CommentState::failed;
    }
  }
  ++stats_.sentry_errors;
  comment.attempts += 1;
  if (comment.state != store::CommentState::failed) comment.state = store::CommentState::pending;
  comment.next_attempt_at =
      clock_.now() +
      retry_delay(comment.attempts, retry_after, jitter(), retry_policy(config_.get()->polling));
  spdlog::warn("run {}: comment on issue {} not posted (attempt {}): {}", comment.run.value,
               comment.issue.value, comment.attempts, error_text);
  co_await save_comment(comment, error_text);
}

}  // namespace autofixd::runs
