// Targeting filters through the real daemon: an excluded title is skipped
// with its reason and the pattern it failed, a matching one starts.
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

}  // namespace
}  // namespace autofixd::testing
