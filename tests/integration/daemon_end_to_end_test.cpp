// The whole path, with the real binary: signed webhook → issue details →
// autofix POST → polls → exactly one comment.
#include <fstream>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

AutofixSpec completed(std::int64_t run_id) {
  AutofixSpec s;
  s.run_id = run_id;
  s.status = "COMPLETED";
  s.root_cause = "The divisor comes from an empty shopping cart.";
  s.solution = "Return early when the cart is empty.";
  s.pr_url = "https://github.com/acme/backend/pull/17";
  return s;
}

AutofixSpec processing(std::int64_t run_id) {
  AutofixSpec s;
  s.run_id = run_id;
  return s;
}

TEST_F(DaemonTest, QualifyingIssueGetsOneRunPolledToOneComment) {
  fake_.set_issue(42, issue_json({.id = 42}));
  fake_.set_start_response(42, 202, start_response_json(777));
  fake_.script_autofix(42, {legacy_autofix_json(processing(777)), legacy_autofix_json(processing(777)),
                            legacy_autofix_json(completed(777))},
                       /*only_after_start=*/true);
  start_daemon();

  const auto answer = send_issue({.id = 42}, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(answer.status, 202) << answer.body;

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  EXPECT_GE(fake_.count("GET", fake_.issue_path(42)), 1u);
  ASSERT_EQ(autofix_posts(42), 1u);
  const auto post = nlohmann::json::parse(fake_.bodies("POST", fake_.autofix_path(42)).at(0));
  EXPECT_EQ(post["stopping_point"], "open_pr");
  EXPECT_EQ(post["user_context"], "Prefer minimal fixes.");
  EXPECT_GE(fake_.count("GET", fake_.autofix_path(42)), 3u);

  const auto text = fake_.comments(42).at(0).text;
  EXPECT_NE(text.find("empty shopping cart"), std::string::npos) << text;
  EXPECT_NE(text.find("https://github.com/acme/backend/pull/17"), std::string::npos) << text;
  EXPECT_NE(text.find("autofixd:run:777"), std::string::npos) << text;
  // How the run went, from the run row and its decision's stored facts.
  EXPECT_NE(text.find("**Run:** Took "), std::string::npos) << text;
  EXPECT_NE(text.find("Started by rule `backend-errors`, which saw 150 events and 12 users, with a "
                      "fixability score of 0.70."),
            std::string::npos)
      << text;

  // Nothing more happens: one run, one comment.
  ::usleep(500'000);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
  EXPECT_EQ(autofix_posts(42), 1u);

  const auto [code, out] = daemon_->cli({"runs", "--json"});
  EXPECT_EQ(code, 0);
  const auto runs = nlohmann::json::parse(out);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["state"], "completed");
  EXPECT_EQ(runs[0]["run_id"], 777);
  EXPECT_EQ(runs[0]["issue_id"], "42");
  EXPECT_EQ(daemon_->stop(), 0);
}

TEST_F(DaemonTest, AgentShapedStateIsFollowedToCompletion) {
  fake_.set_issue(43, issue_json({.id = 43}));
  fake_.set_start_response(43, 202, start_response_json(901));
  auto done = completed(901);
  done.status = "completed";
  auto running = processing(901);
  running.status = "processing";
  fake_.script_autofix(43, {agent_autofix_json(running), agent_autofix_json(done)}, true);
  start_daemon();
  EXPECT_EQ(send_issue({.id = 43}, "agent-shape-1").status, 202);
  ASSERT_TRUE(eventually([&] { return fake_.comments(43).size() == 1; }));
  EXPECT_NE(fake_.comments(43)[0].text.find("pull/17"), std::string::npos);
}

TEST_F(DaemonTest, IssueBelowThresholdsStartsNothing) {
  fake_.set_issue(50, issue_json({.id = 50, .count = 3}));
  start_daemon();
  EXPECT_EQ(send_issue({.id = 50, .count = 3}, "below-1").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("watch") == 1; }));
  EXPECT_EQ(autofix_posts(50), 0u);
  EXPECT_EQ(counts().pending + counts().running, 0);
}

TEST_F(DaemonTest, OtherProjectIsSkippedWithoutFetchingDetails) {
  start_daemon();
  EXPECT_EQ(send_issue({.id = 51, .project = "frontend"}, "frontend-1").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("skip") == 1; }));
  EXPECT_EQ(autofix_posts(51), 0u);
  EXPECT_EQ(fake_.count("GET", fake_.issue_path(51)), 0u);
}

