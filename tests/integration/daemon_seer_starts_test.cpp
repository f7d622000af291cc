// The real daemon never pays twice (issue 11): a run someone else triggered
// is skipped or followed, a start that may have reached Sentry is adopted
// rather than repeated, Seer not enabled fails once, a coding agent's PR is
// reported, and a seer webhook moves only the run it names.

#include "integration/daemon_seer_fixture.hpp"

namespace autofixd::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(SeerDaemonTest, RunTriggeredElsewhereIsNotPaidForAgain) {
  seer_issue(42);  // a run by Sentry's automation is still processing
  fake_.start_run_elsewhere(42, "root_cause", 0min, "processing");
  seer_issue(43);  // a person ran it an hour ago (within the 7-day default)
  fake_.start_run_elsewhere(43, "root_cause", 60min, "completed");
  seer_issue(44);  // newest Sentry: only seerExplorerAutofixLastTriggered shows it
  fake_.start_run_elsewhere(44, {.stopping_point = "root_cause",
                                 .ago = 30min,
                                 .status = "completed",
                                 .explorer_field = true});
  start_daemon(seer_options());

  for (std::int64_t issue : {42, 43, 44}) {
    ASSERT_EQ(send_issue({.id = issue}, "seer-elsewhere-" + std::to_string(issue)).status, 202);
  }

  ASSERT_TRUE(eventually([&] {
    return decisions_with(42, "skip", "already_triggered") == 1 &&
           decisions_with(43, "skip", "already_triggered") == 1 &&
           decisions_with(44, "skip", "already_triggered") == 1;
  }));
  settle();
  for (std::int64_t issue : {42, 43, 44}) {
    EXPECT_EQ(autofix_posts(issue), 0u) << issue;
    EXPECT_TRUE(fake_.comments(issue).empty()) << issue;
  }
}

TEST_F(SeerDaemonTest, FollowedRunElsewhereIsReportedWithoutAPost) {
  seer_issue(42);
  const auto theirs = fake_.start_run_elsewhere(42, "root_cause", 0min, "processing");
  start_with_rules(seer_rule("follow", "root_cause", 10, "on_existing_run = \"follow\"\n"));

  ASSERT_EQ(send_issue({.id = 42}, "seer-follow-1").status, 202);

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  const auto text = texts(42).at(0);
  EXPECT_TRUE(contains(text, SeerOptions{}.elsewhere_texts.root_cause)) << text;
  EXPECT_TRUE(contains(text, "autofixd:run:" + std::to_string(theirs))) << text;
  settle();
  EXPECT_EQ(autofix_posts(42), 0u);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
  EXPECT_EQ(fake_.seer_runs_created(42), 1u);
}

// The POST reaches Sentry, which creates the run 2 s later and never
// answers; the daemon gives up after 1 s. A GET right then shows nothing.
TEST_F(SeerDaemonTest, StartActedOnButUnansweredIsAdoptedNotRepeated) {
  seer_issue(42);
  fake_.act_then_hang(42, 2s);
  start_daemon(seer_options("request_timeout = \"1s\"\n"));

  ASSERT_EQ(send_issue({.id = 42}, "seer-hang-1").status, 202);

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  const auto run = only_run(42);
  EXPECT_TRUE(contains(texts(42).at(0), "autofixd:run:" + std::to_string(run.run_id)));
  settle();
  EXPECT_EQ(starts(42), 1u);
  EXPECT_EQ(fake_.seer_runs_created(42), 1u);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
  const auto entry = run_entry(42);
  EXPECT_EQ(entry["state"], "completed") << entry;
  EXPECT_EQ(entry["run_id"], run.run_id) << entry;
}

TEST_F(SeerDaemonTest, BadGatewayAfterActingIsAdoptedNotRepeated) {
  seer_issue(42);
  fake_.fail_start(42, 502, "<html><body>502 Bad Gateway</body></html>", /*acted=*/true);
  start_daemon(seer_options());

  ASSERT_EQ(send_issue({.id = 42}, "seer-502-1").status, 202);

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  const auto run = only_run(42);
  settle();
  EXPECT_EQ(starts(42), 1u);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
  const auto entry = run_entry(42);
  EXPECT_EQ(entry["state"], "completed") << entry;
  EXPECT_EQ(entry["run_id"], run.run_id) << entry;
}

TEST_F(SeerDaemonTest, GatewayTimeoutWithoutARunIsRetriedOnlyAfterTheWindow) {
  seer_issue(42);
  fake_.fail_start(42, 504, R"({"detail":"upstream request timeout"})", /*acted=*/false);
  start_daemon(seer_options());  // uncertain_start_window = 3s

  ASSERT_EQ(send_issue({.id = 42}, "seer-504-1").status, 202);

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  settle();
  const auto posts = fake_.start_posts(42);
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_GE(posts[1].received_at - posts[0].received_at, 3s - 300ms) << "retried inside the window";
  EXPECT_GE(fake_.count("GET", fake_.autofix_path(42)), 3u) << "the window's GETs";
  EXPECT_EQ(fake_.seer_runs_created(42), 1u);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
  EXPECT_EQ(run_state(42), "completed");
}

