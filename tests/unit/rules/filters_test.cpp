// Each filter at its boundary: thresholds are inclusive.

#include <gtest/gtest.h>

#include "unit/rules/rule_fixtures.hpp"

namespace autofixd::rules {
namespace {

using testing::facts;
using testing::kNow;
using testing::rule;

Decision run(const config::Rule& r, const Facts& f) { return evaluate({r}, f, {}, kNow); }

TEST(FilterTest, RuleWithoutFiltersMatchesEverything) {
  Facts f;
  f.issue = IssueId{1};
  const Decision d = run(rule("all"), f);
  EXPECT_EQ(d.outcome, Outcome::start);
  EXPECT_EQ(d.reason, "matched");
  EXPECT_EQ(d.rule, "all");
}

TEST(FilterTest, MinEventsIsInclusive) {
  config::Rule r = rule("r");
  r.min_events = 25;
  EXPECT_EQ(run(r, facts()).outcome, Outcome::start);
  r.min_events = 26;
  const Decision d = run(r, facts());
  EXPECT_EQ(d.outcome, Outcome::watch);
  ASSERT_EQ(d.rejections.size(), 1u);
  EXPECT_EQ(d.rejections[0].reason, "events_too_few");
  EXPECT_EQ(d.rejections[0].filter, "min_events");
  EXPECT_TRUE(d.rejections[0].can_change);
}

TEST(FilterTest, MinUsersIsInclusive) {
  config::Rule r = rule("r");
  r.min_users = 3;
  EXPECT_EQ(run(r, facts()).outcome, Outcome::start);
  r.min_users = 4;
  const Decision d = run(r, facts());
  EXPECT_EQ(d.outcome, Outcome::watch);
  EXPECT_EQ(d.rejections.at(0).reason, "users_too_few");
}

TEST(FilterTest, MinFixabilityIsInclusiveAtNamedThreshold) {
  Facts f = facts();
  f.fixability = 0.40;
  const config::Rule r = testing::with_fixability(rule("r"), 0.40, "medium");
  EXPECT_EQ(run(r, f).outcome, Outcome::start);
  f.fixability = 0.3999;
  const Decision d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::watch);
  EXPECT_EQ(d.rejections.at(0).reason, "fixability_too_low");
  EXPECT_EQ(d.rejections.at(0).detail, "fixability 0.3999 < min_fixability medium (0.40)");
}

TEST(FilterTest, NullFixabilityIsWatchedNotRejected) {
  Facts f = facts();
  f.fixability.reset();
  const Decision d = run(testing::with_fixability(rule("r"), 0.40, "medium"), f);
  EXPECT_EQ(d.outcome, Outcome::watch);
  EXPECT_EQ(d.reason, "fixability_unknown");
  EXPECT_EQ(d.rejections.at(0).reason, "fixability_unknown");
  EXPECT_TRUE(d.rejections.at(0).can_change);
}

TEST(FilterTest, UnknownEventsAndUsersAreWatched) {
  Facts f = facts();
  f.events.reset();
  f.users.reset();
  config::Rule r = rule("r");
  r.min_events = 1;
  EXPECT_EQ(run(r, f).rejections.at(0).reason, "events_unknown");
  r.min_events.reset();
  r.min_users = 1;
  const Decision d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::watch);
  EXPECT_EQ(d.rejections.at(0).reason, "users_unknown");
}

TEST(FilterTest, ProjectOutsideListIsSkippedForGood) {
  config::Rule r = rule("r");
  r.projects = {"web"};
  const Decision d = run(r, facts());
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.reason, "no_rule_matched");
  EXPECT_EQ(d.rejections.at(0).reason, "project_not_listed");
  EXPECT_FALSE(d.rejections.at(0).can_change);
}

TEST(FilterTest, ProjectAndLevelCompareCaseInsensitively) {
  config::Rule r = rule("r");
  r.projects = {"BackEnd"};
  r.levels = {"FATAL", "Error"};
  EXPECT_EQ(run(r, facts()).outcome, Outcome::start);
}

TEST(FilterTest, LevelOutsideListIsSkipped) {
  config::Rule r = rule("r");
  r.levels = {"fatal"};
  const Decision d = run(r, facts());
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.rejections.at(0).reason, "level_not_listed");
}

TEST(FilterTest, UnknownProjectOrLevelIsWatched) {
  Facts f = facts();
  f.project.clear();
  f.level.clear();
  config::Rule r = rule("r");
  r.projects = {"backend"};
  Decision d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::watch);
  EXPECT_EQ(d.rejections.at(0).reason, "project_unknown");
  r.projects.clear();
  r.levels = {"error"};
  d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::watch);
  EXPECT_EQ(d.rejections.at(0).reason, "level_unknown");
}

TEST(FilterTest, PermanentMissWinsOverChangeableOne) {
  // Project unknown could change, but the level rules the issue out anyway.
  Facts f = facts();
  f.project.clear();
  f.level = "warning";
  config::Rule r = rule("r");
  r.projects = {"backend"};
  r.levels = {"error"};
  const Decision d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.rejections.at(0).reason, "level_not_listed");
  EXPECT_FALSE(d.rejections.at(0).can_change);
}

TEST(FilterTest, EmptyListsAllowAnyProjectAndLevel) {
  Facts f = facts();
  f.project = "anything";
  f.level = "debug";
  EXPECT_EQ(run(rule("r"), f).outcome, Outcome::start);
}

}  // namespace
}  // namespace autofixd::rules
