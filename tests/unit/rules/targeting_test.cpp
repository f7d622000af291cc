// Targeting filters (priorities, categories, substatuses, title and culprit
// patterns, max_age, unhandled_only): pass, fail, unknown fact, and what
// each shows in the decision.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "rules/filters.hpp"
#include "unit/rules/rule_fixtures.hpp"

namespace autofixd::rules {
namespace {

using testing::kNow;
using testing::rule;

constexpr auto kDay = std::chrono::hours{24};

config::Pattern pattern(std::string_view text) {
  auto p = config::Pattern::compile(text);
  EXPECT_TRUE(p) << text;
  return *p;
}

// A typical issue with every targeting fact known.
Facts facts() {
  Facts f = testing::facts();
  f.title = "ReadTimeout: upstream took too long";
  f.priority = "high";
  f.category = "error";
  f.substatus = "new";
  f.culprit = "app.views.checkout";
  f.first_seen = kNow - 3 * kDay;
  f.unhandled = true;
  return f;
}

Decision run(const config::Rule& r, const Facts& f) { return evaluate({r}, f, {}, kNow); }

// The only check of a rule with one filter.
filters::Check only_check(const config::Rule& r, const Facts& f) {
  const auto checks = filters::check_rule(r, f, kNow);
  EXPECT_EQ(checks.size(), 1u);
  return checks.empty() ? filters::Check{} : checks[0];
}

TEST(TargetingTest, PriorityInListPasses) {
  config::Rule r = rule("r");
  r.priorities = {"high", "medium"};
  const filters::Check c = only_check(r, facts());
  EXPECT_TRUE(c.passed);
  EXPECT_EQ(c.filter, "priorities");
  EXPECT_EQ(c.detail, "priority \"high\" in [high, medium]");
}

TEST(TargetingTest, PriorityOutsideListSkipsForGood) {
  config::Rule r = rule("r");
  r.priorities = {"high", "medium"};
  Facts f = facts();
  f.priority = "low";
  const Decision d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.reason, "no_rule_matched");
  ASSERT_EQ(d.rejections.size(), 1u);
  EXPECT_EQ(d.rejections[0].filter, "priorities");
  EXPECT_EQ(d.rejections[0].reason, "priority_not_listed");
  EXPECT_FALSE(d.rejections[0].can_change);
}

TEST(TargetingTest, CategoryAndSubstatusLists) {
  config::Rule r = rule("r");
  r.categories = {"error"};
  r.substatuses = {"new", "regressed", "escalating"};
  EXPECT_EQ(run(r, facts()).outcome, Outcome::start);
  Facts f = facts();
  f.category = "performance";
  EXPECT_EQ(run(r, f).rejections.at(0).reason, "category_not_listed");
  f = facts();
  f.substatus = "ongoing";
  const Decision d = run(r, f);
  EXPECT_EQ(d.rejections.at(0).filter, "substatuses");
  EXPECT_EQ(d.rejections.at(0).reason, "substatus_not_listed");
  EXPECT_EQ(d.rejections.at(0).detail, "substatus \"ongoing\" not in [new, regressed, escalating]");
  f.substatus = "regressed";
  EXPECT_EQ(run(r, f).outcome, Outcome::start);
}

TEST(TargetingTest, UnknownListedFactsAreWatchedAndWorthFetching) {
  config::Rule r = rule("r");
  r.priorities = {"high"};
  r.categories = {"error"};
  r.substatuses = {"new"};
  for (auto clear : {+[](Facts& f) { f.priority.clear(); }, +[](Facts& f) { f.category.clear(); },
                     +[](Facts& f) { f.substatus.clear(); }}) {
    Facts f = facts();
    clear(f);
    const Decision d = run(r, f);
    EXPECT_EQ(d.outcome, Outcome::watch);
    EXPECT_TRUE(d.rejections.at(0).reason.ends_with("_unknown")) << d.rejections.at(0).reason;
    EXPECT_TRUE(needs_more_facts({r}, f));
  }
  EXPECT_FALSE(needs_more_facts({r}, facts()));
}

TEST(TargetingTest, TitleMatchesPassesAndFails) {
  config::Rule r = rule("r");
  r.title_matches = pattern("Timeout|Error");
  const filters::Check c = only_check(r, facts());
  EXPECT_TRUE(c.passed);
  EXPECT_EQ(c.detail, "title \"ReadTimeout: upstream took too long\" matches /Timeout|Error/");
  Facts f = facts();
  f.title = "KeyError: 'user'";
  EXPECT_TRUE(only_check(r, f).passed);
  f.title = "readtimeout";  // case-sensitive without (?i)
  const Decision d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.rejections.at(0).reason, "title_not_matched");
  EXPECT_EQ(d.rejections.at(0).detail,
            "title \"readtimeout\" does not match title_matches /Timeout|Error/");
  EXPECT_FALSE(d.rejections.at(0).can_change);
}