TEST_F(SeerDaemonTest, SeerNotEnabledFailsOnceWithoutComment) {
  seer_issue(42, {.access = SeerAccess::post_forbidden});
  start_daemon(seer_options());

  ASSERT_EQ(send_issue({.id = 42}, "seer-403-1").status, 202);

  ASSERT_TRUE(eventually([&] { return run_state(42) == "failed"; })) << run_state(42);
  EXPECT_TRUE(contains(run_detail(42), "seer_not_enabled")) << run_detail(42);
  settle(1500ms);
  EXPECT_EQ(starts(42), 1u);
  EXPECT_TRUE(fake_.comments(42).empty());
  EXPECT_EQ(run_state(42), "failed");
}

// Beyond the written contract, as Sentry really behaves: with Seer off for
// the organization the GET that comes before any POST is refused too
// (SeerAgentClient checks access on every call).
TEST_F(SeerDaemonTest, SeerOffForTheOrganizationStartsNothing) {
  seer_issue(42, {.access = SeerAccess::disabled});
  start_daemon(seer_options());

  ASSERT_EQ(send_issue({.id = 42}, "seer-off-1").status, 202);

  ASSERT_TRUE(eventually([&] {
    return count_where(
               "SELECT (SELECT COUNT(*) FROM decisions WHERE issue_id = 42 AND "
               "(reason LIKE '%seer_not_enabled%' OR detail LIKE '%seer_not_enabled%')) + "
               "(SELECT COUNT(*) FROM runs WHERE issue_id = 42 AND "
               "detail LIKE '%seer_not_enabled%')") > 0;
  }));
  settle();
  EXPECT_EQ(autofix_posts(42), 0u);
  EXPECT_TRUE(fake_.comments(42).empty());
}

TEST_F(SeerDaemonTest, CodingAgentPrIsReportedLikeSeersOwn) {
  seer_issue(42);
  start_with_rules(seer_rule("agent", "open_pr", 10,
                             "coding_agent = { integration_id = 42, provider = "
                             "\"cursor_background_agent\" }\n"));

  ASSERT_EQ(send_issue({.id = 42}, "seer-agent-1").status, 202);

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  const auto run = only_run(42);
  const auto text = texts(42).at(0);
  EXPECT_TRUE(contains(text, SeerTexts{}.agent_pr_url)) << text;
  settle();
  EXPECT_EQ(starts(42), 1u);
  const auto handoffs = fake_.continuation_post_bodies(42);
  ASSERT_EQ(handoffs.size(), 1u);
  const auto body = nlohmann::json::parse(handoffs[0]);
  EXPECT_EQ(body["step"], "coding_agent_handoff");
  EXPECT_EQ(body.value("run_id", std::int64_t{0}), run.run_id) << body;
  // Sentry refuses both at once ("Cannot specify both integration_id and provider").
  EXPECT_FALSE(body.contains("integration_id") && body.contains("provider")) << body;
  EXPECT_EQ(fake_.comments(42).size(), 1u);
}

TEST_F(SeerDaemonTest, SeerWebhookForAnotherRunDoesNotMoveOurs) {
  seer_issue(42, {.phase_repeat = 3});
  start_with_rules(seer_rule("root-cause", "root_cause", 10));
  ASSERT_EQ(send_issue({.id = 42}, "seer-webhook-1").status, 202);
  ASSERT_TRUE(eventually([&] { return fake_.seer_runs_created(42) == 1; }));
  const nlohmann::json foreign = {
      {"action", "root_cause_completed"},
      {"installation", {{"uuid", "7a485448-a9e2-4c85-8a3c-4f44175783c9"}}},
      {"data", {{"run_id", 999999}, {"group_id", 42}}},
      {"actor", {{"type", "application"}, {"id", "sentry"}, {"name", "Sentry"}}}};

  ASSERT_EQ(post_webhook(daemon_->port(), "seer", foreign.dump(), "seer-foreign", kSecret).status,
            202);

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  const auto text = texts(42).at(0);
  EXPECT_TRUE(contains(text, "autofixd:run:" + std::to_string(only_run(42).run_id))) << text;
  EXPECT_FALSE(contains(text, "999999")) << text;
  EXPECT_GE(gets_before_first_comment(42), 4u);  // processing ×3, then completed
  settle();
  EXPECT_EQ(starts(42), 1u);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
}

TEST_F(SeerDaemonTest, SweepListsEveryProjectTheTokenCanSee) {
  seer_issue(42);
  DaemonOptions options = seer_options();
  options.sweep_interval = "300ms";
  start_daemon(options);

  ASSERT_TRUE(eventually([&] { return fake_.issue_list_targets().size() >= 2; }));

  for (const auto& target : fake_.issue_list_targets()) {
    EXPECT_TRUE(contains(target, "project=-1")) << target;
  }
}

}  // namespace
}  // namespace autofixd::testing
