// An operator's start or retry (evaluate_for_operator): thresholds set
// aside; every other filter, an active run, Seer's own state, the budgets
// and the kill switch still apply, and nothing is ever watched or queued.
#include <gtest/gtest.h>

#include "rule_fixtures.hpp"
#include "rules/evaluate.hpp"

namespace autofixd::rules {
namespace {

using testing::facts;
using testing::kNow;
using testing::rule;

const OperatorAsk kStart{OperatorAsk::Kind::start, "alice", ""};
const OperatorAsk kRetry{OperatorAsk::Kind::retry, "bob", "r"};

config::Rule strict_rule() {
  config::Rule r = testing::with_fixability(rule("r"), 0.66, "high");
  r.min_events = 100;
  r.min_users = 10;
  r.projects = {"backend"};
  r.cooldown = std::chrono::hours(24);
  return r;
}

TEST(OperatorTest, StartIgnoresThresholdsAndSaysWhoAndWhich) {
  const Decision d = evaluate_for_operator({strict_rule()}, facts(), {}, kNow, {}, kStart);
  EXPECT_EQ(d.outcome, Outcome::start);
  EXPECT_EQ(d.rule, "r");
  EXPECT_EQ(d.reason, "operator_start");
  EXPECT_EQ(d.detail.rfind("operator_start by alice: ", 0), 0u) << d.detail;
  EXPECT_NE(d.detail.find("thresholds not applied: events 25 < min_events 100"),
            std::string::npos)
      << d.detail;
  // The same issue through the ordinary rules is only watched.
  EXPECT_EQ(evaluate({strict_rule()}, facts(), {}, kNow).outcome, Outcome::watch);
}

TEST(OperatorTest, OtherFiltersStillApply) {
  auto f = facts();
  f.project = "frontend";
  const Decision d = evaluate_for_operator({strict_rule()}, f, {}, kNow, {}, kStart);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.reason, "no_rule_matched");
  EXPECT_EQ(d.detail.find("watching"), std::string::npos) << d.detail;
}

TEST(OperatorTest, NamedRuleIsTheOnlyOneTried) {
  config::Rule first = rule("first");
  const Decision d =
      evaluate_for_operator({first, strict_rule()}, facts(), {}, kNow, {}, {OperatorAsk::Kind::start, "alice", "r"});
  EXPECT_EQ(d.rule, "r");
  const Decision unknown =
      evaluate_for_operator({first}, facts(), {}, kNow, {}, {OperatorAsk::Kind::start, "alice", "nope"});
  EXPECT_EQ(unknown.outcome, Outcome::skip);
  EXPECT_EQ(unknown.reason, "unknown_rule");
}

TEST(OperatorTest, BudgetsAndTheKillSwitchRefuseInsteadOfQueueing) {
  History h;
  h.usage.active_runs = 2;
  const Decision over =
      evaluate_for_operator({strict_rule()}, facts(), h, kNow, {100, 500, 2}, kStart);
  EXPECT_EQ(over.outcome, Outcome::skip);
  EXPECT_EQ(over.reason, "too_many_active_runs");
  EXPECT_EQ(over.detail.find("queued"), std::string::npos) << over.detail;
  History paused;
  paused.usage.paused = "paused by carol";
  EXPECT_EQ(evaluate_for_operator({strict_rule()}, facts(), paused, kNow, {}, kStart).reason,
            "paused");
}

TEST(OperatorTest, ActiveRunsAndSomeoneElsesSeerRunStillSkip) {
  History active;
  active.active_run = true;
  EXPECT_EQ(evaluate_for_operator({strict_rule()}, facts(), active, kNow, {}, kStart).reason,
            "already_running");
  auto f = facts();
  f.latest_seer_run = Facts::SeerRun{SentryRunId{9}, "", true, kNow, false};
  EXPECT_EQ(evaluate_for_operator({strict_rule()}, f, {}, kNow, {}, kStart).reason,
            "already_triggered");
}

TEST(OperatorTest, CooldownHoldsAStartButNotARetry) {
  History h;
  h.last_run_started = kNow - std::chrono::hours(1);
  EXPECT_EQ(evaluate_for_operator({strict_rule()}, facts(), h, kNow, {}, kStart).reason,
            "cooldown");
  const Decision retry = evaluate_for_operator({strict_rule()}, facts(), h, kNow, {}, kRetry);
  EXPECT_EQ(retry.outcome, Outcome::start);
  EXPECT_EQ(retry.reason, "operator_retry");
}

TEST(OperatorTest, ResolvedIssuesAreNeverStarted) {
  auto f = facts();
  f.status = "resolved";
  EXPECT_EQ(evaluate_for_operator({strict_rule()}, f, {}, kNow, {}, kStart).reason, "resolved");
}

}  // namespace
}  // namespace autofixd::rules
