// [budget], per-rule max_runs_per_hour and environments: read, defaulted,
// and each mistake named with key and line.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using testing::error_of;
using testing::kMinimal;
using testing::parse;

std::string rule(std::string_view body) {
  return std::string(kMinimal) + "[[rule]]\nname = \"r\"\n" + std::string(body);
}

TEST(BudgetConfigTest, ReadsEveryKey) {
  const Result<Config> c = parse(std::string(kMinimal) +
                                 "[budget]\nmax_runs_per_hour = 100\nmax_runs_per_day = 500\n"
                                 "max_active_runs = 20\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->budget.max_runs_per_hour, 100);
  EXPECT_EQ(c->budget.max_runs_per_day, 500);
  EXPECT_EQ(c->budget.max_active_runs, 20);
}

TEST(BudgetConfigTest, DefaultsToNoLimits) {
  const Result<Config> c = parse(rule(""));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->budget.max_runs_per_hour);
  EXPECT_FALSE(c->budget.max_runs_per_day);
  EXPECT_FALSE(c->budget.max_active_runs);
  EXPECT_FALSE(c->rules[0].max_runs_per_hour);
  EXPECT_TRUE(c->rules[0].environments.empty());
}

TEST(BudgetConfigTest, MistakesNameKeyAndLine) {
  EXPECT_EQ(
      error_of(std::string(kMinimal) + "[budget]\nmax_active_runs = 0\n"),
      "autofixd.toml:4: budget.max_active_runs: 0 is out of range (expected an integer >= 1)");
  EXPECT_EQ(error_of(std::string(kMinimal) + "[budget]\nmax_runs_per_hour = \"100\"\n")
                .rfind("autofixd.toml:4: budget.max_runs_per_hour:", 0),
            0u);
  EXPECT_EQ(error_of(std::string(kMinimal) + "[budget]\nmax_runs = 3\n")
                .rfind("autofixd.toml:4: budget.max_runs: unknown key", 0),
            0u);
  EXPECT_EQ(
      error_of(rule("max_runs_per_hour = -5\n")),
      "autofixd.toml:5: rule[0].max_runs_per_hour: -5 is out of range (expected an integer >= 1)");
}

TEST(BudgetConfigTest, RuleEnvironmentsAreSortedAndUnique) {
  const Result<Config> c =
      parse(rule("environments = [\"production\", \"canary\", \"production\"]\n"
                 "max_runs_per_hour = 5\nmin_events = 10\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->rules[0].environments, (std::vector<std::string>{"canary", "production"}));
  EXPECT_EQ(c->rules[0].max_runs_per_hour, 5);
  EXPECT_EQ(error_of(rule("environments = [\"\"]\nmin_users = 1\n")),
            "autofixd.toml:5: rule[0].environments[0]: is empty (expected an environment name)");
  EXPECT_EQ(error_of(rule("environments = [\"production\"]\n")),
            "autofixd.toml:5: rule[0].environments: scopes min_events and min_users, and this "
            "rule has neither (add a threshold, or remove environments)");
}

}  // namespace
}  // namespace autofixd::config