TEST(TargetingTest, TitleExcludesRejectsMatchingTitles) {
  config::Rule r = rule("r");
  r.title_excludes = pattern("ChunkLoadError");
  EXPECT_EQ(only_check(r, facts()).detail,
            "title \"ReadTimeout: upstream took too long\" does not match /ChunkLoadError/");
  Facts f = facts();
  f.title = "ChunkLoadError: Loading chunk 7 failed";
  const Decision d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.rejections.at(0).filter, "title_excludes");
  EXPECT_EQ(d.rejections.at(0).reason, "title_excluded");
  EXPECT_FALSE(d.rejections.at(0).can_change);
}

TEST(TargetingTest, TitleInTheDetailIsOnePrintableCappedLine) {
  // The detail is logged and printed by `autofixd decisions`: a title must
  // not forge a log line or send escapes to a terminal.
  config::Rule r = rule("r");
  r.title_excludes = pattern("ChunkLoadError");
  Facts f = facts();
  f.title = "Boom\n2025-01-01 [info] forged\x1B[2J\xE2\x80\xAE" + std::string(1000, 'x');
  const std::string detail = only_check(r, f).detail;
  EXPECT_EQ(detail.rfind("title \"Boom 2025-01-01 [info] forgedxxx", 0), 0u) << detail;
  EXPECT_LT(detail.size(), 400u) << detail;
  EXPECT_NE(detail.find("\xE2\x80\xA6\" does not match"), std::string::npos) << detail;
}

TEST(TargetingTest, UnknownTitleIsWatchedForEitherPattern) {
  config::Rule matches = rule("m");
  matches.title_matches = pattern("Timeout");
  config::Rule excludes = rule("x");
  excludes.title_excludes = pattern("Chunk");
  Facts f = facts();
  f.title.clear();
  for (const config::Rule& r : {matches, excludes}) {
    const filters::Check c = only_check(r, f);
    EXPECT_FALSE(c.passed);
    EXPECT_EQ(c.reason, "title_unknown");
    EXPECT_TRUE(c.can_change);
    EXPECT_TRUE(needs_more_facts({r}, f));
  }
}

TEST(TargetingTest, CulpritMatches) {
  config::Rule r = rule("r");
  r.culprit_matches = pattern("^app\\.");
  EXPECT_TRUE(only_check(r, facts()).passed);
  Facts f = facts();
  f.culprit = "lib.app.views";
  filters::Check c = only_check(r, f);
  EXPECT_EQ(c.reason, "culprit_not_matched");
  EXPECT_FALSE(c.can_change);
  f.culprit = "";  // known to be empty: a fact, not a gap
  EXPECT_EQ(only_check(r, f).reason, "culprit_not_matched");
  EXPECT_FALSE(needs_more_facts({r}, f));
  f.culprit.reset();
  c = only_check(r, f);
  EXPECT_EQ(c.reason, "culprit_unknown");
  EXPECT_TRUE(c.can_change);
  EXPECT_TRUE(needs_more_facts({r}, f));
}

TEST(TargetingTest, MaxAgeIsInclusive) {
  config::Rule r = rule("r");
  r.max_age = Millis{14 * kDay};
  Facts f = facts();
  f.first_seen = kNow - 14 * kDay;
  filters::Check c = only_check(r, f);
  EXPECT_TRUE(c.passed);
  EXPECT_EQ(c.filter, "max_age");
  f.first_seen = kNow - 14 * kDay - std::chrono::seconds{1};
  const Decision d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.rejections.at(0).reason, "too_old");
  EXPECT_FALSE(d.rejections.at(0).can_change);
}

TEST(TargetingTest, MaxAgeShowsFirstSeenAndAge) {
  config::Rule r = rule("r");
  r.max_age = Millis{14 * kDay};
  Facts f = facts();
  f.first_seen = kNow - 20 * kDay;
  EXPECT_EQ(only_check(r, f).detail, "first seen 2026-12-26T08:00:00Z (20d ago) > max_age 14d");
}

TEST(TargetingTest, FirstSeenInTheFutureCountsAsNew) {
  config::Rule r = rule("r");
  r.max_age = Millis{kDay};
  Facts f = facts();
  f.first_seen = kNow + std::chrono::minutes{2};  // clock skew
  EXPECT_TRUE(only_check(r, f).passed);
}

TEST(TargetingTest, UnknownFirstSeenIsWatchedAndWorthFetching) {
  config::Rule r = rule("r");
  r.max_age = Millis{kDay};
  Facts f = facts();
  f.first_seen.reset();
  const filters::Check c = only_check(r, f);
  EXPECT_EQ(c.reason, "first_seen_unknown");
  EXPECT_TRUE(c.can_change);
  EXPECT_TRUE(needs_more_facts({r}, f));
  f.first_seen = kNow - 30 * kDay;  // known, even if too old: nothing to fetch
  EXPECT_FALSE(needs_more_facts({r}, f));
}

