// A delivery that keeps failing is dead-lettered, listed by
// `autofixd deliveries`, and processed again after `autofixd replay`.
#include <signal.h>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

TEST_F(DaemonTest, DeadDeliveryIsListedAndReplayed) {
  fake_.set_issue(31, issue_json({.id = 31}));
  fake_.set_start_response(31, 202, start_response_json(3101));
  fake_.script_autofix(31, {legacy_autofix_json({.run_id = 3101, .status = "COMPLETED"})}, true);
  // Sentry fails every attempt the processor makes (20, then dead).
  fake_.fail_next("GET", fake_.issue_path(31), 20,
                  FakeResponse{503, R"({"detail":"Service Unavailable"})", {}});
  start_daemon();
  ASSERT_EQ(send_issue({.id = 31}, "dead-letter-1").status, 202);
  ASSERT_TRUE(eventually([&] { return counts().deliveries_dead == 1; }, std::chrono::seconds(40)));
  EXPECT_EQ(autofix_posts(31), 0u);

  const auto [code, out] = daemon_->cli({"deliveries", "--state", "dead", "--json"});
  ASSERT_EQ(code, 0) << out;
  const auto dead = nlohmann::json::parse(out);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0]["request_id"], "dead-letter-1");
  EXPECT_EQ(dead[0]["issue_id"], "31");
  EXPECT_EQ(dead[0]["attempts"], 20);
  EXPECT_NE(dead[0]["last_error"].get<std::string>().find("503"), std::string::npos);
  const auto id = dead[0]["id"].get<std::int64_t>();

  const auto [table_code, table] = daemon_->cli({"deliveries"});
  EXPECT_EQ(table_code, 0);
  EXPECT_NE(table.find("dead"), std::string::npos) << table;

  EXPECT_EQ(daemon_->cli({"replay", "999999"}).first, 1);  // no such dead delivery
  const auto [replay_code, replay_out] = daemon_->cli({"replay", std::to_string(id)});
  ASSERT_EQ(replay_code, 0) << replay_out;
  EXPECT_EQ(daemon_->cli({"replay", std::to_string(id)}).first, 1);  // pending now, not dead

  daemon_->send_signal(SIGHUP);  // else the daemon finds it within 30 s
  ASSERT_TRUE(eventually([&] { return comment_state(31) == "posted"; }));
  EXPECT_EQ(autofix_posts(31), 1u);
  EXPECT_EQ(counts().deliveries_dead, 0);
  const auto [after_code, after] = daemon_->cli({"deliveries", "--state", "processed", "--json"});
  EXPECT_EQ(after_code, 0);
  EXPECT_EQ(nlohmann::json::parse(after).size(), 1u);
}

TEST_F(DaemonTest, DeliveriesRefusesAnUnknownState) {
  start_daemon();
  EXPECT_EQ(daemon_->cli({"deliveries", "--state", "lost"}).first, 1);
}

}  // namespace
}  // namespace autofixd::testing
