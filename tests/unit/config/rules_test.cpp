// [[rule]]: what is read, and one test per mistake with the exact message.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using testing::error_of;
using testing::kMinimal;
using testing::parse;

// kMinimal is lines 1-2, so a rule's header is line 3 and its keys follow.
std::string rule(std::string_view body) {
  return std::string(kMinimal) + "[[rule]]\nname = \"r\"\n" + std::string(body);
}

TEST(RuleConfig, ReadsEveryKey) {
  const Result<Config> c = parse(rule(R"(projects = ["backend", "web"]
levels = ["error", "fatal"]
min_events = 10
min_users = 1
min_fixability = "medium"
stopping_point = "open_pr"
instruction = "Prefer minimal fixes."
cooldown = "24h"
max_runs_per_day = 20
)"));
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->rules.size(), 1u);
  const Rule& r = c->rules[0];
  EXPECT_EQ(r.name, "r");
  EXPECT_EQ(r.line, 3);
  EXPECT_EQ(r.projects, (std::vector<std::string>{"backend", "web"}));
  EXPECT_EQ(r.levels, (std::vector<std::string>{"error", "fatal"}));
  EXPECT_EQ(r.min_events, 10);
  EXPECT_EQ(r.min_users, 1);
  EXPECT_EQ(r.min_fixability, 0.40);
  EXPECT_EQ(r.min_fixability_text, "medium");
  EXPECT_EQ(r.stopping_point, StoppingPoint::open_pr);
  EXPECT_EQ(r.instruction, "Prefer minimal fixes.");
  EXPECT_EQ(r.cooldown, std::chrono::hours{24});
  EXPECT_EQ(r.max_runs_per_day, 20);
}

TEST(RuleConfig, DefaultsToRootCauseAndNoThresholds) {
  const Result<Config> c = parse(rule(""));
  ASSERT_TRUE(c) << c.error().message;
  const Rule& r = c->rules[0];
  EXPECT_EQ(r.stopping_point, StoppingPoint::root_cause);
  EXPECT_FALSE(r.min_events);
  EXPECT_FALSE(r.min_users);
  EXPECT_FALSE(r.min_fixability);
  EXPECT_FALSE(r.max_runs_per_day);
  EXPECT_EQ(r.cooldown.count(), 0);
  EXPECT_TRUE(r.projects.empty());
}

TEST(RuleConfig, KeepsRulesInFileOrder) {
  const Result<Config> c =
      parse(std::string(kMinimal) + "[[rule]]\nname = \"b\"\n[[rule]]\nname = \"a\"\n");
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->rules.size(), 2u);
  EXPECT_EQ(c->rules[0].name, "b");
  EXPECT_EQ(c->rules[1].name, "a");
  EXPECT_EQ(c->rules[1].line, 5);
}

TEST(RuleConfig, AcceptsNumericFixability) {
  const Result<Config> c = parse(rule("min_fixability = 0.5\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->rules[0].min_fixability, 0.5);
  EXPECT_EQ(c->rules[0].min_fixability_text, "0.5");
  const Result<Config> one = parse(rule("min_fixability = 1\n"));
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(one->rules[0].min_fixability, 1.0);
}

TEST(RuleConfig, RejectsUnknownFixabilityName) {
  EXPECT_EQ(error_of(std::string(kMinimal) +
                     "[[rule]]\nname = \"a\"\n[[rule]]\nname = \"b\"\nmin_fixability = "
                     "\"mediumish\"\n"),
            "autofixd.toml:7: rule[1].min_fixability: \"mediumish\" is not a number 0..1 or one "
            "of super_low, low, medium, high, super_high");
}

TEST(RuleConfig, RejectsFixabilityAboveOne) {
  EXPECT_EQ(error_of(rule("min_fixability = 1.5\n")),
            "autofixd.toml:5: rule[0].min_fixability: 1.5 is not a number 0..1 or one of "
            "super_low, low, medium, high, super_high");
}

TEST(RuleConfig, RejectsBooleanFixability) {
  EXPECT_EQ(error_of(rule("min_fixability = true\n")),
            "autofixd.toml:5: rule[0].min_fixability: true is not a number 0..1 or one of "
            "super_low, low, medium, high, super_high");
}

TEST(RuleConfig, RejectsUnknownStoppingPoint) {
  EXPECT_EQ(error_of(rule("stopping_point = \"open-pr\"\n")),
            "autofixd.toml:5: rule[0].stopping_point: \"open-pr\" is not a stopping point "
            "(expected one of root_cause, solution, code_changes, open_pr)");
}

TEST(RuleConfig, RejectsUnknownKeyInRule) {
  EXPECT_EQ(error_of(rule("min_event = 3\n")),
            "autofixd.toml:5: rule[0].min_event: unknown key (did you mean \"min_events\"?)");
}

TEST(RuleConfig, RejectsRuleWithoutName) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "[[rule]]\nmin_events = 1\n"),
            "autofixd.toml:3: rule[0].name: missing (every rule needs a unique name, e.g. name = "
            "\"backend-errors\")");
}

