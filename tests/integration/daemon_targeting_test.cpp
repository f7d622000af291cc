// Targeting filters through the real daemon: an excluded title is skipped
// with its reason and the pattern it failed, a matching one starts; a rule
// with environments counts only their events, read from Sentry with
// environment=.
#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

TEST_F(DaemonTest, ExcludedTitleIsSkippedWithItsReasonAndTheOtherStarts) {
  script_completed_run(71, 7100);
  fake_.set_issue(72, issue_json({.id = 72, .title = "ChunkLoadError: Loading chunk 7 failed"}));
  start_daemon({.extra_rule_keys = "title_excludes = \"^ChunkLoadError\"\n"});
  ASSERT_EQ(send_issue({.id = 71}, "targeting-71").status, 202);
  ASSERT_EQ(
      send_issue({.id = 72, .title = "ChunkLoadError: Loading chunk 7 failed"}, "targeting-72")
          .status,
      202);

  ASSERT_TRUE(eventually([&] { return comment_state(71) == "posted"; }));
  ASSERT_TRUE(eventually(
      [&] { return count_where("SELECT COUNT(*) FROM decisions WHERE issue_id = 72") == 1; }));
  EXPECT_EQ(autofix_posts(72), 0u);
  EXPECT_EQ(autofix_posts(71), 1u);
  const auto [code, out] = daemon_->cli({"decisions", "--issue", "72", "--json"});
  ASSERT_EQ(code, 0) << out;
  const auto decisions = nlohmann::json::parse(out);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0]["decision"], "skip");
  EXPECT_NE(decisions[0]["detail"].get<std::string>().find("ChunkLoadError"), std::string::npos)
      << decisions[0].dump();
  EXPECT_EQ(decisions[0]["facts"]["title"], "ChunkLoadError: Loading chunk 7 failed");
}

TEST_F(DaemonTest, EnvironmentsCountOnlyTheirOwnEvents) {
  // 81: 150 events in all, 3 of them in production; 82: 40 in production.
  fake_.set_issue(81, issue_json({.id = 81}));
  fake_.set_issue_environment(81, "production", 3, 1);
  fake_.set_issue_environment(81, "staging", 147, 11);
  script_completed_run(82, 8200);
  fake_.set_issue_environment(82, "production", 40, 9);
  start_daemon({.extra_rule_keys = "environments = [\"production\"]\n"});
  ASSERT_EQ(send_issue({.id = 81}, "env-81").status, 202);
  ASSERT_EQ(send_issue({.id = 82}, "env-82").status, 202);

  ASSERT_TRUE(eventually([&] { return comment_state(82) == "posted"; }));
  ASSERT_TRUE(eventually([&] { return decisions("watch") == 1; }));
  EXPECT_EQ(autofix_posts(81), 0u);
  EXPECT_EQ(autofix_posts(82), 1u);
  bool scoped = false;
  for (const auto& r : fake_.requests()) {
    scoped = scoped || r.target == fake_.issue_path(81) + "?environment=production";
  }
  EXPECT_TRUE(scoped);
  const auto [code, out] = daemon_->cli({"decisions", "--issue", "81", "--json"});
  ASSERT_EQ(code, 0) << out;
  const auto trail = nlohmann::json::parse(out);
  ASSERT_EQ(trail.size(), 1u);
  EXPECT_EQ(trail[0]["decision"], "watch");
  EXPECT_EQ(trail[0]["reason"], "below_min_events");
  EXPECT_NE(trail[0]["detail"].get<std::string>().find("events in production (30d) 3 < min_events 10"),
            std::string::npos)
      << trail[0].dump();
  EXPECT_EQ(trail[0]["facts"]["environments"]["production"]["events_30d"], 3);
  EXPECT_EQ(trail[0]["facts"]["events"], 150);  // the all-environment count, for the record
}

}  // namespace
}  // namespace autofixd::testing
