#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "unit/rules/rule_fixtures.hpp"

namespace autofixd::rules {
namespace {

using Json = nlohmann::json;

TEST(JsonTest, FactsCarryKnownValuesAndNullForUnknown) {
  Facts f = testing::facts();
  f.fixability.reset();
  f.web_url.clear();
  const Json j = Json::parse(facts_to_json(f));
  EXPECT_EQ(j["issue_id"], "1170820242");
  EXPECT_EQ(j["project"], "backend");
  EXPECT_EQ(j["level"], "error");
  EXPECT_EQ(j["status"], "unresolved");
  EXPECT_EQ(j["events"], 25);
  EXPECT_EQ(j["users"], 3);
  EXPECT_TRUE(j["fixability"].is_null());
  EXPECT_TRUE(j["web_url"].is_null());
  EXPECT_EQ(j["title"], "TypeError");
}

TEST(JsonTest, FactsWithInvalidUtf8TitleStillSerialize) {
  Facts f = testing::facts();
  f.title = "bad \xff byte";
  const Json j = Json::parse(facts_to_json(f));
  EXPECT_TRUE(j["title"].is_string());
}

TEST(JsonTest, DecisionCarriesOutcomeRuleReasonAndRejections) {
  config::Rule web = testing::rule("web");
  web.projects = {"web"};
  const Decision d = evaluate({web, testing::rule("all")}, testing::facts(), {}, testing::kNow);
  const Json j = Json::parse(decision_to_json(d));
  EXPECT_EQ(j["outcome"], "start");
  EXPECT_EQ(j["rule"], "all");
  EXPECT_EQ(j["reason"], "matched");
  EXPECT_EQ(j["detail"], d.detail);
  EXPECT_EQ(j["stopping_point"], "open_pr");
  EXPECT_EQ(j["instruction"], "Prefer minimal fixes.");
  ASSERT_EQ(j["rejections"].size(), 1u);
  EXPECT_EQ(j["rejections"][0]["rule"], "web");
  EXPECT_EQ(j["rejections"][0]["reason"], "project_not_listed");
  EXPECT_EQ(j["rejections"][0]["can_change"], false);
}

TEST(JsonTest, DecisionWithoutRuleHasNullRuleAndNoStoppingPoint) {
  const Decision d = evaluate({}, testing::facts(), {}, testing::kNow);
  const Json j = Json::parse(decision_to_json(d));
  EXPECT_TRUE(j["rule"].is_null());
  EXPECT_FALSE(j.contains("stopping_point"));
  EXPECT_EQ(j["outcome"], "skip");
}

TEST(JsonTest, FactsReadBackWithTheirEnvironmentCounts) {
  Facts f = testing::facts();
  f.in_environments["production"] = EnvironmentCounts{412, 9};
  f.in_environments["production,staging"] = EnvironmentCounts{std::nullopt, 11};
  const Facts back = facts_from_json(facts_to_json(f));
  EXPECT_EQ(back.events, f.events);
  EXPECT_EQ(back.users, f.users);
  EXPECT_EQ(back.fixability, f.fixability);
  ASSERT_EQ(back.in_environments.size(), 2U);
  EXPECT_EQ(back.in_environments.at("production").events_30d, 412);
  EXPECT_EQ(back.in_environments.at("production").users, 9);
  EXPECT_EQ(back.in_environments.at("production,staging").events_30d, std::nullopt);
  EXPECT_EQ(back.in_environments.at("production,staging").users, 11);
}

}  // namespace
}  // namespace autofixd::rules
