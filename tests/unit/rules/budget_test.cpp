// Budgets, the active-run limit and the kill switch: each holds a start
// back (queued) at exactly its limit, in a fixed order, and not before.
#include <gtest/gtest.h>

#include "rule_fixtures.hpp"
#include "rules/budget.hpp"
#include "rules/evaluate.hpp"

namespace autofixd::rules {
namespace {

using testing::facts;
using testing::kNow;
using testing::rule;

config::BudgetConfig org(std::int64_t per_hour, std::int64_t per_day, std::int64_t active) {
  return {per_hour, per_day, active};
}

TEST(BudgetTest, OrgHourLimitHoldsAtExactlyTheLimit) {
  const auto budget = org(100, 500, 20);
  History h;
  h.usage.paid = {99, 99};
  EXPECT_EQ(evaluate({rule("r")}, facts(), h, kNow, budget).outcome, Outcome::start);
  h.usage.paid = {100, 100};
  const Decision d = evaluate({rule("r")}, facts(), h, kNow, budget);
  EXPECT_EQ(d.outcome, Outcome::queued);
  EXPECT_EQ(d.reason, "budget_exhausted");
  EXPECT_NE(d.detail.find("100 runs in the last hour >= [budget] max_runs_per_hour 100"),
            std::string::npos)
      << d.detail;
}

TEST(BudgetTest, OrgDayLimitCountsTheWholeDay) {
  const auto budget = org(100, 500, 20);
  History h;
  h.usage.paid = {3, 500};
  const Decision d = evaluate({rule("r")}, facts(), h, kNow, budget);
  EXPECT_EQ(d.outcome, Outcome::queued);
  EXPECT_EQ(d.reason, "budget_exhausted");
  EXPECT_NE(d.detail.find("500 runs in the last 24h >= [budget] max_runs_per_day 500"),
            std::string::npos);
}

TEST(BudgetTest, ActiveRunsLimit) {
  const auto budget = org(100, 500, 2);
  History h;
  h.usage.active_runs = 1;
  EXPECT_EQ(evaluate({rule("r")}, facts(), h, kNow, budget).outcome, Outcome::start);
  h.usage.active_runs = 2;
  const Decision d = evaluate({rule("r")}, facts(), h, kNow, budget);
  EXPECT_EQ(d.outcome, Outcome::queued);
  EXPECT_EQ(d.reason, "too_many_active_runs");
}

TEST(BudgetTest, RuleHourLimitIsTheRulesOwn) {
  config::Rule limited = rule("limited");
  limited.max_runs_per_hour = 5;
  History h;
  h.usage.by_rule["limited"] = {5, 5};
  h.usage.by_rule["other"] = {50, 50};
  const Decision d = evaluate({limited}, facts(), h, kNow);
  EXPECT_EQ(d.outcome, Outcome::queued);
  EXPECT_EQ(d.reason, "rule_budget_exhausted");
  // Another rule's spending does not touch it.
  h.usage.by_rule["limited"] = {4, 40};
  EXPECT_EQ(evaluate({limited}, facts(), h, kNow).outcome, Outcome::start);
}

TEST(BudgetTest, AllLimitsHoldTogetherRuleFirst) {
  config::Rule r = rule("r");
  r.max_runs_per_hour = 1;
  History h;
  h.usage.by_rule["r"] = {1, 1};
  h.usage.paid = {100, 100};
  h.usage.active_runs = 20;
  auto hold = budget_hold(org(100, 500, 20), r, h.usage);
  ASSERT_TRUE(hold);
  EXPECT_EQ(hold->reason, "rule_budget_exhausted");
  EXPECT_FALSE(hold->blocks_all);  // other rules' entries may still start
  h.usage.by_rule["r"] = {0, 0};
  hold = budget_hold(org(100, 500, 20), r, h.usage);
  ASSERT_TRUE(hold);
  EXPECT_EQ(hold->reason, "budget_exhausted");
  EXPECT_TRUE(hold->blocks_all);
  h.usage.paid = {0, 0};
  hold = budget_hold(org(100, 500, 20), r, h.usage);
  ASSERT_TRUE(hold);
  EXPECT_EQ(hold->reason, "too_many_active_runs");
  h.usage.active_runs = 19;
  EXPECT_FALSE(budget_hold(org(100, 500, 20), r, h.usage));
}

TEST(BudgetTest, PauseQueuesEveryStartEvenAFollow) {
  History h;
  h.usage.paused = "paused by ops since 2027-01-15T07:00:00Z: incident";
  const Decision d = evaluate({rule("r")}, facts(), h, kNow);
  EXPECT_EQ(d.outcome, Outcome::queued);
  EXPECT_EQ(d.reason, "paused");
  EXPECT_NE(d.detail.find("automation is paused by ops"), std::string::npos) << d.detail;
  auto hold = budget_hold({}, rule("r"), h.usage, /*paid=*/false);
  ASSERT_TRUE(hold);
  EXPECT_EQ(hold->reason, "paused");
}

TEST(BudgetTest, FollowingCostsNothing) {
  History h;
  h.usage.paid = {100, 100};
  EXPECT_FALSE(budget_hold(org(100, 500, 20), rule("r"), h.usage, /*paid=*/false));
}

TEST(BudgetTest, WouldBeStartsCountOnlyWhenSimulated) {
  const auto budget = org(10, 500, 20);
  History h;
  h.usage.would_be = {10, 10};
  // A daemon that acts: an observing rule's would-be starts spend nothing real.
  EXPECT_EQ(evaluate({rule("r")}, facts(), h, kNow, budget).outcome, Outcome::start);
  h.usage.simulated = true;
  const Decision d = evaluate({rule("r")}, facts(), h, kNow, budget);
  EXPECT_EQ(d.outcome, Outcome::queued);
  EXPECT_EQ(d.reason, "budget_exhausted");
}

TEST(BudgetTest, RoomLeft) {
  EXPECT_EQ(room_left(std::nullopt, 7), std::nullopt);
  EXPECT_EQ(room_left(10, 7), 3);
  EXPECT_EQ(room_left(10, 12), 0);
}

TEST(BudgetTest, CooldownNamesWhenToLookAgain) {
  config::Rule r = rule("r");
  r.cooldown = std::chrono::hours(24);
  History h;
  h.last_run_started = kNow - std::chrono::hours(1);
  const Decision d = evaluate({r}, facts(), h, kNow);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.reason, "cooldown");
  ASSERT_TRUE(d.recheck_at);
  EXPECT_EQ(*d.recheck_at, kNow + std::chrono::hours(23));
}

}  // namespace
}  // namespace autofixd::rules
