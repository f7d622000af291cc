// The sweep finds what lost webhooks would have told: a qualifying issue no
// delivery ever mentioned gets its run; an issue already decided is left
// alone; sweeping again queues nothing twice.
#include <csignal>
#include <fstream>
#include <iterator>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::seconds;

class SweepTest : public DaemonTest {
 protected:
  std::size_t list_calls() {
    return fake_.count("GET", "/api/0/organizations/" + fake_.org() + "/issues/");
  }
  // Rewrites [sweep] interval in the running daemon's config; SIGHUP applies it.
  void set_sweep_interval(const std::string& interval) {
    std::ifstream in(daemon_->config_path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string key = "[sweep]\ninterval = \"";
    const auto at = text.find(key);
    ASSERT_NE(at, std::string::npos);
    const auto end = text.find('"', at + key.size());
    text.replace(at + key.size(), end - at - key.size(), interval);
    std::ofstream(daemon_->config_path()) << text;
    daemon_->send_signal(SIGHUP);
  }
};

TEST_F(SweepTest, IssueWhoseWebhookWasLostGetsOneRun) {
  script_completed_run(81, 8100);  // never delivered
  script_completed_run(82, 8200);  // delivered before the sweep
  fake_.set_issue(83, issue_json({.id = 83, .project = "frontend"}));  // no rule matches
  // 82's webhook is stored before the first sweep lists it (the sweep is
  // turned on by SIGHUP afterwards): a fixed delay before the listing
  // raced the daemon's start-up on a release build.
  start_daemon();
  ASSERT_EQ(send_issue({.id = 82}, "delivered-82").status, 202);
  set_sweep_interval("300ms");

  ASSERT_TRUE(eventually([&] { return comment_state(81) == "posted"; }, seconds(30)))
      << "run " << run_state(81);
  ASSERT_TRUE(eventually([&] { return comment_state(82) == "posted"; }, seconds(30)));
  // Several more sweeps find nothing new.
  const auto calls = list_calls();
  ASSERT_TRUE(eventually([&] { return list_calls() >= calls + 3; }, seconds(20)));
  EXPECT_EQ(autofix_posts(81), 1u);
  EXPECT_EQ(autofix_posts(82), 1u);
  EXPECT_EQ(autofix_posts(83), 0u);
  EXPECT_EQ(comment_posts(81), 1u);
  EXPECT_EQ(comment_posts(82), 1u);
  const auto ids = stored_request_ids();
  EXPECT_TRUE(ids.count("sweep:81"));
  EXPECT_TRUE(ids.count("sweep:83"));  // evaluated once, skipped
  EXPECT_FALSE(ids.count("sweep:82")) << "an issue already delivered was swept again";
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM decisions WHERE issue_id = 83"), 1);
  const auto [code, out] = daemon_->cli({"deliveries"});
  EXPECT_EQ(code, 0);
  EXPECT_NE(out.find("sweep:81"), std::string::npos) << out;
}

// Issue 14, item 3: a webhook sent from outside with the Request-ID the
// sweep once used for an issue ("sweep-85") must not keep the sweep from
// storing that issue.
TEST_F(SweepTest, AWebhookNamedLikeASweepDeliveryDoesNotBlockTheSweep) {
  script_completed_run(85, 8500);  // never delivered
  start_daemon();                  // sweep off until the webhook is stored
  const IssueSpec other{.id = 86, .project = "frontend"};
  fake_.set_issue(86, issue_json(other));
  ASSERT_EQ(send_issue(other, "sweep-85").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("skip") == 1; }));

  set_sweep_interval("300ms");
  ASSERT_TRUE(eventually([&] { return comment_state(85) == "posted"; }, seconds(30)))
      << "run " << run_state(85);
  EXPECT_EQ(autofix_posts(85), 1u);
  EXPECT_TRUE(stored_request_ids().count("sweep:85"));
}

TEST_F(SweepTest, SentryRefusingTheListIsRetriedAtTheNextSweep) {
  script_completed_run(84, 8400);
  const std::string list = "/api/0/organizations/" + fake_.org() + "/issues/";
  fake_.fail_next("GET", list, 2, FakeResponse{500, R"({"detail":"oops"})", {}});
  start_daemon({.sweep_interval = "300ms"});
  ASSERT_TRUE(eventually([&] { return comment_state(84) == "posted"; }, seconds(30)))
      << "run " << run_state(84);
  EXPECT_GE(list_calls(), 3u);
  EXPECT_EQ(autofix_posts(84), 1u);
  EXPECT_NE(daemon_->log().find("sweep: cannot list recent unresolved issues"),
            std::string::npos);
}

}  // namespace
}  // namespace autofixd::testing
