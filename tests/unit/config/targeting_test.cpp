// [[rule]] targeting keys: priorities, categories, substatuses, the RE2
// patterns, max_age and unhandled_only; each mistake with its exact message.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using testing::error_of;
using testing::kMinimal;
using testing::parse;

// kMinimal is lines 1-2, so a rule's header is line 3 and its keys start at 5.
std::string rule(std::string_view body) {
  return std::string(kMinimal) + "[[rule]]\nname = \"r\"\n" + std::string(body);
}

TEST(RuleTargetingConfig, ReadsEveryKey) {
  const Result<Config> c = parse(rule(R"(priorities = ["high", "medium"]
categories = ["error"]
substatuses = ["new", "regressed", "escalating"]
title_matches = "Timeout|Error"
title_excludes = "ChunkLoadError"
culprit_matches = "^app\\."
max_age = "14d"
unhandled_only = true
)"));
  ASSERT_TRUE(c) << c.error().message;
  const Rule& r = c->rules[0];
  EXPECT_EQ(r.priorities, (std::vector<std::string>{"high", "medium"}));
  EXPECT_EQ(r.categories, (std::vector<std::string>{"error"}));
  EXPECT_EQ(r.substatuses, (std::vector<std::string>{"new", "regressed", "escalating"}));
  ASSERT_TRUE(r.title_matches);
  EXPECT_EQ(r.title_matches->text(), "Timeout|Error");
  ASSERT_TRUE(r.title_excludes);
  EXPECT_EQ(r.title_excludes->text(), "ChunkLoadError");
  ASSERT_TRUE(r.culprit_matches);
  EXPECT_EQ(r.culprit_matches->text(), "^app\\.");
  EXPECT_EQ(r.max_age, std::chrono::hours{14 * 24});
  EXPECT_TRUE(r.unhandled_only);
}

TEST(RuleTargetingConfig, DefaultsToNoTargeting) {
  const Result<Config> c = parse(rule(""));
  ASSERT_TRUE(c) << c.error().message;
  const Rule& r = c->rules[0];
  EXPECT_TRUE(r.priorities.empty());
  EXPECT_TRUE(r.categories.empty());
  EXPECT_TRUE(r.substatuses.empty());
  EXPECT_FALSE(r.title_matches);
  EXPECT_FALSE(r.title_excludes);
  EXPECT_FALSE(r.culprit_matches);
  EXPECT_FALSE(r.max_age);
  EXPECT_FALSE(r.unhandled_only);
}

TEST(RuleTargetingConfig, CompiledPatternsMatchUnanchoredAndCaseSensitive) {
  const Result<Config> c =
      parse(rule("title_matches = \"Timeout\"\nculprit_matches = \"(?i)^APP\\\\.\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  const Rule& r = c->rules[0];
  EXPECT_TRUE(r.title_matches->found_in("ReadTimeout: upstream"));
  EXPECT_FALSE(r.title_matches->found_in("readtimeout: upstream"));
  EXPECT_TRUE(r.culprit_matches->found_in("app.views.checkout"));
  EXPECT_FALSE(r.culprit_matches->found_in("lib.app.views"));
}

TEST(RuleTargetingConfig, CopiesOfTheConfigShareTheCompiledPattern) {
  const Result<Config> c = parse(rule("title_excludes = \"Chunk\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  const Config copy = *c;
  EXPECT_TRUE(copy.rules[0].title_excludes->found_in("ChunkLoadError"));
}

TEST(RuleTargetingConfig, RejectsBadPatternWithKeyAndLine) {
  EXPECT_EQ(error_of(rule("min_events = 1\ntitle_matches = \"(Timeout\"\n")),
            "autofixd.toml:6: rule[0].title_matches: \"(Timeout\" is not a valid RE2 regular "
            "expression: missing ): (Timeout");
}

TEST(RuleTargetingConfig, RejectsBadExcludeAndCulpritPatterns) {
  EXPECT_EQ(error_of(rule("title_excludes = \"a**\"\n")),
            "autofixd.toml:5: rule[0].title_excludes: \"a**\" is not a valid RE2 regular "
            "expression: bad repetition operator: **");
  EXPECT_EQ(error_of(rule("culprit_matches = \"[z-a]\"\n")),
            "autofixd.toml:5: rule[0].culprit_matches: \"[z-a]\" is not a valid RE2 regular "
            "expression: invalid character class range: z-a");
}

TEST(RuleTargetingConfig, RejectsPerlOnlySyntax) {
  // Backreferences would need backtracking; RE2 refuses them.
  const std::string message = error_of(rule("title_matches = \"(a)\\\\1\"\n"));
  EXPECT_EQ(message.rfind("autofixd.toml:5: rule[0].title_matches: \"(a)\\\\1\" is not a valid RE2 "
                          "regular expression: ",
                          0),
            0u)
      << message;
}

TEST(RuleTargetingConfig, RejectsEmptyPattern) {
  EXPECT_EQ(error_of(rule("title_matches = \"\"\n")),
            "autofixd.toml:5: rule[0].title_matches: is empty (expected an RE2 regular "
            "expression, e.g. \"Timeout|Error\")");
}

TEST(RuleTargetingConfig, RejectsPatternOfWrongType) {
  EXPECT_EQ(error_of(rule("title_matches = 3\n")),
            "autofixd.toml:5: rule[0].title_matches: 3 is an integer (expected a string)");
}

TEST(RuleTargetingConfig, RejectsUnknownPriority) {
  EXPECT_EQ(error_of(rule("priorities = [\"high\", \"urgent\"]\n")),
            "autofixd.toml:5: rule[0].priorities[1]: \"urgent\" is not a Sentry priority "
            "(expected one of high, medium, low)");
}

TEST(RuleTargetingConfig, RejectsUnknownSubstatus) {
  EXPECT_EQ(error_of(rule("substatuses = [\"fresh\"]\n")),
            "autofixd.toml:5: rule[0].substatuses[0]: \"fresh\" is not a Sentry substatus "
            "(expected one of new, ongoing, regressed, escalating, archived_until_escalating, "
            "archived_forever, archived_until_condition_met)");
}

TEST(RuleTargetingConfig, RejectsEmptyCategory) {
  EXPECT_EQ(error_of(rule("categories = [\"\"]\n")),
            "autofixd.toml:5: rule[0].categories[0]: is empty (expected an issue category)");
}

TEST(RuleTargetingConfig, RejectsZeroOrMalformedMaxAge) {
  EXPECT_EQ(error_of(rule("max_age = \"0s\"\n")),
            "autofixd.toml:5: rule[0].max_age: \"0s\" is zero (expected a duration > 0)");
  EXPECT_NE(error_of(rule("max_age = \"two weeks\"\n")), "<valid>");
}

TEST(RuleTargetingConfig, RejectsNonBooleanUnhandledOnly) {
  EXPECT_EQ(error_of(rule("unhandled_only = \"yes\"\n")),
            "autofixd.toml:5: rule[0].unhandled_only: \"yes\" is a string (expected true or "
            "false)");
}

}  // namespace
}  // namespace autofixd::config
