// The real daemon follows Seer's real lifecycle (issue 11): "completed"
// between steps is not the end, a stalled pipeline is reported after
// step_grace, a question is not the end, a replaced run is not ours, and a
// later stopping point continues the earlier run instead of paying again.
// Each test counts start POSTs, continuation POSTs and comments exactly.

#include "integration/daemon_seer_fixture.hpp"

namespace autofixd::testing {
namespace {

using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

std::string marker(std::int64_t run_id, const std::string& suffix = "") {
  return "autofixd:run:" + std::to_string(run_id) + suffix;
}

TEST_F(SeerDaemonTest, OpenPrPipelineGetsOneCommentOnlyOnceThePrExists) {
  seer_issue(42);
  start_daemon(seer_options());  // the fixture's rule: stopping point open_pr
  ASSERT_EQ(send_issue({.id = 42}, "seer-open-pr-1").status, 202);

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  const auto run = only_run(42);
  const auto text = texts(42).at(0);
  EXPECT_TRUE(contains(text, SeerTexts{}.pr_url)) << text;
  EXPECT_TRUE(contains(text, SeerTexts{}.root_cause)) << text;
  EXPECT_TRUE(contains(text, marker(run.run_id))) << text;
  // Seer shows the PR completed at the 8th GET: processing and completed for
  // each of the three steps, then PR creating, then PR completed.
  EXPECT_GE(gets_before_first_comment(42), 8u);
  settle();
  EXPECT_EQ(starts(42), 1u);
  EXPECT_EQ(continuations(42), 0u);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
  const auto entry = run_entry(42);
  EXPECT_EQ(entry["state"], "completed") << entry;
  EXPECT_EQ(entry["run_id"], run.run_id) << entry;
}

TEST_F(SeerDaemonTest, RootCauseStoppingPointCommentsOnceTheRootCauseIsDone) {
  seer_issue(42, {.phase_repeat = 2});
  start_with_rules(seer_rule("root-cause", "root_cause", 10));
  ASSERT_EQ(send_issue({.id = 42}, "seer-root-cause-1").status, 202);

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  const auto run = only_run(42);
  const auto text = texts(42).at(0);
  EXPECT_TRUE(contains(text, SeerTexts{}.root_cause)) << text;
  EXPECT_TRUE(contains(text, marker(run.run_id))) << text;
  EXPECT_FALSE(contains(text, SeerTexts{}.pr_url)) << text;
  EXPECT_GE(gets_before_first_comment(42), 3u);  // processing twice, then completed
  EXPECT_EQ(run.stopping_point, "root_cause");
  settle();
  EXPECT_EQ(starts(42), 1u);
  EXPECT_EQ(continuations(42), 0u);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
  EXPECT_EQ(run_state(42), "completed");
}

TEST_F(SeerDaemonTest, StalledPipelineIsReportedOnceAfterStepGrace) {
  seer_issue(42, {.stall_after_step = "root_cause"});
  start_daemon(seer_options());  // open_pr; Seer never goes past the root cause
  ASSERT_EQ(send_issue({.id = 42}, "seer-stalled-1").status, 202);

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  // The 2nd GET after the start showed root_cause completed; nothing moved after it.
  const auto stalled = nth_get_after_start(42, 2);
  const auto commented = first_comment_at(42);
  ASSERT_TRUE(stalled && commented);
  EXPECT_GE(*commented - *stalled, 2s - 200ms) << "reported before step_grace";
  const auto text = texts(42).at(0);
  EXPECT_TRUE(contains_nocase(text, "root_cause") || contains_nocase(text, "root cause")) << text;
  EXPECT_TRUE(contains(text, SeerTexts{}.root_cause)) << text;
  EXPECT_FALSE(contains(text, SeerTexts{}.pr_url)) << text;
  settle();
  EXPECT_EQ(starts(42), 1u);
  EXPECT_EQ(continuations(42), 0u);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
  EXPECT_EQ(run_state(42), "completed");
}

TEST_F(SeerDaemonTest, QuestionIsPostedOnceThenTheResult) {
  seer_issue(42, {.needs_input_in_step = "root_cause", .input_gets = 5});
  start_with_rules(seer_rule("root-cause", "root_cause", 10));
  ASSERT_EQ(send_issue({.id = 42}, "seer-question-1").status, 202);

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 2; }));
  const auto run = only_run(42);
  const auto comments = texts(42);
  EXPECT_TRUE(contains(comments[0], SeerOptions{}.question)) << comments[0];
  EXPECT_TRUE(contains(comments[0], marker(run.run_id, ":question"))) << comments[0];
  EXPECT_TRUE(contains(comments[1], SeerTexts{}.root_cause)) << comments[1];
  EXPECT_TRUE(contains(comments[1], marker(run.run_id))) << comments[1];
  EXPECT_FALSE(contains(comments[1], marker(run.run_id, ":question"))) << comments[1];
  settle();
  EXPECT_EQ(starts(42), 1u);
  EXPECT_EQ(continuations(42), 0u);
  EXPECT_EQ(fake_.comments(42).size(), 2u);
  EXPECT_EQ(run_state(42), "completed");
}

