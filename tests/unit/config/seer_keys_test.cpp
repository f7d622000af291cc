// The Seer lifecycle keys: [polling] step_grace, uncertain_start_window,
// input_timeout; per rule on_existing_run, repo_name, coding_agent.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using namespace std::chrono_literals;
using testing::error_of;
using testing::kMinimal;
using testing::parse;

std::string rule(std::string_view body) {
  return std::string(kMinimal) + "[[rule]]\nname = \"r\"\n" + std::string(body);
}

TEST(SeerKeys, PollingDefaults) {
  const Result<Config> c = parse(kMinimal);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->polling.step_grace, 15min);
  EXPECT_EQ(c->polling.uncertain_start_window, 10min);
  EXPECT_EQ(c->polling.input_timeout, 72h);
}

TEST(SeerKeys, ReadsPollingKeys) {
  const Result<Config> c = parse(std::string(kMinimal) +
                                 "[polling]\nstep_grace = \"5m\"\nuncertain_start_window = "
                                 "\"20m\"\ninput_timeout = \"1d\"\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->polling.step_grace, 5min);
  EXPECT_EQ(c->polling.uncertain_start_window, 20min);
  EXPECT_EQ(c->polling.input_timeout, 24h);
}

TEST(SeerKeys, RejectsZeroWindow) {
  EXPECT_NE(error_of(std::string(kMinimal) + "[polling]\nuncertain_start_window = \"0s\"\n")
                .find("autofixd.toml:4: polling.uncertain_start_window"),
            std::string::npos);
}

TEST(SeerKeys, ReadsRuleActions) {
  const Result<Config> c = parse(rule(R"(stopping_point = "code_changes"
on_existing_run = "follow"
repo_name = "acme/backend"
coding_agent = { integration_id = 42, provider = "cursor" }
)"));
  ASSERT_TRUE(c) << c.error().message;
  const Rule& r = c->rules[0];
  EXPECT_EQ(r.on_existing_run, OnExistingRun::follow);
  EXPECT_EQ(r.repo_name, "acme/backend");
  ASSERT_TRUE(r.coding_agent.has_value());
  EXPECT_EQ(r.coding_agent->integration_id, 42);
  EXPECT_EQ(r.coding_agent->provider, "cursor");
}

TEST(SeerKeys, RuleActionDefaults) {
  const Result<Config> c = parse(rule(""));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->rules[0].on_existing_run, OnExistingRun::skip);
  EXPECT_TRUE(c->rules[0].repo_name.empty());
  EXPECT_FALSE(c->rules[0].coding_agent.has_value());
}

TEST(SeerKeys, RejectsUnknownOnExistingRun) {
  EXPECT_EQ(error_of(rule("on_existing_run = \"adopt\"\n")),
            "autofixd.toml:5: rule[0].on_existing_run: \"adopt\" is not one of skip, follow");
}

TEST(SeerKeys, RejectsCodingAgentWithoutProvider) {
  EXPECT_NE(error_of(rule("stopping_point = \"solution\"\ncoding_agent = { integration_id = 4 }\n"))
                .find("rule[0].coding_agent.provider: missing"),
            std::string::npos);
}

TEST(SeerKeys, RejectsCodingAgentAfterOnlyARootCause) {
  EXPECT_NE(error_of(rule("coding_agent = { integration_id = 4, provider = \"cursor\" }\n"))
                .find("rule[0].coding_agent: needs stopping_point solution or later"),
            std::string::npos);
}

TEST(SeerKeys, RejectsCodingAgentWrittenAsString) {
  EXPECT_NE(
      error_of(rule("coding_agent = \"cursor\"\n")).find("autofixd.toml:5: rule[0].coding_agent"),
      std::string::npos);
}

}  // namespace
}  // namespace autofixd::config