TEST(TargetingTest, UnhandledOnly) {
  config::Rule r = rule("r");
  r.unhandled_only = true;
  EXPECT_EQ(only_check(r, facts()).detail, "issue is unhandled");
  Facts f = facts();
  f.unhandled = false;
  const Decision d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.rejections.at(0).filter, "unhandled_only");
  EXPECT_EQ(d.rejections.at(0).reason, "handled");
  f.unhandled.reset();
  EXPECT_EQ(only_check(r, f).reason, "unhandled_unknown");
  EXPECT_TRUE(needs_more_facts({r}, f));
}

TEST(TargetingTest, UnsetFiltersYieldNoChecks) {
  EXPECT_TRUE(filters::check_rule(rule("r"), facts(), kNow).empty());
}

TEST(TargetingTest, ChecksComeInDocumentedOrder) {
  config::Rule r = rule("r");
  r.min_events = 1;
  r.unhandled_only = true;
  r.max_age = Millis{kDay * 30};
  r.culprit_matches = pattern("app");
  r.title_excludes = pattern("Chunk");
  r.title_matches = pattern("Timeout");
  r.substatuses = {"new"};
  r.categories = {"error"};
  r.priorities = {"high"};
  r.levels = {"error"};
  std::vector<std::string> names;
  for (const auto& c : filters::check_rule(r, facts(), kNow)) names.push_back(c.filter);
  EXPECT_EQ(names, (std::vector<std::string>{"levels", "priorities", "categories", "substatuses",
                                             "title_matches", "title_excludes", "culprit_matches",
                                             "max_age", "unhandled_only", "min_events"}));
}

TEST(TargetingTest, FinalMissWinsOverWatchableOne) {
  // Unknown first seen could still pass, but the title never will.
  config::Rule r = rule("r");
  r.max_age = Millis{kDay};
  r.title_matches = pattern("^Nope");
  Facts f = facts();
  f.first_seen.reset();
  const Decision d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.rejections.at(0).reason, "title_not_matched");
  EXPECT_FALSE(needs_more_facts({r}, f));
}

TEST(TargetingTest, MatchedDecisionNamesEveryTargetingFact) {
  config::Rule r = rule("r");
  r.priorities = {"high"};
  r.title_matches = pattern("Timeout");
  r.unhandled_only = true;
  const Decision d = run(r, facts());
  EXPECT_EQ(d.outcome, Outcome::start);
  EXPECT_EQ(d.detail,
            "rule \"r\" matched: priority \"high\" in [high], title \"ReadTimeout: upstream took "
            "too long\" matches /Timeout/, issue is unhandled");
}

TEST(TargetingTest, StoredFactsCarryTargetingFacts) {
  using Json = nlohmann::json;
  Json j = Json::parse(facts_to_json(facts()));
  EXPECT_EQ(j["priority"], "high");
  EXPECT_EQ(j["category"], "error");
  EXPECT_EQ(j["substatus"], "new");
  EXPECT_EQ(j["culprit"], "app.views.checkout");
  EXPECT_EQ(j["first_seen"], "2027-01-12T08:00:00Z");
  EXPECT_EQ(j["unhandled"], true);
  j = Json::parse(facts_to_json(testing::facts()));
  for (const char* key :
       {"priority", "category", "substatus", "culprit", "first_seen", "unhandled"}) {
    EXPECT_TRUE(j[key].is_null()) << key;
  }
}

TEST(EnvironmentsFilter, ThresholdsCountOnlyTheRulesEnvironments) {
  config::Rule r = rule("prod");
  r.environments = {"canary", "production"};
  r.min_events = 10;
  r.min_users = 2;
  Facts f = facts();  // 25 events, 3 users in all environments
  // Not read yet: watched, never decided on the all-environment counts.
  Decision d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::watch);
  EXPECT_EQ(d.reason, "below_min_events");
  EXPECT_EQ(d.rejections.at(0).detail, "events in canary,production (30d) unknown, min_events 10");
  f.in_environments["canary,production"] = {4, 1};
  d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::watch);
  EXPECT_EQ(d.rejections.at(0).detail, "events in canary,production (30d) 4 < min_events 10");
  f.in_environments["canary,production"] = {12, 2};
  d = run(r, f);
  EXPECT_EQ(d.outcome, Outcome::start);
  EXPECT_NE(d.detail.find("events in canary,production (30d) 12 >= 10"), std::string::npos)
      << d.detail;
  // Another rule's environments are not this rule's.
  f.in_environments.clear();
  f.in_environments["production"] = {100, 50};
  EXPECT_EQ(run(r, f).outcome, Outcome::watch);
}

TEST(EnvironmentsFilter, NeedsFreshFactsUntilRead) {
  config::Rule r = rule("prod");
  r.environments = {"production"};
  r.min_users = 1;
  Facts f = facts();
  EXPECT_TRUE(needs_more_facts({r}, f));
  f.in_environments["production"] = {0, 0};
  EXPECT_FALSE(needs_more_facts({r}, f));
}

}  // namespace
}  // namespace autofixd::rules
