// Polling a running autofix until it reaches its stopping point, and posting
// the finished run's comments (docs/sentry.md "Seer lifecycle").
#include <spdlog/spdlog.h>

#include "report/render.hpp"
#include "rules/evaluate.hpp"
#include "runs/engine.hpp"
#include "runs/outcomes.hpp"
#include "runs/seer_progress.hpp"
#include "runs/transitions.hpp"
#include "util/duration.hpp"

namespace autofixd::runs {
namespace {

// A comment Sentry refuses for good (issue gone, body rejected) is given up
// after this many attempts.
constexpr std::int64_t kMaxCommentAttempts = 8;

std::string timeout_detail(const store::RunRow& run) {
  return "no final result after " + std::to_string(run.poll_count) +
         " polls; the run may still finish in Sentry";
}

std::string missing_state_detail() {
  return "Sentry accepted the start but showed no autofix state for " +
         std::to_string(kMissingStateGrace.count() / 60'000) + " minutes";
}

SeerTarget target_of(const config::Config& config, const store::RunRow& run) {
  const config::Rule* rule = config.find_rule(run.rule);
  return SeerTarget{run.stopping_point, rule != nullptr && rule->coding_agent.has_value()};
}

// The marker of the run's result comment: a continued stage has its own.
std::string result_marker(const store::RunRow& run) {
  const SentryRunId id = run.sentry_run.value_or(SentryRunId{0});
  return run.origin == store::RunOrigin::continued ? report::stage_marker(id, run.stopping_point)
                                                   : report::marker(id);
}

// What the deciding rule saw, from the decision's stored facts.
std::optional<report::RunSummary::Trigger> trigger_of(const config::Config& config,
                                                      const store::RunRow& run) {
  if (run.decision_facts.empty()) return std::nullopt;
  const rules::Facts facts = rules::facts_from_json(run.decision_facts);
  report::RunSummary::Trigger trigger{facts.events, facts.users, facts.fixability, {}};
  const config::Rule* rule = config.find_rule(run.rule);
  if (rule != nullptr && !rule->environments.empty()) {
    // The rule's thresholds counted only these environments: show those counts.
    const auto counts = facts.in_environments.find(rules::environments_key(rule->environments));
    trigger.events = counts == facts.in_environments.end() ? std::nullopt : counts->second.events_30d;
    trigger.users = counts == facts.in_environments.end() ? std::nullopt : counts->second.users;
    for (const std::string& name : rule->environments) {
      trigger.environments += (trigger.environments.empty() ? "" : ", ") + name;
    }
  }
  return trigger;
}

report::RunSummary summary_of(const config::Config& config, const store::RunRow& run) {
  report::RunSummary summary;
  summary.run_id = run.sentry_run.value_or(SentryRunId{0});
  summary.issue = run.issue;
  summary.issue_short_id = run.issue_short_id;
  summary.issue_title = run.issue_title;
  summary.issue_url = issue_link(config, run);
  summary.rule = run.rule;
  summary.stopping_point = run.stopping_point;
  summary.failure_detail = run.detail;
  summary.marker_text = result_marker(run);
  if (run.finished_at) {
    const SysTime from = run.started_at.value_or(run.created_at);
    summary.duration = std::chrono::duration_cast<Millis>(*run.finished_at - from);
  }
  summary.trigger = trigger_of(config, run);
  return summary;
}

}  // namespace

net::awaitable<void> Engine::poll(store::RunRow run) {
  const auto now = clock_.now();
  const auto config = config_.get();
  const auto policy = poll_policy(config->polling);
  if (run.state == store::RunState::needs_input && run.input_since &&
      now - *run.input_since >= config->polling.input_timeout) {
    std::string detail = "Seer waited for an answer for " +
                         format_duration(config->polling.input_timeout) + " and got none";
    co_await finish_with_comment(std::move(run), store::RunState::timed_out, std::move(detail),
                                 nullptr);
    co_return;
  }
  if (run.state != store::RunState::needs_input && is_timed_out(run, now, policy)) {
    std::string detail = timeout_detail(run);
    co_await finish_with_comment(std::move(run), store::RunState::timed_out, std::move(detail),
                                 nullptr);
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
      std::string detail = "gone from Sentry: " + state.error().message;
      co_await end_quietly(std::move(run), store::RunState::failed, std::move(detail));
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
  co_await on_state(std::move(run), *state);
}

// What one read of the autofix state means for the run.
net::awaitable<void> Engine::on_state(store::RunRow run, const sentry::AutofixState& state) {
  const auto now = clock_.now();
  const auto config = config_.get();
  if (state.exists && state.run_id && run.sentry_run && *state.run_id != *run.sentry_run) {
    // GET shows the issue's latest run: ours was replaced. Its results are
    // not ours to report.
    ++stats_.superseded;
    spdlog::warn(
        "run {}: issue {} now shows Seer run {} instead of ours ({}); ours ends "
        "cancelled (superseded)",
        run.id.value, run.issue.value, state.run_id->value, run.sentry_run->value);
    std::string detail =
        "superseded by Seer run " + state.run_id->str() + ", started on the issue after this one";
    co_await finish_with_comment(std::move(run), store::RunState::cancelled, std::move(detail),
                                 nullptr, "superseded");
    co_return;
  }
  if (!state.exists) {
    if (state_missing_too_long(run, now)) {
      spdlog::error(
          "run {}: Sentry accepted autofix run {} for issue {} but shows no autofix "
          "state for it {}m later; run ends failed",
          run.id.value, run.sentry_run.value_or(SentryRunId{0}).value, run.issue.value,
          kMissingStateGrace.count() / 60'000);
      std::string detail = missing_state_detail();
      co_await finish_with_comment(std::move(run), store::RunState::failed, std::move(detail),
                                   nullptr);
      co_return;
    }
    run.detail = "no autofix state yet";
    schedule_next_poll(run, now, poll_policy(config->polling));
    co_await save(run);
    co_return;
  }
  // If-chains, not a switch: GCC 12 mishandles locals of a switch's cases
  // that live across co_await in a coroutine.
  const SeerProgress progress = seer_progress(state, target_of(*config, run));
  if (progress.phase == SeerPhase::finished || progress.phase == SeerPhase::failed) {
    const bool finished = progress.phase == SeerPhase::finished;
    const auto terminal = finished ? store::RunState::completed
                                   : terminal_state(state.status).value_or(store::RunState::failed);
    std::string detail = !state.error_detail.empty() ? state.error_detail
                         : finished                  ? std::string()
                                                     : state.raw_status;
    co_await finish_with_comment(std::move(run), terminal, std::move(detail), &state);
    co_return;
  }
  if (progress.phase == SeerPhase::needs_input) {
    co_await ask_for_input(std::move(run), state);
    co_return;
  }
  if (progress.phase == SeerPhase::between_steps) {
    co_await between_steps(std::move(run), state, progress.reached);
    co_return;
  }
  if (run.state == store::RunState::needs_input) {
    spdlog::info("run {}: Seer got its answer and goes on", run.id.value);
    run.state = store::RunState::running;
    run.timeout_from = now;  // the wait for a person does not count
  }
  run.detail = state.raw_status + ": " + progress.waiting_on;
  run.progress = progress_fingerprint(state);
  run.stalled_since.reset();
  schedule_next_poll(run, now, poll_policy(config->polling));
  co_await save(run);
}

// `completed` short of the stopping point: the next step normally follows
// within seconds. A continued run (or a hand-off) asks for it itself once
// the state has settled; a pipeline that makes no progress for step_grace
// ends with what exists.
net::awaitable<void> Engine::between_steps(store::RunRow run, const sentry::AutofixState& state,
                                           const std::string& reached) {
  const auto now = clock_.now();
  const auto config = config_.get();
  const std::string fingerprint = progress_fingerprint(state);
  if (fingerprint != run.progress || !run.stalled_since) {
    run.progress = fingerprint;
    run.stalled_since = now;
  }
  run.state = store::RunState::running;
  const Millis still = std::chrono::duration_cast<Millis>(now - *run.stalled_since);
  const std::string at = reached.empty() ? "the start" : "the " + reached + " step";
  if (still >= config->polling.step_grace) {
    std::string detail = "Seer's pipeline stopped after " + at + ", short of " +
                         std::string(config::to_string(run.stopping_point)) + " (no progress for " +
                         format_duration(config->polling.step_grace) +
                         "); what it produced is below";
    co_await finish_with_comment(std::move(run), store::RunState::completed, std::move(detail),
                                 &state);
    co_return;
  }
  const SeerTarget target = target_of(*config, run);
  const std::string step = step_to_ask(reached, target);
  const bool drives_steps =
      run.origin == store::RunOrigin::continued || step == "coding_agent_handoff";
  if (drives_steps && !step.empty() && step != run.sent_step &&
      still >= step_settle_time(config->polling.step_grace)) {
    if (co_await send_next_step(run, step)) {
      run.stalled_since = now;  // the step was asked for: give it its grace
    }
  }
  run.detail = state.raw_status + ": waiting for the " + (step.empty() ? "next" : step) +
               " step after " + at;
  schedule_next_poll(run, now, poll_policy(config->polling));
  co_await save(run);
}

// POSTs `step` on the run's Seer run. A failure is logged; the next poll
// decides again (and step_grace ends a run that cannot go on). A step that
// may have been received is not asked for twice.
net::awaitable<bool> Engine::send_next_step(store::RunRow& run, const std::string& step) {
  const auto request = step_request(run, step, config_.get()->find_rule(run.rule));
  run.start_sent_at = clock_.now();
  auto sent = co_await api_->start_autofix(run.issue, request);
  if (sent) {
    ++stats_.steps_continued;
    run.sent_step = step;
    spdlog::info("run {}: asked Seer run {} for the {} step", run.id.value,
                 run.sentry_run.value_or(SentryRunId{0}).value, step);
    co_return true;
  }
  // Asked once: a step Sentry may have received, or refused for good, is not
  // asked for again (step_grace ends a run that cannot go on).
  if (classify_start_failure(sent.error()) != StartFailure::not_sent) run.sent_step = step;
  spdlog::warn("run {}: could not ask for the {} step: {}", run.id.value, step,
               sent.error().message);
  co_return false;
}

// Seer waits for a person: one comment with its question, then polls at
// max_interval until the run goes on or input_timeout passes.
net::awaitable<void> Engine::ask_for_input(store::RunRow run, const sentry::AutofixState& state) {
  const auto now = clock_.now();
  const auto config = config_.get();
  std::optional<store::CommentRow> question;
  if (run.state != store::RunState::needs_input) {
    run.state = store::RunState::needs_input;
    run.input_since = now;
    spdlog::info("run {}: Seer waits for an answer on issue {}", run.id.value, run.issue.value);
    report::RunSummary summary = summary_of(*config, run);
    summary.final_state = "needs_input";
    summary.failure_detail = state.question.empty() ? state.error_detail : state.question;
    summary.marker_text = report::question_marker(result_marker(run));
    question.emplace();
    question->run = run.id;
    question->kind = store::CommentKind::question;
    question->issue = run.issue;
    question->sentry_run = run.sentry_run;
    question->marker = summary.marker_text;
    question->body = report::render_comment(summary, &state);
  }
  run.detail = "needs_input: " + (state.question.empty() ? state.raw_status : state.question);
  run.updated_at = now;
  run.next_poll_at = now + config->polling.max_interval;
  // Seer's question is news once, when the run starts waiting.
  auto outbox = question ? outcome_outbox(*config, run, notify::OutcomeKind::needs_input, &state,
                                          question->body, question->marker)
                         : std::vector<store::OutboxEntry>{};
  auto job = [run, question, outbox = std::move(outbox)](store::Store& s) {
    return s.save_run_with_comment(run, question ? &*question : nullptr, outbox);
  };
  auto saved = co_await store_.call(std::move(job));
  if (!saved) note_store_failure(run.id, "save state", saved.error());
}

net::awaitable<void> Engine::finish_with_comment(store::RunRow run, store::RunState state,
                                                 std::string detail,
                                                 const sentry::AutofixState* state_read,
                                                 std::string shown_state) {
  const auto config = config_.get();
  finish(run, state, std::move(detail), clock_.now());
  report::RunSummary summary = summary_of(*config, run);
  summary.final_state = shown_state.empty() ? std::string(store::to_string(state)) : shown_state;
  std::string body = report::render_comment(summary, state_read);
  auto outbox =
      outcome_outbox(*config, run, outcome_kind(run), state_read, body, summary.marker_text);
  auto job = [run, body = std::move(body), marker = summary.marker_text,
              outbox = std::move(outbox)](store::Store& s) {
    return s.finish_run(run, body, marker, outbox);
  };
  auto saved = co_await store_.call(std::move(job));
  if (!saved) {
    note_store_failure(run.id, "save final state", saved.error());
    co_return;
  }
  count_ended(run);
  spdlog::info("run {}: autofix for issue {} ended {} ({})", run.id.value, run.issue.value,
               store::to_string(state), run.detail);
}

net::awaitable<Status> Engine::save_comment(const store::CommentRow& comment, std::string error) {
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
  const std::string marker = comment.marker.empty()
                                 ? report::marker(comment.sentry_run.value_or(SentryRunId{0}))
                                 : comment.marker;
  std::string error_text;
  Millis retry_after{0};
  if (maybe_posted) {
    auto existing = co_await api_->list_comments(comment.issue);
    if (existing) {
      for (const auto& c : *existing) {
        if (report::contains_marker(c.text, marker)) {
          comment.state = store::CommentState::posted;
          comment.sentry_comment_id = c.id;
          spdlog::info("run {}: comment already on issue {}; not posting again", comment.run.value,
                       comment.issue.value);
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
      spdlog::info("run {}: posted {} comment on issue {}", comment.run.value,
                   store::to_string(comment.kind), comment.issue.value);
      co_await save_comment(comment, "");
      co_return;
    }
    error_text = posted.error().message;
    retry_after = posted.error().retry_after;
    const bool permanent =
        posted.error().code == "sentry.not_found" || posted.error().code == "sentry.rejected";
    if (permanent && comment.attempts + 1 >= kMaxCommentAttempts) {
      comment.state = store::CommentState::failed;
    }
  }
  ++stats_.sentry_errors;
  comment.attempts += 1;
  if (comment.state != store::CommentState::failed) comment.state = store::CommentState::pending;
  comment.next_attempt_at = clock_.now() + retry_delay(comment.attempts, retry_after, jitter(),
                                                       retry_policy(config_.get()->polling));
  spdlog::warn("run {}: comment on issue {} not posted (attempt {}): {}", comment.run.value,
               comment.issue.value, comment.attempts, error_text);
  co_await save_comment(comment, error_text);
}

}  // namespace autofixd::runs
