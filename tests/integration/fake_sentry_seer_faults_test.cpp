// FakeSentry's Seer faults and side endpoints over plain HTTP: a start acted
// on but never answered, 502/504 with and without a run, Seer not enabled,
// the setup preflight, the issue list's project and group parameters, and
// the agent-shape builder.

#include <thread>

#include "integration/fake_sentry_seer_fixture.hpp"

namespace autofixd::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(FakeSentrySeerTest, StartActedOnButNeverAnsweredCreatesItsRunLater) {
  fake_.enable_seer(42);
  fake_.act_then_hang(42, 700ms);
  const auto sent = std::chrono::steady_clock::now();

  auto answer = post(42, {{"stopping_point", "root_cause"}}, 300ms);

  EXPECT_EQ(answer.status, 0) << "answered: " << answer.body;
  EXPECT_GE(std::chrono::steady_clock::now() - sent, 250ms);
  EXPECT_TRUE(autofix(42).is_null()) << "a GET right after the time-out sees nothing yet";
  EXPECT_EQ(fake_.seer_runs_created(42), 0u);
  std::this_thread::sleep_for(700ms);
  auto shown = autofix(42);
  ASSERT_FALSE(shown.is_null());
  ASSERT_EQ(fake_.seer_runs_created(42), 1u);
  EXPECT_EQ(shown["run_id"], fake_.seer_runs(42)[0].run_id);
  EXPECT_GE(fake_.seer_runs(42)[0].triggered_at, std::chrono::system_clock::now() - 1s);
  EXPECT_EQ(fake_.start_posts(42).size(), 1u);
  // The next start is answered again.
  EXPECT_EQ(post(42, {{"stopping_point", "root_cause"}}).status, 202);
}

TEST_F(FakeSentrySeerTest, BadGatewayAfterActingHasARun) {
  fake_.enable_seer(42);
  fake_.fail_start(42, 502, "<html>Bad Gateway</html>", /*acted=*/true);

  auto answer = post(42, {{"stopping_point", "root_cause"}});

  EXPECT_EQ(answer.status, 502);
  EXPECT_EQ(fake_.seer_runs_created(42), 1u);
  EXPECT_EQ(summary(autofix(42)), "processing root_cause loading");
}

TEST_F(FakeSentrySeerTest, GatewayTimeoutWithoutActingHasNoRun) {
  fake_.enable_seer(42);
  fake_.fail_start(42, 504, R"({"detail":"upstream timed out"})", /*acted=*/false);

  EXPECT_EQ(post(42, {{"stopping_point", "root_cause"}}).status, 504);

  EXPECT_EQ(fake_.seer_runs_created(42), 0u);
  EXPECT_TRUE(autofix(42).is_null());
  EXPECT_EQ(post(42, {{"stopping_point", "root_cause"}}).status, 202);
  EXPECT_EQ(fake_.start_posts(42).size(), 2u);
}

TEST_F(FakeSentrySeerTest, SeerNotAllowedRefusesStartsWithSentrysText) {
  fake_.enable_seer(42, {.access = SeerAccess::post_forbidden});

  auto answer = post(42, {{"stopping_point", "open_pr"}});

  EXPECT_EQ(answer.status, 403);
  EXPECT_EQ(Json::parse(answer.body),
            Json({{"detail", "You are not authorized to perform this action"}}));
  EXPECT_EQ(fake_.seer_runs_created(42), 0u);
  EXPECT_TRUE(autofix(42).is_null());
}

TEST_F(FakeSentrySeerTest, SeerDisabledRefusesTheGetToo) {
  fake_.enable_seer(42, {.access = SeerAccess::disabled});

  auto answer = get(fake_.autofix_path(42));

  EXPECT_EQ(answer.status, 403);
  EXPECT_NE(answer.body.find("AI features are disabled"), std::string::npos) << answer.body;
}

TEST_F(FakeSentrySeerTest, NoQuotaShowsInSetupAndRefusesStartsWith402) {
  fake_.enable_seer(42);
  EXPECT_EQ(Json::parse(get(fake_.autofix_path(42) + "setup/").body),
            Json::parse(autofix_setup_json()));
  fake_.set_autofix_setup(42, {.has_quota = false});

  auto setup = Json::parse(get(fake_.autofix_path(42) + "setup/").body);
  auto answer = post(42, {{"stopping_point", "root_cause"}});

  EXPECT_EQ(setup["billing"]["hasAutofixQuota"], false);
  EXPECT_EQ(setup["integration"]["ok"], true);
  EXPECT_EQ(setup["seerReposLinked"], true);
  EXPECT_EQ(answer.status, 402);
  EXPECT_EQ(Json::parse(answer.body), "No budget for Seer Autofix.");
}

TEST_F(FakeSentrySeerTest, IssueListTakesAllProjectsAndFiltersByGroup) {
  fake_.set_issue(1, issue_json({.id = 1}));
  fake_.set_issue(2, issue_json({.id = 2, .project = "frontend"}));
  const std::string list = "/api/0/organizations/acme/issues/";

  auto all = Json::parse(get(list + "?project=-1&query=is%3Aunresolved").body);
  auto one = Json::parse(get(list + "?group=2&project=-1").body);

  EXPECT_EQ(all.size(), 2u);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["id"], "2");
  EXPECT_EQ(fake_.issue_list_targets(),
            (std::vector<std::string>{list + "?project=-1&query=is%3Aunresolved",
                                      list + "?group=2&project=-1"}));
}

TEST_F(FakeSentrySeerTest, CompletedSpecWithPrIsTheWholePipeline) {
  auto json = Json::parse(
      agent_autofix_json({.run_id = 5,
                          .status = "completed",
                          .root_cause = "Because.",
                          .pr_url = "https://github.com/acme/backend/pull/3"}))["autofix"];

  EXPECT_EQ(summary(json), "completed code_changes pr:completed");
  std::vector<std::string> steps;
  for (const auto& block : json["blocks"]) {
    EXPECT_EQ(block["message"]["role"], "assistant");
    steps.push_back(block["message"]["metadata"]["step"]);
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"root_cause", "solution", "code_changes"}));
  EXPECT_EQ(artifact(json, "root_cause")["one_line_description"], "Because.");
  EXPECT_EQ(json["repo_pr_states"]["acme/backend"]["pr_url"],
            "https://github.com/acme/backend/pull/3");
  EXPECT_TRUE(json["sentry_run_id"].is_string());
  EXPECT_EQ(json["updated_at"].get<std::string>().back(), 'Z');
}

TEST_F(FakeSentrySeerTest, ScriptedIssuesKeepTheirOldAnswers) {
  fake_.set_start_response(7, 202, start_response_json(70));
  fake_.script_autofix(7, {agent_autofix_json({.run_id = 70, .status = "processing"})}, true);

  EXPECT_TRUE(autofix(7).is_null());
  EXPECT_EQ(post(7, {{"stopping_point", "open_pr"}}).body, R"({"run_id":70})");
  EXPECT_EQ(summary(autofix(7)), "processing -");
  EXPECT_EQ(fake_.start_posts(7).size(), 1u);
}

}  // namespace
}  // namespace autofixd::testing
