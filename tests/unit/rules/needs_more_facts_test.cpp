#include <gtest/gtest.h>

#include "unit/rules/rule_fixtures.hpp"

namespace autofixd::rules {
namespace {

using testing::facts;
using testing::rule;

TEST(NeedsMoreFactsTest, FalseWhenEverythingIsKnown) {
  config::Rule r = testing::with_fixability(rule("r"), 0.4, "medium");
  r.min_events = 10;
  r.min_users = 1;
  r.projects = {"backend"};
  r.levels = {"error"};
  EXPECT_FALSE(needs_more_facts({r}, facts()));
}

TEST(NeedsMoreFactsTest, FalseWithoutRules) {
  Facts f;
  f.issue = IssueId{1};
  EXPECT_FALSE(needs_more_facts({}, f));
}

TEST(NeedsMoreFactsTest, TrueWhenStatusUnknown) {
  Facts f = facts();
  f.status.clear();
  EXPECT_TRUE(needs_more_facts({rule("all")}, f));
}

TEST(NeedsMoreFactsTest, TrueForEachMissingFactARuleUses) {
  config::Rule events = rule("events");
  events.min_events = 1;
  config::Rule users = rule("users");
  users.min_users = 1;
  config::Rule fix = testing::with_fixability(rule("fix"), 0.4, "medium");
  config::Rule project = rule("project");
  project.projects = {"backend"};
  config::Rule level = rule("level");
  level.levels = {"error"};

  Facts f = facts();
  f.events.reset();
  EXPECT_TRUE(needs_more_facts({events}, f));
  EXPECT_FALSE(needs_more_facts({users, fix, project, level}, f));
  f = facts();
  f.users.reset();
  EXPECT_TRUE(needs_more_facts({users}, f));
  f = facts();
  f.fixability.reset();
  EXPECT_TRUE(needs_more_facts({fix}, f));
  f = facts();
  f.project.clear();
  EXPECT_TRUE(needs_more_facts({project}, f));
  f = facts();
  f.level.clear();
  EXPECT_TRUE(needs_more_facts({level}, f));
}

TEST(NeedsMoreFactsTest, FalseWhenRuleIsRuledOutByKnownFact) {
  // An event alert: level known, counts unknown. The only rule wants
  // another level, so fetching details cannot change the outcome.
  Facts f = facts();
  f.events.reset();
  f.users.reset();
  config::Rule r = rule("fatal-only");
  r.levels = {"fatal"};
  r.min_events = 10;
  EXPECT_FALSE(needs_more_facts({r}, f));
}

TEST(NeedsMoreFactsTest, FalseWhenUnusedFactsAreMissing) {
  Facts f = facts();
  f.events.reset();
  f.users.reset();
  f.fixability.reset();
  EXPECT_FALSE(needs_more_facts({rule("all")}, f));
}

}  // namespace
}  // namespace autofixd::rules
