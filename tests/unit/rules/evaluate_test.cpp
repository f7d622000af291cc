// Rule order, issue status and per-rule pacing (active run, cooldown, budget).

#include <gtest/gtest.h>

#include "unit/rules/rule_fixtures.hpp"

namespace autofixd::rules {
namespace {

using std::chrono::hours;
using testing::facts;
using testing::kNow;
using testing::rule;

TEST(EvaluateTest, FirstMatchingRuleDecidesEvenIfLaterOneAlsoMatches) {
  config::Rule first = rule("first");
  first.stopping_point = config::StoppingPoint::root_cause;
  first.instruction = "first instruction";
  config::Rule second = rule("second");
  const Decision d = evaluate({first, second}, facts(), {}, kNow);
  EXPECT_EQ(d.outcome, Outcome::start);
  EXPECT_EQ(d.rule, "first");
  EXPECT_EQ(d.stopping_point, config::StoppingPoint::root_cause);
  EXPECT_EQ(d.instruction, "first instruction");
  EXPECT_TRUE(d.rejections.empty());
}

TEST(EvaluateTest, LaterRuleDecidesAfterEarlierMisses) {
  config::Rule web = rule("web");
  web.projects = {"web"};
  const Decision d = evaluate({web, rule("catch-all")}, facts(), {}, kNow);
  EXPECT_EQ(d.rule, "catch-all");
  EXPECT_EQ(d.stopping_point, config::StoppingPoint::open_pr);
  ASSERT_EQ(d.rejections.size(), 1u);
  EXPECT_EQ(d.rejections[0].rule, "web");
}

TEST(EvaluateTest, PacingOfFirstMatchingRuleIsFinal) {
  // The first rule matches but is out of budget; a later rule is not tried.
  config::Rule first = rule("first");
  first.max_runs_per_day = 1;
  History h;
  h.usage.by_rule["first"].last_24h = 1;
  const Decision d = evaluate({first, rule("second")}, facts(), h, kNow);
  EXPECT_EQ(d.outcome, Outcome::queued);
  EXPECT_EQ(d.reason, "rule_budget_exhausted");
  EXPECT_EQ(d.rule, "first");
}

TEST(EvaluateTest, ResolvedIssueIsSkippedBeforeAnyRule) {
  for (const auto& [status, reason] : {std::pair{"resolved", "resolved"},
                                       std::pair{"ignored", "ignored"},
                                       std::pair{"Resolved", "resolved"},
                                       std::pair{"reprocessing", "not_unresolved"}}) {
    Facts f = facts();
    f.status = status;
    const Decision d = evaluate({rule("all")}, f, {}, kNow);
    EXPECT_EQ(d.outcome, Outcome::skip) << status;
    EXPECT_EQ(d.reason, reason);
    EXPECT_TRUE(d.rule.empty());
  }
}

TEST(EvaluateTest, UnknownStatusCountsAsUnresolved) {
  Facts f = facts();
  f.status.clear();
  EXPECT_EQ(evaluate({rule("all")}, f, {}, kNow).outcome, Outcome::start);
}

TEST(EvaluateTest, NoRulesSkips) {
  const Decision d = evaluate({}, facts(), {}, kNow);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.reason, "no_rule_matched");
}

TEST(EvaluateTest, ActiveRunSkips) {
  History h;
  h.active_run = true;
  const Decision d = evaluate({rule("r")}, facts(), h, kNow);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.reason, "already_running");
  EXPECT_EQ(d.rule, "r");
}

TEST(EvaluateTest, CooldownBoundaryIsExclusive) {
  config::Rule r = rule("r");
  r.cooldown = hours{24};
  History h;
  h.last_run_started = kNow - hours{24} + std::chrono::seconds{1};
  Decision d = evaluate({r}, facts(), h, kNow);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.reason, "cooldown");
  h.last_run_started = kNow - hours{24};
  d = evaluate({r}, facts(), h, kNow);
  EXPECT_EQ(d.outcome, Outcome::start);
}

TEST(EvaluateTest, ZeroCooldownNeverSkips) {
  History h;
  h.last_run_started = kNow;
  EXPECT_EQ(evaluate({rule("r")}, facts(), h, kNow).outcome, Outcome::start);
}

TEST(EvaluateTest, BudgetBoundary) {
  config::Rule r = rule("r");
  r.max_runs_per_day = 20;
  History h;
  h.usage.by_rule["r"].last_24h = 19;
  h.usage.by_rule["other"].last_24h = 100;
  EXPECT_EQ(evaluate({r}, facts(), h, kNow).outcome, Outcome::start);
  h.usage.by_rule["r"].last_24h = 20;
  const Decision d = evaluate({r}, facts(), h, kNow);
  EXPECT_EQ(d.outcome, Outcome::queued);
  EXPECT_EQ(d.reason, "rule_budget_exhausted");
}

TEST(EvaluateTest, WatchesWhenAnyRuleCanStillMatch) {
  config::Rule web = rule("web");
  web.projects = {"web"};
  config::Rule busy = rule("busy");
  busy.min_events = 100;
  const Decision d = evaluate({web, busy}, facts(), {}, kNow);
  EXPECT_EQ(d.outcome, Outcome::watch);
  EXPECT_EQ(d.reason, "below_min_events");
  EXPECT_EQ(d.rejections.size(), 2u);
}

TEST(EvaluateTest, OutcomeNames) {
  EXPECT_EQ(to_string(Outcome::start), "start");
  EXPECT_EQ(to_string(Outcome::skip), "skip");
  EXPECT_EQ(to_string(Outcome::watch), "watch");
  EXPECT_EQ(to_string(Outcome::queued), "queued");
}

}  // namespace
}  // namespace autofixd::rules
