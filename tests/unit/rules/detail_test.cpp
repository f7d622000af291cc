// The human sentence in Decision::detail.

#include <gtest/gtest.h>

#include "unit/rules/rule_fixtures.hpp"

namespace autofixd::rules {
namespace {

using testing::facts;
using testing::kNow;
using testing::rule;

config::Rule backend_errors() {
  config::Rule r = testing::with_fixability(rule("backend-errors"), 0.40, "medium");
  r.min_events = 10;
  r.min_users = 1;
  return r;
}

TEST(DetailTest, MatchListsEachPassedFilter) {
  const Decision d = evaluate({backend_errors()}, facts(), {}, kNow);
  EXPECT_EQ(d.detail,
            "rule \"backend-errors\" matched: events 25 >= 10, users 3 >= 1, "
            "fixability 0.70 >= medium (0.40)");
}

TEST(DetailTest, MatchShowsProjectAndLevelFilters) {
  config::Rule r = rule("r");
  r.projects = {"backend"};
  r.levels = {"error", "fatal"};
  EXPECT_EQ(evaluate({r}, facts(), {}, kNow).detail,
            "rule \"r\" matched: project \"backend\" in [backend], level \"error\" in [error, fatal]");
}

TEST(DetailTest, NumericFixabilityThresholdShowsNumber) {
  const config::Rule r = testing::with_fixability(rule("r"), 0.5, "0.5");
  EXPECT_EQ(evaluate({r}, facts(), {}, kNow).detail, "rule \"r\" matched: fixability 0.70 >= 0.50");
}

TEST(DetailTest, RuleWithoutFiltersSaysSo) {
  EXPECT_EQ(evaluate({rule("all")}, facts(), {}, kNow).detail,
            "rule \"all\" matched: it has no filters");
}

TEST(DetailTest, NoMatchListsEveryRuleWithItsReason) {
  config::Rule busy = backend_errors();
  busy.projects = {"backend"};
  busy.min_events = 30;
  config::Rule frontend = rule("frontend");
  frontend.projects = {"web"};
  frontend.min_events = 100;
  const Decision d = evaluate({busy, frontend}, facts(), {}, kNow);
  EXPECT_EQ(d.detail,
            "no rule matched yet, watching as facts may change: backend-errors: events 25 < "
            "min_events 30; frontend: project \"backend\" not in [web]");
}

TEST(DetailTest, PermanentMissSaysNoRuleMatched) {
  config::Rule frontend = rule("frontend");
  frontend.projects = {"web"};
  EXPECT_EQ(evaluate({frontend}, facts(), {}, kNow).detail,
            "no rule matched: frontend: project \"backend\" not in [web]");
}

TEST(DetailTest, CooldownSaysWhenItEnds) {
  config::Rule r = rule("r");
  r.cooldown = std::chrono::hours{24};
  History h;
  h.last_run_started = kNow - std::chrono::hours{1};
  const Decision d = evaluate({r}, facts(), h, kNow);
  // kNow is 2027-01-15T08:00:00Z.
  EXPECT_EQ(d.detail,
            "rule \"r\" matched but the issue is in cooldown until 2027-01-16T07:00:00Z "
            "(last run started 2027-01-15T07:00:00Z, cooldown 24h); it is looked at again then");
}

TEST(DetailTest, BudgetSaysCountAndLimit) {
  config::Rule r = rule("r");
  r.max_runs_per_day = 2;
  History h;
  h.usage.by_rule["r"].last_24h = 2;
  EXPECT_EQ(evaluate({r}, facts(), h, kNow).detail,
            "rule \"r\" matched but it is queued until there is room: rule \"r\": 2 runs in "
            "the last 24h >= max_runs_per_day 2");
}

TEST(DetailTest, ResolvedIssueNamesStatus) {
  Facts f = facts();
  f.status = "resolved";
  EXPECT_EQ(evaluate({rule("r")}, f, {}, kNow).detail,
            "issue is \"resolved\", not unresolved; it is not started");
}

TEST(DetailTest, UnknownFactsAreNamed) {
  Facts f = facts();
  f.events.reset();
  f.fixability.reset();
  config::Rule r = backend_errors();
  Decision d = evaluate({r}, f, {}, kNow);
  EXPECT_EQ(d.rejections.at(0).detail, "events unknown, min_events 10");
  f.events = 25;
  d = evaluate({r}, f, {}, kNow);
  EXPECT_EQ(d.rejections.at(0).detail, "fixability unknown, min_fixability medium (0.40)");
}

}  // namespace
}  // namespace autofixd::rules