TEST(RuleConfig, RejectsEmptyName) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "[[rule]]\nname = \"\"\n"),
            "autofixd.toml:4: rule[0].name: is empty (expected a unique name for the rule)");
}

TEST(RuleConfig, RejectsDuplicateRuleNames) {
  const Result<Config> c =
      parse(std::string(kMinimal) + "[[rule]]\nname = \"x\"\n\n[[rule]]\nname = \"x\"\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, "config.duplicate_rule");
  EXPECT_EQ(c.error().message,
            "autofixd.toml:7: rule[1].name: \"x\" is already the name of rule[0] on line 3 "
            "(expected a unique name)");
}

TEST(RuleConfig, RejectsUnknownLevel) {
  EXPECT_EQ(error_of(rule("levels = [\"error\", \"critical\"]\n")),
            "autofixd.toml:5: rule[0].levels[1]: \"critical\" is not a Sentry level (expected one "
            "of debug, info, warning, error, fatal)");
}

TEST(RuleConfig, RejectsProjectsWrittenAsString) {
  EXPECT_EQ(error_of(rule("projects = \"backend\"\n")),
            "autofixd.toml:5: rule[0].projects: \"backend\" is a string (expected an array of "
            "strings)");
}

TEST(RuleConfig, RejectsNegativeMinEvents) {
  EXPECT_EQ(error_of(rule("min_events = -1\n")),
            "autofixd.toml:5: rule[0].min_events: -1 is out of range (expected an integer >= 0)");
}

TEST(RuleConfig, RejectsFractionalMinUsers) {
  EXPECT_EQ(error_of(rule("min_users = 1.5\n")),
            "autofixd.toml:5: rule[0].min_users: 1.5 is a float (expected an integer)");
}

TEST(RuleConfig, RejectsZeroMaxRunsPerDay) {
  EXPECT_EQ(error_of(rule("max_runs_per_day = 0\n")),
            "autofixd.toml:5: rule[0].max_runs_per_day: 0 is out of range (expected an integer "
            ">= 1)");
}

TEST(RuleConfig, RejectsBadCooldown) {
  EXPECT_EQ(error_of(rule("cooldown = \"1 day\"\n")),
            "autofixd.toml:5: rule[0].cooldown: \"1 day\" has an unknown unit \" day\" (expected "
            "an integer followed by one of the units ms, s, m, h, d, e.g. \"10s\" or \"1h30m\")");
}

TEST(RuleConfig, RejectsInstructionLongerThanSentryAllows) {
  EXPECT_EQ(error_of(rule("instruction = \"" + std::string(1001, 'x') + "\"\n")),
            "autofixd.toml:5: rule[0].instruction: is 1001 characters long (expected at most "
            "1000, Sentry's limit for user_context)");
}

TEST(RuleConfig, CountsInstructionInCharactersNotBytes) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "\u00e9";  // two bytes each
  const Result<Config> c = parse(rule("instruction = \"" + text + "\"\n"));
  ASSERT_TRUE(c) << c.error().message;
}

TEST(RuleConfig, RejectsRuleWrittenAsSingleTable) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "[rule]\nname = \"x\"\n"),
            "autofixd.toml:3: rule: is a table (expected an array of tables: write [[rule]] for "
            "each rule)");
}

}  // namespace
}  // namespace autofixd::config
