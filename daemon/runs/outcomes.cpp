#include "runs/outcomes.hpp"

#include <chrono>

#include "notify/targets.hpp"

namespace autofixd::runs {

std::string issue_link(const config::Config& config, const store::RunRow& run) {
  if (!run.issue_url.empty()) return run.issue_url;
  return config.sentry.base_url + "/organizations/" + config.sentry.organization + "/issues/" +
         run.issue.str() + "/";
}

notify::OutcomeKind outcome_kind(const store::RunRow& run) {
  using K = notify::OutcomeKind;
  switch (run.state) {
    case store::RunState::completed:
      return K::completed;
    case store::RunState::failed:
      return run.started_at ? K::failed : K::refused;
    case store::RunState::timed_out:
      return K::timed_out;
    case store::RunState::needs_input:
      return K::needs_input;
    case store::RunState::cancelled:
      return run.detail.rfind("already_triggered", 0) == 0 ? K::skipped_already_triggered
                                                           : K::cancelled;
    case store::RunState::pending:
    case store::RunState::starting:
    case store::RunState::running:
      return K::started;
  }
  return K::started;
}

notify::Outcome outcome_of(const config::Config& config, const store::RunRow& run,
                           notify::OutcomeKind kind, const sentry::AutofixState* state,
                           const std::string& comment_body, const std::string& marker) {
  notify::Outcome o;
  o.kind = kind;
  o.issue = run.issue;
  o.run = run.id;
  o.sentry_run = run.sentry_run;
  o.rule = run.rule;
  o.project = run.project;
  o.issue_short_id = run.issue_short_id;
  o.issue_title = run.issue_title;
  o.issue_url = issue_link(config, run);
  o.stopping_point = std::string(config::to_string(run.stopping_point));
  o.detail = run.detail;
  if (state != nullptr) {
    o.root_cause = state->root_cause;
    for (const auto& pr : state->pull_requests) {
      if (!pr.url.empty()) o.pr_urls.push_back(pr.url);
    }
  }
  o.comment_body = comment_body;
  o.comment_marker = marker;
  if (run.started_at && run.finished_at) {
    o.duration_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(*run.finished_at - *run.started_at)
            .count();
  }
  o.at = run.updated_at;
  return o;
}

std::vector<store::OutboxEntry> outcome_outbox(const config::Config& config,
                                               const store::RunRow& run, notify::OutcomeKind kind,
                                               const sentry::AutofixState* state,
                                               const std::string& comment_body,
                                               const std::string& marker) {
  if (config.trackers.empty() && config.notify.empty()) return {};
  return notify::outbox_entries(config, outcome_of(config, run, kind, state, comment_body, marker));
}

std::vector<store::OutboxEntry> decision_outbox(const config::Config& config,
                                                const rules::Facts& facts,
                                                const rules::Decision& decision, SysTime now) {
  if ((config.trackers.empty() && config.notify.empty()) ||
      decision.outcome != rules::Outcome::skip) {
    return {};
  }
  notify::Outcome o;
  std::string key;
  if (decision.reason == "already_triggered") {
    o.kind = notify::OutcomeKind::skipped_already_triggered;
    // The other party's run, else when Seer was last triggered.
    std::int64_t other = 0;
    if (facts.latest_seer_run && !facts.latest_seer_run->ours) {
      o.sentry_run = facts.latest_seer_run->id;
      other = o.sentry_run->value;
    } else if (facts.seer_last_triggered) {
      other = to_unix_ms(*facts.seer_last_triggered);
    }
    key = notify::already_triggered_key(facts.issue, other);
  } else if (!facts.seer_setup_problem.empty() && decision.reason == facts.seer_setup_problem) {
    o.kind = notify::OutcomeKind::refused;
    key = "issue:" + facts.issue.str() + ":refused:" + decision.reason;
  } else {
    return {};
  }
  o.issue = facts.issue;
  o.rule = decision.rule;
  o.project = facts.project;
  o.issue_short_id = facts.short_id;
  o.issue_title = facts.title;
  o.issue_url = facts.web_url;
  o.stopping_point = std::string(config::to_string(decision.stopping_point));
  o.detail = decision.reason + ": " + decision.detail;
  o.at = now;
  return notify::outbox_entries(config, o, key);
}

}  // namespace autofixd::runs
