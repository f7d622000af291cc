// How deliveries are processed when Sentry answers badly for one issue
// (issue 14, item 6).
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

}  // namespace
}  // namespace autofixd::testing
