// What a run's ending or a decision tells notification targets.
#include <gtest/gtest.h>

#include "runs/outcomes.hpp"

namespace autofixd::runs {
namespace {

using notify::OutcomeKind;

const SysTime kNow = from_unix_ms(1'700'000'000'000);

config::Config with_webhook() {
  config::Config c;
  c.sentry.base_url = "https://sentry.example";
  c.sentry.organization = "acme";
  config::NotifyTarget hook;
  hook.name = "pager";
  hook.kind = "webhook";
  c.notify = {hook};
  return c;
}

store::RunRow run_in(store::RunState state, std::string detail = "") {
  store::RunRow run;
  run.id = RunId{5};
  run.issue = IssueId{42};
  run.state = state;
  run.detail = std::move(detail);
  run.rule = "backend";
  run.updated_at = kNow;
  return run;
}

TEST(OutcomeKind, ARunSentryNeverAcceptedIsRefusedAndOneSomeoneElseHadIsSkipped) {
  EXPECT_EQ(outcome_kind(run_in(store::RunState::failed, "seer_not_enabled: …")),
            OutcomeKind::refused);
  store::RunRow started = run_in(store::RunState::failed, "Seer reported an error");
  started.started_at = kNow;
  EXPECT_EQ(outcome_kind(started), OutcomeKind::failed);
  EXPECT_EQ(outcome_kind(run_in(store::RunState::cancelled, "already_triggered: Seer run 9 …")),
            OutcomeKind::skipped_already_triggered);
  EXPECT_EQ(outcome_kind(run_in(store::RunState::cancelled, "superseded: …")),
            OutcomeKind::cancelled);
  EXPECT_EQ(outcome_kind(run_in(store::RunState::completed)), OutcomeKind::completed);
  EXPECT_EQ(outcome_kind(run_in(store::RunState::timed_out)), OutcomeKind::timed_out);
  EXPECT_EQ(outcome_kind(run_in(store::RunState::needs_input)), OutcomeKind::needs_input);
}

TEST(OutcomeOf, CarriesResultsLinkAndDuration) {
  store::RunRow run = run_in(store::RunState::completed);
  run.started_at = kNow - std::chrono::minutes(3);
  run.finished_at = kNow;
  sentry::AutofixState state;
  state.root_cause = "Empty cart";
  state.pull_requests = {{"acme/backend", "https://github.com/acme/backend/pull/17", 17}};
  const auto o = outcome_of(with_webhook(), run, OutcomeKind::completed, &state, "body", "m");
  EXPECT_EQ(o.issue_url, "https://sentry.example/organizations/acme/issues/42/");
  EXPECT_EQ(o.root_cause, "Empty cart");
  EXPECT_EQ(o.pr_urls, (std::vector<std::string>{"https://github.com/acme/backend/pull/17"}));
  EXPECT_EQ(o.duration_seconds, 180);
  EXPECT_EQ(o.comment_body, "body");
  const auto entries =
      outcome_outbox(with_webhook(), run, OutcomeKind::completed, &state, "body", "m");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].event_key, "run:5:completed");
  EXPECT_TRUE(outcome_outbox(config::Config{}, run, OutcomeKind::completed, &state).empty());
}

TEST(DecisionOutbox, AnAlreadyTriggeredSkipIsNewsOncePerOtherRun) {
  rules::Facts facts;
  facts.issue = IssueId{42};
  facts.latest_seer_run = rules::Facts::SeerRun{SentryRunId{991}, "", true, kNow, false};
  rules::Decision skip;
  skip.outcome = rules::Outcome::skip;
  skip.reason = "already_triggered";
  skip.detail = "Seer run 991 is already in progress on this issue";
  const auto entries = decision_outbox(with_webhook(), facts, skip, kNow);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].event_key, "issue:42:already_triggered:991");
  EXPECT_EQ(entries[0].outcome, "skipped_already_triggered");
  EXPECT_FALSE(entries[0].run);

  facts.latest_seer_run.reset();
  facts.seer_setup_problem = "no_repository";
  skip.reason = "no_repository";
  const auto refused = decision_outbox(with_webhook(), facts, skip, kNow);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].event_key, "issue:42:refused:no_repository");

  skip.reason = "cooldown";
  EXPECT_TRUE(decision_outbox(with_webhook(), facts, skip, kNow).empty());
}

}  // namespace
}  // namespace autofixd::runs
