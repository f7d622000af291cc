// How deliveries are processed when Sentry answers badly for one issue
// (issue 14, items 6 and 7).
#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::seconds;

class ProcessingTest : public DaemonTest {};

// Item 6: a delivery whose issue details keep failing waits out its own
// backoff; a delivery behind it does not wait for it.
TEST_F(ProcessingTest, AnIssueWhoseDetailsKeepFailingDoesNotDelayOthers) {
  fake_.set_issue(91, issue_json({.id = 91}));
  fake_.fail_next("GET", fake_.issue_path(91), 100,
                  FakeResponse{500, R"({"detail":"Internal Error"})", {}});
  script_completed_run(92, 9200);
  // Retries start at 1 s and double, as in production.
  start_daemon({.polling = "initial_interval = \"1s\"\nmax_interval = \"1m\"\ntimeout = \"20s\"\n"
                           "uncertain_start_window = \"1s\""});
  ASSERT_EQ(send_issue({.id = 91}, "failing-91").status, 202);
  ASSERT_EQ(send_issue({.id = 92}, "healthy-92").status, 202);

  ASSERT_TRUE(eventually(
      [&] { return count_where("SELECT COUNT(*) FROM decisions WHERE issue_id = 92") == 1; },
      seconds(5)))
      << "the delivery behind a failing one waited for it";
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM decisions WHERE issue_id = 91"), 0);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM deliveries WHERE request_id = 'failing-91' "
                        "AND state = 'pending' AND attempts >= 1"),
            1);
  ASSERT_TRUE(eventually([&] { return comment_state(92) == "posted"; }, seconds(20)));
  EXPECT_EQ(autofix_posts(92), 1u);
  EXPECT_EQ(autofix_posts(91), 0u);
}

// Item 7: a start needs fresh facts. Sentry refusing the issue's details
// (403 here) leaves the webhook's facts, which alone never start a run: the
// issue is watched instead.
TEST_F(ProcessingTest, RefusedDetailsWatchTheIssueInsteadOfStartingOnWebhookFacts) {
  fake_.set_issue(93, issue_json({.id = 93}));
  fake_.set_start_response(93, 202, start_response_json(9300));
  fake_.fail_next(
      "GET", fake_.issue_path(93), 100,
      FakeResponse{403, R"({"detail":"You do not have permission to perform this action."})", {}});
  start_daemon();
  ASSERT_EQ(send_issue({.id = 93}, "refused-93").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("watch") == 1; }))
      << "decisions: start " << decisions("start");
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM decisions WHERE reason = 'details_unavailable'"), 1);
  EXPECT_EQ(decisions("start"), 0);
  ::usleep(300'000);
  EXPECT_EQ(autofix_posts(93), 0u);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM runs"), 0);
}

}  // namespace
}  // namespace autofixd::testing
