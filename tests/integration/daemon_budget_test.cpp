// Budgets and the queue with the real daemon: a start over [budget]
// max_active_runs is queued, not dropped; when the active run finishes, the
// queue starts the highest Sentry priority first, after a fresh re-check.
#include <csignal>
#include <fstream>
#include <iterator>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::seconds;

class BudgetTest : public DaemonTest {
 protected:
  // `issue` qualifies with `priority`; once started it completes at once.
  void qualifying(std::int64_t issue, std::string priority) {
    fake_.set_issue(issue, issue_json({.id = issue, .priority = priority}));
    fake_.set_start_response(issue, 202, start_response_json(issue * 100));
    AutofixSpec done{.run_id = issue * 100, .status = "COMPLETED"};
    done.root_cause = "Root cause of issue " + std::to_string(issue) + ".";
    fake_.script_autofix(issue, {legacy_autofix_json(done)}, /*only_after_start=*/true);
  }

  // Issues in the order their runs were created.
  std::vector<std::int64_t> run_order() {
    auto store = store::Store::open_read_only(daemon_->store_path().string());
    std::vector<std::int64_t> out;
    if (!store) return out;
    auto stmt =
        store::Statement::prepare(store->database(), "SELECT issue_id FROM runs ORDER BY id");
    if (!stmt) return out;
    while (true) {
      auto row = stmt->step();
      if (!row || !*row) return out;
      out.push_back(stmt->column_int(0));
    }
  }
};

TEST_F(BudgetTest, OverMaxActiveRunsIsQueuedAndStartsByPriorityWhenRoomFrees) {
  // 71 keeps running until the test lets it finish.
  fake_.set_issue(71, issue_json({.id = 71}));
  fake_.set_start_response(71, 202, start_response_json(7100));
  fake_.script_autofix(71, {legacy_autofix_json({.run_id = 7100, .status = "PROCESSING"})},
                       /*only_after_start=*/true);
  qualifying(72, "low");
  qualifying(73, "high");
  start_daemon({.extra_sections = "[budget]\nmax_active_runs = 1\n"});

  ASSERT_EQ(send_issue({.id = 71}, "budget-71").status, 202);
  ASSERT_TRUE(eventually([&] { return run_state(71) == "running"; }));
  ASSERT_EQ(send_issue({.id = 72, .priority = "low"}, "budget-72").status, 202);
  ASSERT_EQ(send_issue({.id = 73, .priority = "high"}, "budget-73").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("queued") == 2; }));

  const auto [code, out] = daemon_->cli({"queue", "--json"});
  ASSERT_EQ(code, 0) << out;
  const auto queue = nlohmann::json::parse(out);
  ASSERT_EQ(queue["queue"].size(), 2u) << out;
  EXPECT_EQ(queue["queue"][0]["issue_id"], "73");  // high before low
  EXPECT_EQ(queue["queue"][1]["issue_id"], "72");
  EXPECT_EQ(queue["queue"][0]["reason"], "too_many_active_runs");
  bool shown = false;
  for (const auto& b : queue["budgets"]) {
    if (b["name"] != "[budget] max_active_runs") continue;
    shown = true;
    EXPECT_EQ(b["used"], 1);
    EXPECT_EQ(b["left"], 0);
  }
  EXPECT_TRUE(shown) << out;
  const auto [text_code, text] = daemon_->cli({"queue"});
  EXPECT_EQ(text_code, 0);
  EXPECT_NE(text.find("queue: 2 waiting"), std::string::npos) << text;

  ::usleep(1'000'000);
  EXPECT_EQ(autofix_posts(72), 0u);
  EXPECT_EQ(autofix_posts(73), 0u);

  // 71 finishes: room for one; 73 goes first, then 72 when 73 is done.
  AutofixSpec done{.run_id = 7100, .status = "COMPLETED"};
  done.root_cause = "Root cause of issue 71.";
  fake_.script_autofix(71, {legacy_autofix_json(done)}, /*only_after_start=*/true);
  ASSERT_TRUE(eventually([&] { return comment_state(72) == "posted"; }, seconds(30)))
      << "72: " << run_state(72) << ", 73: " << run_state(73);
  EXPECT_EQ(run_order(), (std::vector<std::int64_t>{71, 73, 72}));
  EXPECT_EQ(autofix_posts(72), 1u);
  EXPECT_EQ(autofix_posts(73), 1u);
  // Queued on the webhook's facts without asking Sentry (issue 16); the
  // start came from a fresh re-check of the queued issue, its one read.
  EXPECT_EQ(fake_.count("GET", fake_.issue_path(72)), 1u);
  EXPECT_EQ(nlohmann::json::parse(daemon_->cli({"queue", "--json"}).second)["queue_size"], 0);
  EXPECT_EQ(daemon_->stop(), 0);
}

TEST_F(BudgetTest, SighupAppliesBudgetsAndNamesKeysThatNeedARestart) {
  qualifying(91, "high");
  qualifying(92, "high");
  start_daemon();
  std::string text;
  {
    std::ifstream in(daemon_->config_path());
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string listen = "listen = \"127.0.0.1:0\"";
  ASSERT_NE(text.find(listen), std::string::npos);
  text.replace(text.find(listen), listen.size(), "listen = \"127.0.0.1:1\"");
  std::ofstream(daemon_->config_path()) << text << "[budget]\nmax_runs_per_hour = 1\n";
  daemon_->send_signal(SIGHUP);
  ASSERT_TRUE(eventually(
      [&] { return daemon_->log().find("SIGHUP: configuration reloaded") != std::string::npos; }));
  EXPECT_NE(daemon_->log().find("SIGHUP: server.listen changes only on restart: keeping "
                                "127.0.0.1:0 (the file says 127.0.0.1:1)"),
            std::string::npos)
      << daemon_->log();

  ASSERT_EQ(send_issue({.id = 91}, "hup-91").status, 202);  // the daemon still listens
  ASSERT_TRUE(eventually([&] { return comment_state(91) == "posted"; }));
  ASSERT_EQ(send_issue({.id = 92}, "hup-92").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("queued") == 1; }));
  EXPECT_EQ(autofix_posts(92), 0u);
  const auto trail =
      nlohmann::json::parse(daemon_->cli({"decisions", "--issue", "92", "--json"}).second);
  ASSERT_EQ(trail.size(), 1u);
  EXPECT_EQ(trail[0]["reason"], "budget_exhausted");
  EXPECT_EQ(daemon_->stop(), 0);
}

TEST_F(BudgetTest, QueuedStartsExpireOnTheRecord) {
  qualifying(95, "high");
  start_daemon({.extra_sections = "[watch]\nexpire_after = \"2s\"\n"});
  ASSERT_EQ(daemon_->cli({"pause", "--reason", "expiry test"}).first, 0);
  ASSERT_EQ(send_issue({.id = 95}, "expire-95").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("queued") == 1; }));
  ASSERT_TRUE(eventually(
      [&] {
        return count_where("SELECT COUNT(*) FROM decisions WHERE reason = 'queue_expired'") == 1;
      },
      seconds(15)));
  EXPECT_EQ(nlohmann::json::parse(daemon_->cli({"queue", "--json"}).second)["queue_size"], 0);
  ASSERT_EQ(daemon_->cli({"resume"}).first, 0);
  ::usleep(6'000'000);  // a resumed daemon looks at the queue within 5 s
  EXPECT_EQ(autofix_posts(95), 0u);
  EXPECT_EQ(run_state(95), "");
}

}  // namespace
}  // namespace autofixd::testing
