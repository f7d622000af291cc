// FakeSentry's Seer model over plain HTTP: runs advance one phase per GET,
// "completed" appears between steps, continuations follow the run's original
// stopping point, and GET shows the issue's latest run.

#include "integration/fake_sentry_seer_fixture.hpp"

namespace autofixd::testing {
namespace {

using Strings = std::vector<std::string>;

TEST_F(FakeSentrySeerTest, StartAnswersBothRunIdsAndStampsTheIssue) {
  fake_.set_issue(42, issue_json({.id = 42}));
  fake_.enable_seer(42);
  EXPECT_TRUE(autofix(42).is_null());

  auto started = start(42, "root_cause");

  ASSERT_TRUE(started["run_id"].is_number_integer()) << started;
  EXPECT_EQ(started["sentry_run_id"], seer_run_uuid(started["run_id"].get<std::int64_t>()));
  ASSERT_EQ(fake_.seer_runs_created(42), 1u);
  EXPECT_EQ(fake_.seer_runs(42)[0].run_id, started["run_id"]);
  EXPECT_TRUE(fake_.seer_runs(42)[0].by_post);
  EXPECT_TRUE(issue_details(42)["seerAutofixLastTriggered"].is_string());
  EXPECT_TRUE(issue_details(42)["seerExplorerAutofixLastTriggered"].is_null());
  EXPECT_EQ(fake_.start_posts(42).size(), 1u);
  EXPECT_TRUE(fake_.continuation_posts(42).empty());
}

TEST_F(FakeSentrySeerTest, RootCauseRunAdvancesOnePhasePerGet) {
  fake_.enable_seer(42);
  start(42, "root_cause");

  auto first = autofix(42);
  auto done = autofix(42);

  EXPECT_EQ(summary(first), "processing root_cause loading");
  EXPECT_TRUE(artifact(first, "root_cause").is_null());
  EXPECT_EQ(summary(done), "completed root_cause");
  EXPECT_EQ(artifact(done, "root_cause")["one_line_description"], SeerTexts{}.root_cause);
  EXPECT_EQ(done["run_id"], first["run_id"]);
  EXPECT_EQ(next_gets(42, 2), Strings(2, "completed root_cause"));  // the last repeats
}

TEST_F(FakeSentrySeerTest, OpenPrPipelineIsCompletedBetweenSteps) {
  fake_.enable_seer(42);
  start(42, "open_pr");

  EXPECT_EQ(next_gets(42, 9),
            (Strings{"processing root_cause loading", "completed root_cause",
                     "processing solution loading", "completed solution",
                     "processing code_changes loading", "completed code_changes",
                     "completed code_changes pr:creating", "completed code_changes pr:completed",
                     "completed code_changes pr:completed"}));
  auto done = autofix(42);
  EXPECT_EQ(done["repo_pr_states"]["acme/backend"]["pr_url"], SeerTexts{}.pr_url);
  EXPECT_EQ(artifact(done, "solution")["one_line_summary"], SeerTexts{}.solution);
  EXPECT_FALSE(done["blocks"].back()["merged_file_patches"].empty());
}

TEST_F(FakeSentrySeerTest, PhaseRepeatShowsEachPhaseToThatManyGets) {
  fake_.enable_seer(42, {.phase_repeat = 2});
  start(42, "root_cause");

  EXPECT_EQ(next_gets(42, 4),
            (Strings{"processing root_cause loading", "processing root_cause loading",
                     "completed root_cause", "completed root_cause"}));
}

TEST_F(FakeSentrySeerTest, StalledPipelineStaysCompletedAfterItsStep) {
  fake_.enable_seer(42, {.stall_after_step = "root_cause"});
  start(42, "open_pr");

  EXPECT_EQ(next_gets(42, 5),
            (Strings{"processing root_cause loading", "completed root_cause",
                     "completed root_cause", "completed root_cause", "completed root_cause"}));
}

TEST_F(FakeSentrySeerTest, QuestionWaitsForInputThenTheStepGoesOn) {
  fake_.enable_seer(42, {.needs_input_in_step = "solution", .input_gets = 2});
  start(42, "solution");

  auto gets = next_gets(42, 3);
  auto asking = autofix(42);
  EXPECT_EQ(asking["pending_user_input"]["data"]["question"], SeerOptions{}.question);
  gets.push_back(summary(asking));
  for (auto& s : next_gets(42, 3)) gets.push_back(s);
  EXPECT_EQ(gets, (Strings{"processing root_cause loading", "completed root_cause",
                           "processing solution loading", "awaiting_user_input solution ?",
                           "awaiting_user_input solution ?", "processing solution loading",
                           "completed solution"}));
}

TEST_F(FakeSentrySeerTest, ContinuationRunsItsStepThenFollowsTheOriginalStoppingPoint) {
  fake_.set_issue(42, issue_json({.id = 42}));
  fake_.enable_seer(42);
  auto ids = start(42, "root_cause");
  next_gets(42, 2);
  const auto stamped = issue_details(42)["seerAutofixLastTriggered"];

  auto answer = post(42, {{"run_id", ids["run_id"]}, {"step", "solution"}});

  ASSERT_EQ(answer.status, 202) << answer.body;
  EXPECT_EQ(Json::parse(answer.body), ids);
  // Not at root_cause (the run's stopping point) after solution: Seer goes on
  // to code_changes by itself, then stops (no PR: the stopping point is not open_pr).
  EXPECT_EQ(next_gets(42, 5), (Strings{"processing solution loading", "completed solution",
                                       "processing code_changes loading", "completed code_changes",
                                       "completed code_changes"}));
  answer = post(42, {{"sentry_run_id", ids["sentry_run_id"]}, {"step", "open_pr"}});
  ASSERT_EQ(answer.status, 202) << answer.body;
  EXPECT_EQ(next_gets(42, 2),
            (Strings{"completed code_changes pr:creating", "completed code_changes pr:completed"}));
  ASSERT_EQ(fake_.seer_runs_created(42), 1u);
  EXPECT_EQ(fake_.seer_runs(42)[0].continuations, 2u);
  EXPECT_EQ(fake_.start_posts(42).size(), 1u);
  EXPECT_EQ(fake_.continuation_post_bodies(42).size(), 2u);
  EXPECT_EQ(issue_details(42)["seerAutofixLastTriggered"], stamped);
}

TEST_F(FakeSentrySeerTest, ContinuingWithAStoppingPointReRunsRootCause) {
  fake_.enable_seer(42);
  auto ids = start(42, "solution");
  next_gets(42, 4);

  ASSERT_EQ(post(42, {{"run_id", ids["run_id"]}, {"stopping_point", "open_pr"}}).status, 202);

  EXPECT_EQ(next_gets(42, 4), (Strings{"processing root_cause loading", "completed root_cause",
                                       "processing solution loading", "completed solution"}));
}

TEST_F(FakeSentrySeerTest, UnknownRunsAndMissingRunIdsAreRefused) {
  fake_.enable_seer(42);
  start(42, "root_cause");

  EXPECT_EQ(post(42, {{"run_id", 99999}, {"step", "solution"}}).status, 404);
  auto unknown = post(42, {{"sentry_run_id", seer_run_uuid(99999)}, {"step", "solution"}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Json::parse(unknown.body), Json({{"session", nullptr}}));
  auto no_run = post(42, {{"step", "open_pr"}});
  EXPECT_EQ(no_run.status, 400);
  EXPECT_NE(no_run.body.find("run_id is required for open_pr"), std::string::npos);
  EXPECT_EQ(fake_.seer_runs_created(42), 1u);
}

TEST_F(FakeSentrySeerTest, CodingAgentHandoffFollowsTheAgentToItsPr) {
  fake_.enable_seer(42);
  auto ids = start(42, "solution");
  next_gets(42, 4);
  Json both{{"run_id", ids["run_id"]},
            {"step", "coding_agent_handoff"},
            {"integration_id", 42},
            {"provider", "cursor"}};
  EXPECT_EQ(post(42, both).status, 400);  // exactly one of them

  auto answer = post(
      42, {{"run_id", ids["run_id"]}, {"step", "coding_agent_handoff"}, {"integration_id", 42}});

  ASSERT_EQ(answer.status, 202) << answer.body;
  auto launched = Json::parse(answer.body);
  EXPECT_EQ(launched["successes"][0]["coding_agent_state"]["status"], "pending");
  EXPECT_EQ(next_gets(42, 3),
            (Strings{"completed solution agent:pending", "completed solution agent:running",
                     "completed solution agent:completed"}));
  auto done = autofix(42);
  const auto& agent = done["coding_agents"].begin().value();
  EXPECT_EQ(agent["results"][0]["pr_url"], SeerTexts{}.agent_pr_url);
  EXPECT_EQ(agent["integration_id"], 42);
}

TEST_F(FakeSentrySeerTest, GetShowsTheLatestRunWhoeverStartedIt) {
  fake_.set_issue(42, issue_json({.id = 42}));
  fake_.enable_seer(42);
  auto ours = start(42, "root_cause");
  next_gets(42, 2);

  auto theirs = fake_.start_run_elsewhere(42, "root_cause", std::chrono::minutes(0), "processing");

  auto shown = autofix(42);
  EXPECT_EQ(shown["run_id"], theirs);
  EXPECT_EQ(summary(shown), "processing root_cause loading");
  EXPECT_EQ(artifact(autofix(42), "root_cause")["one_line_description"],
            SeerOptions{}.elsewhere_texts.root_cause);
  // Continuing ours makes it the latest again.
  ASSERT_EQ(post(42, {{"run_id", ours["run_id"]}, {"step", "solution"}}).status, 202);
  EXPECT_EQ(autofix(42)["run_id"], ours["run_id"]);
  EXPECT_EQ(fake_.seer_runs_created(42), 2u);
  EXPECT_FALSE(fake_.seer_runs(42)[1].by_post);
}

TEST_F(FakeSentrySeerTest, RunTriggeredElsewhereEarlierIsAtItsEndAndStamped) {
  fake_.set_issue(42, issue_json({.id = 42}));
  auto run = fake_.start_run_elsewhere(42, {.stopping_point = "open_pr",
                                            .ago = std::chrono::minutes(90),
                                            .status = "completed",
                                            .explorer_field = true});

  auto shown = autofix(42);

  EXPECT_EQ(shown["run_id"], run);
  EXPECT_EQ(summary(shown), "completed code_changes pr:completed");
  auto details = issue_details(42);
  EXPECT_TRUE(details["seerAutofixLastTriggered"].is_null());
  auto stamped = details["seerExplorerAutofixLastTriggered"].get<std::string>();
  EXPECT_EQ(stamped, sentry_time(fake_.seer_runs(42)[0].triggered_at));
  EXPECT_EQ(shown["updated_at"], stamped);
}

TEST_F(FakeSentrySeerTest, NewestSentryStampsStepCompletionsNotStarts) {
  fake_.set_issue(42, issue_json({.id = 42}));
  fake_.enable_seer(42, {.stamps = TriggerStamp::on_step_completion});
  start(42, "root_cause");
  autofix(42);  // processing
  EXPECT_TRUE(issue_details(42)["seerExplorerAutofixLastTriggered"].is_null());

  autofix(42);  // completed

  EXPECT_TRUE(issue_details(42)["seerExplorerAutofixLastTriggered"].is_string());
  EXPECT_TRUE(issue_details(42)["seerAutofixLastTriggered"].is_null());
}

}  // namespace
}  // namespace autofixd::testing