TEST_F(DaemonTest, DuplicateDeliveriesMakeOneRun) {
  fake_.set_issue(60, issue_json({.id = 60}));
  fake_.script_autofix(60, {legacy_autofix_json(processing(1000))}, true);
  start_daemon();
  EXPECT_EQ(send_issue({.id = 60}, "dup-1").status, 202);
  // The same delivery again (Sentry's own retry would carry a new
  // Request-ID: caught by its body, tests/integration/daemon_replay_test).
  EXPECT_EQ(send_issue({.id = 60}, "dup-1").status, 202);
  // Same issue, new delivery (one more event: a body of its own).
  EXPECT_EQ(send_issue({.id = 60, .count = 151}, "dup-2").status, 202);
  ASSERT_TRUE(eventually([&] { return autofix_posts(60) == 1 && decisions("skip") == 1; }));
  EXPECT_EQ(deliveries(), 2);
  ::usleep(300'000);
  EXPECT_EQ(autofix_posts(60), 1u);
}

TEST_F(DaemonTest, ErrorStatusPostsOneFailureComment) {
  fake_.set_issue(70, issue_json({.id = 70}));
  fake_.set_start_response(70, 202, start_response_json(555));
  auto failed = processing(555);
  failed.status = "ERROR";
  fake_.script_autofix(70, {legacy_autofix_json(failed)}, true);
  start_daemon();
  EXPECT_EQ(send_issue({.id = 70}, "error-1").status, 202);
  ASSERT_TRUE(eventually([&] { return fake_.comments(70).size() == 1; }));
  const auto text = fake_.comments(70)[0].text;
  EXPECT_NE(text.find("autofixd:run:555"), std::string::npos) << text;
  EXPECT_NE(text.find("failed"), std::string::npos) << text;
  ::usleep(300'000);
  EXPECT_EQ(fake_.comments(70).size(), 1u);
  EXPECT_EQ(counts().failed, 1);
}

TEST_F(DaemonTest, NoBudgetStartsNothingAndPostsNothing) {
  fake_.set_issue(80, issue_json({.id = 80}));
  fake_.set_start_response(80, 402, "\"No budget for Seer Autofix.\"");
  start_daemon();
  EXPECT_EQ(send_issue({.id = 80}, "budget-1").status, 202);
  ASSERT_TRUE(eventually([&] { return counts().failed == 1; }));
  EXPECT_EQ(autofix_posts(80), 1u);
  EXPECT_TRUE(fake_.comments(80).empty());
  EXPECT_NE(daemon_->log().find("402"), std::string::npos);
}

TEST_F(DaemonTest, RunSurvivesKillDashNineAndEndsWithOneComment) {
  fake_.set_issue(90, issue_json({.id = 90}));
  fake_.set_start_response(90, 202, start_response_json(4242));
  std::vector<std::string> script(15, legacy_autofix_json(processing(4242)));
  script.push_back(legacy_autofix_json(completed(4242)));
  fake_.script_autofix(90, script, true);
  start_daemon();
  EXPECT_EQ(send_issue({.id = 90}, "crash-1").status, 202);
  ASSERT_TRUE(eventually([&] { return fake_.count("GET", fake_.autofix_path(90)) >= 3; }));
  daemon_->kill9();
  daemon_->start();
  ASSERT_TRUE(eventually([&] { return fake_.comments(90).size() == 1; }));
  EXPECT_EQ(autofix_posts(90), 1u);
  ::usleep(300'000);
  EXPECT_EQ(fake_.comments(90).size(), 1u);
}

TEST_F(DaemonTest, DryRunRecordsDecisionAndCallsNothing) {
  start_daemon({.with_token = false});
  EXPECT_EQ(send_issue({.id = 100}, "dry-1").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("dry_run") == 1; }));
  EXPECT_EQ(fake_.request_count(), 0u);
  EXPECT_NE(daemon_->log().find("DRY-RUN"), std::string::npos);
}

TEST_F(DaemonTest, SigtermExitsZero) {
  start_daemon();
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/healthz", {}, "").status, 200);
  EXPECT_EQ(daemon_->stop(), 0);
}

}  // namespace
}  // namespace autofixd::testing
