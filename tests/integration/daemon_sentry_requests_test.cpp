// How many Sentry requests a decision costs (issue 16): a delivery whose
// webhook already carries the facts the rules need is skipped or watched
// without asking Sentry; a start reads the issue's details and Seer's state
// once each, then POSTs.
#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::seconds;

class SentryRequestsTest : public DaemonTest {
 protected:
  // No polls or watch re-checks during a test: every request is a decision's.
  DaemonOptions quiet() {
    DaemonOptions o;
    o.polling = "initial_interval = \"10m\"\nmax_interval = \"10m\"\ntimeout = \"1h\"";
    o.extra_sections = "[watch]\nrecheck_interval = \"1h\"\n";
    return o;
  }

  std::size_t gets(const std::string& path) { return fake_.count("GET", path); }
};

TEST_F(SentryRequestsTest, SkipsAndWatchesTheWebhookSettlesAskSentryNothing) {
  start_daemon(quiet());
  // Each fails the rule (backend, error/fatal, >= 10 events, medium
  // fixability) on a fact the webhook carries.
  ASSERT_EQ(send_issue({.id = 11, .level = "warning"}, "level-11").status, 202);
  ASSERT_EQ(send_issue({.id = 12, .status = "resolved"}, "resolved-12").status, 202);
  ASSERT_EQ(send_issue({.id = 13, .project = "frontend"}, "project-13").status, 202);
  ASSERT_EQ(send_issue({.id = 14, .count = 3}, "few-events-14").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("skip") == 3 && decisions("watch") == 1; }))
      << "skip " << decisions("skip") << ", watch " << decisions("watch");
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM decisions WHERE issue_id = 14 AND "
                        "reason = 'below_min_events'"),
            1);
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(SentryRequestsTest, AStartReadsDetailsAndSeerStateOnceThenPosts) {
  script_completed_run(21, 2100);
  start_daemon(quiet());
  ASSERT_EQ(send_issue({.id = 21}, "start-21").status, 202);
  ASSERT_TRUE(eventually([&] { return run_state(21) == "running"; }, seconds(10)))
      << "run: " << run_state(21);
  // Details once (fresh facts before a paid run), Seer's state once (no run
  // exists: the decision's read stands for the start's), the setup
  // preflight once for the project, and the POST.
  EXPECT_EQ(gets(fake_.issue_path(21)), 1u);
  EXPECT_EQ(gets(fake_.autofix_path(21)), 1u);
  EXPECT_EQ(gets(fake_.autofix_path(21) + "setup/"), 1u);
  EXPECT_EQ(autofix_posts(21), 1u);
  EXPECT_EQ(fake_.request_count(), 4u);
}

TEST_F(SentryRequestsTest, ADeliveryForAnIssueWithAnActiveRunAsksSentryNothing) {
  script_completed_run(31, 3100);
  start_daemon(quiet());
  ASSERT_EQ(send_issue({.id = 31}, "first-31").status, 202);
  ASSERT_TRUE(eventually([&] { return run_state(31) == "running"; }, seconds(10)));
  fake_.clear_requests();
  // Facts that would start it (another body: the same one would be a
  // duplicate), and facts no rule takes: neither asks Sentry.
  ASSERT_EQ(send_issue({.id = 31, .count = 151}, "again-31").status, 202);
  ASSERT_EQ(send_issue({.id = 31, .count = 3}, "fewer-31").status, 202);
  ASSERT_TRUE(eventually(
      [&] { return count_where("SELECT COUNT(*) FROM decisions WHERE issue_id = 31") == 3; }));
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM decisions WHERE issue_id = 31 AND "
                        "reason = 'already_running'"),
            1);
  EXPECT_EQ(fake_.request_count(), 0u);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM runs WHERE issue_id = 31"), 1);
}

// The decision's read of Seer stands for the start's only on the first
// attempt: a start POST that never left is retried after a fresh read.
TEST_F(SentryRequestsTest, ARetriedStartReadsSeerAgain) {
  script_completed_run(41, 4100);
  fake_.fail_next("POST", fake_.autofix_path(41), 1,
                  FakeResponse{429, R"({"detail":"slow down"})", {{"Retry-After", "1"}}});
  DaemonOptions o = quiet();
  start_daemon(o);
  ASSERT_EQ(send_issue({.id = 41}, "retried-41").status, 202);
  ASSERT_TRUE(eventually([&] { return run_state(41) == "running"; }, seconds(15)))
      << "run: " << run_state(41);
  EXPECT_EQ(autofix_posts(41), 2u);
  EXPECT_EQ(gets(fake_.issue_path(41)), 1u);
  EXPECT_EQ(gets(fake_.autofix_path(41)), 2u) << "the retry did not read Seer's state again";
}

}  // namespace
}  // namespace autofixd::testing
