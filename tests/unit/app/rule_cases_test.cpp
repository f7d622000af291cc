#include "app/rule_cases.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixture.hpp"
#include "util/time_format.hpp"

namespace autofixd::app {
namespace {

using Json = nlohmann::json;

const SysTime kNow = *parse_utc("2025-09-24T10:00:00Z");

// A case around tests/fixtures/webhooks/issue_created.json: backend, error,
// 25 events, 3 users, fixability 0.7, issue 1170820242.
Json base_case() {
  return Json{{"resource", "issue"},
              {"payload", Json::parse(testing::read_fixture("webhooks/issue_created.json"))},
              {"expect", {{"decision", "start"}}}};
}

Json details(Json changes) {
  Json issue = Json::parse(testing::read_fixture("webhooks/issue_created.json"))["data"]["issue"];
  issue.update(changes);
  return issue;
}

config::Rule rule(std::string name, std::int64_t min_events) {
  config::Rule r;
  r.name = std::move(name);
  r.projects = {"backend"};
  r.min_events = min_events;
  r.cooldown = std::chrono::hours(24);
  r.max_runs_per_day = 10;
  return r;
}

const std::vector<config::Rule> kRules{rule("backend-big", 100), rule("backend-errors", 10)};

RuleCase parsed(const Json& c) {
  auto r = parse_rule_case("case", c.dump());
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : RuleCase{};
}

std::string error_of_text(const std::string& text) {
  auto r = parse_rule_case("case", text);
  EXPECT_FALSE(r);
  return r ? "" : r.error().message;
}
std::string error_of(const Json& c) { return error_of_text(c.dump()); }

TEST(RuleCaseParse, ReadsTheWebhookFacts) {
  const RuleCase c = parsed(base_case());
  EXPECT_EQ(c.facts.issue, IssueId{1170820242});
  EXPECT_EQ(c.facts.project, "backend");
  EXPECT_EQ(c.facts.events, 25);
  EXPECT_EQ(c.expect.decision, "start");
  EXPECT_FALSE(c.expect.rule.has_value());
  EXPECT_FALSE(c.now.has_value());
}

TEST(RuleCaseParse, IssueDetailsWinOverTheWebhook) {
  Json c = base_case();
  c["issue"] =
      details({{"count", "250"}, {"status", "resolved"}, {"seerFixabilityScore", nullptr}});
  const RuleCase parsed_case = parsed(c);
  EXPECT_EQ(parsed_case.facts.events, 250);
  EXPECT_EQ(parsed_case.facts.status, "resolved");
  EXPECT_FALSE(parsed_case.facts.fixability.has_value());  // a null score is news too
  EXPECT_EQ(parsed_case.facts.users, 3);                   // from the webhook
}

TEST(RuleCaseParse, IssueDetailsWinForTargetingFacts) {
  Json c = base_case();
  c["issue"] = details({{"priority", "low"},
                        {"issueCategory", "performance"},
                        {"substatus", "regressed"},
                        {"culprit", "lib.worker"},
                        {"firstSeen", "2025-09-01T00:00:00Z"},
                        {"isUnhandled", false}});
  const RuleCase parsed_case = parsed(c);
  EXPECT_EQ(parsed_case.facts.priority, "low");
  EXPECT_EQ(parsed_case.facts.category, "performance");
  EXPECT_EQ(parsed_case.facts.substatus, "regressed");
  EXPECT_EQ(parsed_case.facts.culprit, "lib.worker");
  EXPECT_EQ(parsed_case.facts.first_seen, parse_utc("2025-09-01T00:00:00Z"));
  EXPECT_EQ(parsed_case.facts.unhandled, false);
}

TEST(RuleCaseCheck, TargetingDecidesAgainstTheCaseClock) {
  config::Rule young = rule("young", 1);
  young.max_age = std::chrono::hours(24 * 14);
  Json c = base_case();  // firstSeen 2025-09-23T20:41:10Z
  c["history"] = {{"now", "2025-09-24T10:00:00Z"}};
  c["expect"] = {{"decision", "start"}, {"rule", "young"}};
  EXPECT_TRUE(check_rule_case(parsed(c), {young}, kNow).passed);
  c["history"]["now"] = "2025-10-24T10:00:00Z";
  c["expect"] = {{"decision", "skip"}, {"reason", "no_rule_matched"}};
  const auto result = check_rule_case(parsed(c), {young}, kNow);
  EXPECT_TRUE(result.passed) << result_line(result);
}

TEST(RuleCaseParse, ReadsHistoryAndTheClock) {
  Json c = base_case();
  c["history"] = {{"active_run", true},
                  {"last_run_started", "2025-09-24T08:00:00Z"},
                  {"runs_last_24h", {{"backend-errors", 4}}},
                  {"runs_last_hour", {{"backend-errors", 1}}},
                  {"budget", {{"runs_last_hour", 40}, {"runs_last_24h", 300},
                              {"active_runs", 5}, {"paused", "paused by ops"}}},
                  {"now", "2025-09-24T10:00:00Z"}};
  const RuleCase parsed_case = parsed(c);
  const rules::History& h = parsed_case.history;
  EXPECT_TRUE(h.active_run);
  EXPECT_EQ(h.last_run_started, parse_utc("2025-09-24T08:00:00Z"));
  EXPECT_EQ(h.usage.by_rule.at("backend-errors").last_24h, 4);
  EXPECT_EQ(h.usage.by_rule.at("backend-errors").last_hour, 1);
  EXPECT_EQ(h.usage.paid.last_hour, 40);
  EXPECT_EQ(h.usage.paid.last_24h, 300);
  EXPECT_EQ(h.usage.active_runs, 5);
  EXPECT_EQ(h.usage.paused, "paused by ops");
  EXPECT_EQ(parsed_case.now, kNow);
}

TEST(RuleCaseCheck, EnvironmentCountsFeedRulesWithEnvironments) {
  config::Rule prod = rule("prod", 10);
  prod.environments = {"production"};
  Json c = base_case();
  c["environments"] = {{"production", {{"events_30d", 3}, {"users", 1}}}};
  c["expect"] = {{"decision", "watch"}, {"reason", "below_min_events"}};
  auto result = check_rule_case(parsed(c), {prod}, kNow);
  EXPECT_TRUE(result.passed) << result_line(result);
  c["environments"]["production"]["events_30d"] = 10;
  c["expect"] = {{"decision", "start"}, {"rule", "prod"}};
  result = check_rule_case(parsed(c), {prod}, kNow);
  EXPECT_TRUE(result.passed) << result_line(result);
  c["environments"] = {{"production", {{"events", 3}}}};
  EXPECT_EQ(error_of(c).rfind("environments.production.events: unknown key", 0), 0u);
}

TEST(RuleCaseCheck, BudgetArithmeticIsTheDaemons) {
  Json c = base_case();
  c["history"] = {{"budget", {{"runs_last_hour", 100}}}};
  c["expect"] = {{"decision", "queued"}, {"reason", "budget_exhausted"}};
  config::BudgetConfig budget;
  budget.max_runs_per_hour = 100;
  const auto result = check_rule_case(parsed(c), kRules, kNow, budget);
  EXPECT_TRUE(result.passed) << result_line(result);
  budget.max_runs_per_hour = 101;
  EXPECT_FALSE(check_rule_case(parsed(c), kRules, kNow, budget).passed);
}

TEST(RuleCaseParse, BadJsonIsUnreadable) {
  EXPECT_NE(error_of_text("{\"resource\": ").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of_text("[1]").find("expected a JSON object"), std::string::npos);
}

TEST(RuleCaseParse, MissingKeysAreNamed) {
  Json c = base_case();
  c["expect"].erase("decision");
  EXPECT_EQ(error_of(c), "expect.decision: missing (start, skip, watch or queued)");
  c = base_case();
  c.erase("expect");
  EXPECT_EQ(error_of(c).rfind("expect: missing", 0), 0u);
  c = base_case();
  c.erase("payload");
  EXPECT_EQ(error_of(c).rfind("payload: missing", 0), 0u);
  c = base_case();
  c.erase("resource");
  EXPECT_EQ(error_of(c).rfind("resource: missing", 0), 0u);
}

TEST(RuleCaseParse, MisspeltKeysAreRefused) {
  Json c = base_case();
  c["history"] = {{"runs_last24h", Json::object()}};
  EXPECT_EQ(error_of(c).rfind("history.runs_last24h: unknown key", 0), 0u);
  c = base_case();
  c["expected"] = c["expect"];
  EXPECT_EQ(error_of(c).rfind("expected: unknown key", 0), 0u);
}

TEST(RuleCaseParse, WrongValueTypesNameTheField) {
  Json c = base_case();
  c["history"] = {{"runs_last_24h", {{"backend-errors", "x"}}}};
  EXPECT_EQ(error_of(c),
            "history.runs_last_24h.backend-errors: expected a non-negative integer, got \"x\"");
  c = base_case();
  c["history"] = {{"budget", {{"active_runs", -1}}}};
  EXPECT_EQ(error_of(c), "history.budget.active_runs: expected a non-negative integer, got -1");
  c = base_case();
  c["history"] = {{"now", "yesterday"}};
  EXPECT_EQ(error_of(c).rfind("history.now: expected an ISO 8601 time", 0), 0u);
  c = base_case();
  c["expect"]["decision"] = "started";
  EXPECT_EQ(error_of(c), "expect.decision: expected start, skip, watch or queued, got \"started\"");
  c = base_case();
  c["expect"]["rule"] = 3;
  EXPECT_EQ(error_of(c), "expect.rule: expected a rule name or null, got 3");
}

TEST(RuleCaseParse, PayloadErrorsAreNamed) {
  Json c = base_case();
  c["payload"]["data"]["issue"].erase("id");
  EXPECT_EQ(error_of(c).rfind("payload: ", 0), 0u);
  c = base_case();
  c["payload"] = Json::parse(testing::read_fixture("webhooks/issue_resolved.json"));
  EXPECT_NE(error_of(c).find("issue.resolved is not evaluated by the rules"), std::string::npos);
}

TEST(RuleCaseParse, IssueDetailsOfAnotherIssueAreRefused) {
  Json c = base_case();
  c["issue"] = details({{"id", "99"}});
  EXPECT_EQ(error_of(c), "issue.id: issue 99 is not the payload's issue 1170820242");
  c["issue"] = details({{"count", "many"}});
  EXPECT_EQ(error_of(c).rfind("issue: field \"count\"", 0), 0u);
}

TEST(RuleCaseCheck, PassesWhenDecisionRuleAndReasonMatch) {
  Json c = base_case();
  c["expect"] = {{"decision", "start"}, {"rule", "backend-errors"}, {"reason", "matched"}};
  const auto result = check_rule_case(parsed(c), kRules, kNow);
  EXPECT_TRUE(result.passed);
  EXPECT_EQ(result_line(result), "PASS case");
}

TEST(RuleCaseCheck, OmittedRuleAndReasonAreNotCompared) {
  EXPECT_TRUE(check_rule_case(parsed(base_case()), kRules, kNow).passed);
}

TEST(RuleCaseCheck, FailsOnAnotherRuleWithADiffLine) {
  Json c = base_case();
  c["expect"] = {{"decision", "start"}, {"rule", "backend-big"}};
  const auto result = check_rule_case(parsed(c), kRules, kNow);
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result_line(result).rfind("FAIL case: expected decision=start rule=backend-big, got "
                                      "decision=start rule=backend-errors reason=matched (",
                                      0),
            0u);
}

TEST(RuleCaseCheck, FailsOnAnotherReason) {
  Json c = base_case();
  c["expect"] = {{"decision", "start"}, {"reason", "continue_run"}};
  EXPECT_FALSE(check_rule_case(parsed(c), kRules, kNow).passed);
}

TEST(RuleCaseCheck, HistoryAndTheCaseClockDecide) {
  Json c = base_case();
  c["history"] = {{"last_run_started", "2025-09-24T08:00:00Z"}, {"now", "2025-09-24T10:00:00Z"}};
  c["expect"] = {{"decision", "skip"}, {"rule", "backend-errors"}, {"reason", "cooldown"}};
  EXPECT_TRUE(check_rule_case(parsed(c), kRules, kNow + std::chrono::hours(48)).passed);
  // Without its own clock the case runs at the default time: cooldown over.
  c["history"].erase("now");
  EXPECT_FALSE(check_rule_case(parsed(c), kRules, kNow + std::chrono::hours(48)).passed);
}

TEST(RuleCaseCheck, NullRuleExpectsNoDecidingRule) {
  Json c = base_case();
  c["issue"] = details({{"status", "resolved"}});
  c["expect"] = {{"decision", "skip"}, {"rule", nullptr}, {"reason", "resolved"}};
  const auto result = check_rule_case(parsed(c), kRules, kNow);
  EXPECT_TRUE(result.passed) << result_line(result);
  c["expect"]["rule"] = "backend-errors";
  const auto failed = check_rule_case(parsed(c), kRules, kNow);
  EXPECT_NE(result_line(failed).find("got decision=skip rule=none reason=resolved"),
            std::string::npos);
}

TEST(RuleCaseCheck, ResultJsonCarriesExpectedAndGot) {
  Json c = base_case();
  c["expect"] = {{"decision", "watch"}, {"rule", nullptr}};
  const Json j = result_json(check_rule_case(parsed(c), kRules, kNow));
  EXPECT_EQ(j["case"], "case");
  EXPECT_EQ(j["passed"], false);
  EXPECT_EQ(j["expected"], (Json{{"decision", "watch"}, {"rule", nullptr}}));
  EXPECT_EQ(j["got"]["decision"], "start");
  EXPECT_EQ(j["got"]["rule"], "backend-errors");
  EXPECT_EQ(j["got"]["reason"], "matched");
  EXPECT_TRUE(j["got"]["detail"].is_string());
}

}  // namespace
}  // namespace autofixd::app