TEST_F(SeerDaemonTest, RunReplacedByAnotherIsCancelledAsSuperseded) {
  seer_issue(42, {.phase_repeat = 4});
  start_daemon(seer_options());
  ASSERT_EQ(send_issue({.id = 42}, "seer-superseded-1").status, 202);
  ASSERT_TRUE(eventually([&] {
    return fake_.seer_runs_created(42) == 1 && fake_.count("GET", fake_.autofix_path(42)) >= 3;
  }));
  const auto ours = only_run(42);

  const auto theirs = fake_.start_run_elsewhere(42, "root_cause", 0min, "completed");

  ASSERT_TRUE(eventually([&] { return run_state(42) == "cancelled"; })) << run_state(42);
  EXPECT_TRUE(contains(run_detail(42), "superseded")) << run_detail(42);
  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  const auto text = texts(42).at(0);
  EXPECT_TRUE(contains_nocase(text, "supersede")) << text;
  EXPECT_TRUE(contains(text, std::to_string(theirs))) << text;
  EXPECT_TRUE(contains(text, marker(ours.run_id))) << text;
  EXPECT_FALSE(contains(text, SeerOptions{}.elsewhere_texts.root_cause)) << text;
  EXPECT_FALSE(contains(text, SeerOptions{}.elsewhere_texts.pr_url)) << text;
  settle();
  EXPECT_EQ(starts(42), 1u);
  EXPECT_EQ(continuations(42), 0u);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
}

// Rules are tried in file order: the PR rule (100 events) first, then the
// root-cause rule (10 events). At 20 events only the second matches; at 150
// the first does, and the daemon continues run 1 instead of paying again.
// Seer's completion hook continues by the run's ORIGINAL stopping point
// (root_cause): a continuation with step=solution runs solution, then goes on
// to code_changes by itself and stops there; the PR then needs step=open_pr.
// So the second stage costs exactly two continuation POSTs and no start.
class TieredRulesTest : public SeerDaemonTest {
 protected:
  void expect_second_stage_continues_run_1(TriggerStamp stamps) {
    seer_issue(42, {.stamps = stamps}, /*count=*/20);
    start_with_rules(seer_rule("pr-at-100", "open_pr", 100) +
                     seer_rule("root-cause-at-10", "root_cause", 10));
    ASSERT_EQ(send_issue({.id = 42, .count = 20}, "seer-tier-1").status, 202);
    ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
    const auto run = only_run(42);
    EXPECT_EQ(run.stopping_point, "root_cause");

    fake_.set_issue(42, issue_json({.id = 42, .count = 150}));
    ASSERT_EQ(post_webhook(daemon_->port(), "event_alert", event_alert_webhook(42), "seer-tier-2",
                           kSecret)
                  .status,
              202);

    ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 2; }));
    const auto second = texts(42).at(1);
    EXPECT_TRUE(contains(second, marker(run.run_id, ":open_pr"))) << second;
    EXPECT_TRUE(contains(second, SeerTexts{}.pr_url)) << second;
    settle();
    EXPECT_EQ(starts(42), 1u);
    EXPECT_EQ(fake_.seer_runs_created(42), 1u);
    EXPECT_EQ(continuation_steps(42, run), (Strings{"solution", "open_pr"}));
    EXPECT_EQ(fake_.comments(42).size(), 2u);
  }

  // The `step` of each continuation POST, which must name `run` and carry no
  // stopping_point (that forces step root_cause: a re-run).
  Strings continuation_steps(std::int64_t issue, const SeerRunInfo& run) {
    Strings steps;
    for (const auto& text : fake_.continuation_post_bodies(issue)) {
      const auto body = nlohmann::json::parse(text);
      EXPECT_TRUE(body.value("run_id", std::int64_t{0}) == run.run_id ||
                  body.value("sentry_run_id", "") == run.sentry_run_id)
          << text;
      EXPECT_FALSE(body.contains("stopping_point")) << text;
      steps.push_back(body.value("step", ""));
    }
    return steps;
  }
};

TEST_F(TieredRulesTest, SecondStageContinuesTheFirstRunInsteadOfPayingAgain) {
  expect_second_stage_continues_run_1(TriggerStamp::on_start);
}

// Newest Sentry stamps seerExplorerAutofixLastTriggered when each step
// completes: run 1's own stamp must not read as "triggered by someone else".
TEST_F(TieredRulesTest, OwnRunsStepCompletionStampIsNotSomeoneElsesTrigger) {
  expect_second_stage_continues_run_1(TriggerStamp::on_step_completion);
}

}  // namespace
}  // namespace autofixd::testing
