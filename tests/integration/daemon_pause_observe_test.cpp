// The kill switch (`autofixd pause` / `resume`) and observe mode, with the
// real daemon: paused, a qualifying issue is queued and nothing starts until
// resume; observing, decisions are made on fresh facts and nothing is written
// to Sentry.
#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::seconds;

std::string metrics(const DaemonProcess& daemon) {
  return http_request(daemon.port(), "GET", "/metrics", {}, "").body;
}

TEST_F(DaemonTest, PausedDaemonStartsNothingUntilResumed) {
  script_completed_run(61, 6100);
  start_daemon();
  const auto [paused, said] = daemon_->cli({"pause", "--reason", "incident 42"});
  ASSERT_EQ(paused, 0) << said;
  EXPECT_NE(said.find("incident 42"), std::string::npos) << said;
  ASSERT_TRUE(
      eventually([&] { return metrics(*daemon_).find("autofixd_paused 1") != std::string::npos; },
                 seconds(10)));

  ASSERT_EQ(send_issue({.id = 61}, "paused-61").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("queued") == 1; }));
  ::usleep(1'500'000);
  EXPECT_EQ(autofix_posts(61), 0u);  // decided, not started
  EXPECT_EQ(run_state(61), "");      // queued, not a run waiting
  const auto [queue_code, queue] = daemon_->cli({"queue", "--json"});
  ASSERT_EQ(queue_code, 0) << queue;
  const auto listed_queue = nlohmann::json::parse(queue);
  ASSERT_EQ(listed_queue["queue"].size(), 1u) << queue;
  EXPECT_EQ(listed_queue["queue"][0]["issue_id"], "61");
  EXPECT_EQ(listed_queue["queue"][0]["reason"], "paused");
  EXPECT_NE(listed_queue["paused"].get<std::string>().find("incident 42"), std::string::npos);
  const auto [listed, runs] = daemon_->cli({"runs"});
  EXPECT_EQ(listed, 0);
  EXPECT_NE(runs.find("automation paused by"), std::string::npos) << runs;
  EXPECT_NE(runs.find("incident 42"), std::string::npos) << runs;

  const auto [resumed, out] = daemon_->cli({"resume"});
  ASSERT_EQ(resumed, 0) << out;
  EXPECT_NE(out.find("was paused by"), std::string::npos) << out;
  ASSERT_TRUE(eventually([&] { return comment_state(61) == "posted"; }, seconds(15)))
      << "run " << run_state(61);
  EXPECT_EQ(autofix_posts(61), 1u);
  EXPECT_EQ(decisions("start"), 1);  // the fresh re-check that started it
  EXPECT_EQ(nlohmann::json::parse(daemon_->cli({"queue", "--json"}).second)["queue"].size(), 0u);
  ASSERT_TRUE(
      eventually([&] { return metrics(*daemon_).find("autofixd_paused 0") != std::string::npos; },
                 seconds(10)));
  EXPECT_EQ(daemon_->cli({"resume"}).second, "automation was not paused\n");
  EXPECT_EQ(daemon_->stop(), 0);
}

TEST_F(DaemonTest, ObservingRuleDecidesOnFreshFactsAndWritesNothing) {
  script_completed_run(62, 6200);
  start_daemon({.extra_rule_keys = "mode = \"observe\"\n"});
  ASSERT_EQ(send_issue({.id = 62}, "observe-62").status, 202);

  ASSERT_TRUE(eventually([&] { return decisions("observe") == 1; }));
  ::usleep(800'000);
  EXPECT_GE(fake_.count("GET", fake_.issue_path(62)), 1u);    // fresh facts
  EXPECT_GE(fake_.count("GET", fake_.autofix_path(62)), 1u);  // existing runs looked at
  EXPECT_EQ(autofix_posts(62), 0u);
  EXPECT_EQ(comment_posts(62), 0u);
  EXPECT_EQ(run_state(62), "");  // no run
  EXPECT_NE(daemon_->log().find("OBSERVE: would start"), std::string::npos);
  EXPECT_NE(metrics(*daemon_).find(R"(autofixd_decisions_total{outcome="observe"} 1)"),
            std::string::npos);
}

}  // namespace
}  // namespace autofixd::testing
