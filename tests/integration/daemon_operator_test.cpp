// Operator requests (`autofixd cancel`, `retry`, `start`) against the real
// daemon and FakeSentry: each goes through the store, the running daemon
// acts within seconds and the CLI prints its answer.
#include <pwd.h>
#include <unistd.h>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::seconds;

std::string me() {
  const passwd* pw = ::getpwuid(::geteuid());
  return pw != nullptr ? pw->pw_name : "uid " + std::to_string(::geteuid());
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class OperatorTest : public DaemonTest {
 protected:
  // The newest run of `issue` as `runs --json` lists it (null when none).
  nlohmann::json newest_run(std::int64_t issue) {
    auto [code, out] = daemon_->cli({"runs", "--json"});
    auto runs = nlohmann::json::parse(out, nullptr, false);
    nlohmann::json newest;
    if (code != 0 || !runs.is_array()) return newest;
    for (const auto& run : runs) {
      if (run.value("issue_id", "") != std::to_string(issue)) continue;
      if (newest.is_null() || run.value("id", 0) > newest.value("id", 0)) newest = run;
    }
    return newest;
  }
  std::string run_id_of(std::int64_t issue) {
    const auto run = newest_run(issue);
    return run.is_null() ? "" : std::to_string(run.value("id", 0));
  }
  std::int64_t runs_of(std::int64_t issue) {
    return count_where("SELECT COUNT(*) FROM runs WHERE issue_id = " + std::to_string(issue));
  }
  // `issue` qualifies and its Seer run (Sentry run `run`) keeps processing.
  void script_endless_run(std::int64_t issue, std::int64_t run, IssueSpec spec = {}) {
    spec.id = issue;
    fake_.set_issue(issue, issue_json(spec));
    fake_.set_start_response(issue, 202, start_response_json(run));
    fake_.script_autofix(issue, {legacy_autofix_json({.run_id = run, .status = "PROCESSING"})},
                         /*only_after_start=*/true);
  }
};

TEST_F(OperatorTest, CancelledRunEndsWithOneCommentSayingAnOperatorCancelledIt) {
  script_endless_run(71, 7100);
  start_daemon();
  ASSERT_EQ(send_issue({.id = 71}, "operator-71").status, 202);
  ASSERT_TRUE(eventually([&] { return run_state(71) == "running"; }, seconds(15)));
  const std::string run = run_id_of(71);

  const auto [code, out] = daemon_->cli({"cancel", run});
  ASSERT_EQ(code, 0) << out << daemon_->cli_errors();
  EXPECT_TRUE(has(out, "done")) << out;
  EXPECT_EQ(run_state(71), "cancelled");
  EXPECT_EQ(run_detail(71), "cancelled by an operator (" + me() + ")");
  ASSERT_TRUE(eventually([&] { return comment_state(71) == "posted"; }, seconds(15)));
  const auto notes = fake_.comments(71);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_TRUE(has(notes[0].text, "cancelled by an operator")) << notes[0].text;
  EXPECT_TRUE(has(notes[0].text, me())) << notes[0].text;
  const auto polls = fake_.count("GET", fake_.autofix_path(71));
  ::usleep(800'000);
  EXPECT_EQ(fake_.count("GET", fake_.autofix_path(71)), polls);  // no longer polled
  EXPECT_EQ(autofix_posts(71), 1u);

  const auto [again, said] = daemon_->cli({"cancel", run});
  EXPECT_EQ(again, 1) << said;
  EXPECT_TRUE(has(said, "already ended cancelled")) << said;
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM operator_requests WHERE action = 'cancel' AND "
                        "state = 'done' AND requested_by = '" + me() + "'"),
            1);
  EXPECT_EQ(daemon_->stop(), 0);
}

TEST_F(OperatorTest, RetriedFailedRunGetsANewRunAndRunningOnesAreRefused) {
  // The first start is refused for good (Seer off for the project: the run
  // fails); the retry's start is accepted and Seer runs to its end.
  fake_.set_issue(72, issue_json({.id = 72}));
  fake_.enable_seer(72);
  fake_.fail_start(72, 403, R"({"detail":"You are not authorized to perform this action"})",
                   /*acted=*/false);
  start_daemon();
  ASSERT_EQ(send_issue({.id = 72}, "operator-72").status, 202);
  ASSERT_TRUE(eventually([&] { return run_state(72) == "failed"; }, seconds(15)));
  const std::string failed = run_id_of(72);

  const auto [code, out] = daemon_->cli({"retry", failed});
  ASSERT_EQ(code, 0) << out << daemon_->cli_errors();
  EXPECT_TRUE(has(out, "operator_retry")) << out;
  ASSERT_TRUE(eventually([&] { return run_state(72) == "completed"; }, seconds(20)));
  EXPECT_EQ(runs_of(72), 2);
  EXPECT_EQ(fake_.start_posts(72).size(), 2u);
  EXPECT_EQ(fake_.seer_runs_created(72), 1u);
  const auto newest = newest_run(72);
  EXPECT_EQ(newest["operator"], "operator_retry by " + me()) << newest.dump();
  EXPECT_EQ(newest.value("rule", ""), "backend-errors");
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM decisions WHERE issue_id = 72 AND reason = "
                        "'operator_retry' AND detail LIKE 'operator_retry by " + me() + "%'"),
            1);

  // Only failed and timed-out runs, and only an issue's latest run.
  const auto [completed, said] = daemon_->cli({"retry", std::to_string(newest.value("id", 0))});
  EXPECT_EQ(completed, 1) << said;
  EXPECT_TRUE(has(said, "only failed or timed_out runs can be retried")) << said;
  const auto [older, told] = daemon_->cli({"retry", failed});
  EXPECT_EQ(older, 1) << told;
  EXPECT_TRUE(has(told, "newer_run")) << told;
  EXPECT_EQ(daemon_->cli({"retry", "9999"}).first, 1);
  EXPECT_EQ(daemon_->stop(), 0);
}

TEST_F(OperatorTest, StartBypassesThresholdsButNotBudgetsOrExistingSeerRuns) {
  // max_active_runs = 1, and issue 73 holds it with a run that never ends.
  script_endless_run(73, 7300);
  script_completed_run(74, 7400);
  fake_.set_issue(74, issue_json({.id = 74, .count = 3, .fixability = 0.1}));  // below both
  script_completed_run(75, 7500);
  fake_.set_issue(75, issue_json({.id = 75, .count = 3}));
  fake_.enable_seer(75);
  fake_.start_run_elsewhere(75, ElsewhereRun{.stopping_point = "root_cause", .status = "processing"});
  start_daemon({.extra_sections = "[budget]\nmax_active_runs = 1\n"});

  // Below the rule's thresholds: a webhook only watches it, an operator starts it.
  ASSERT_EQ(send_issue({.id = 74, .count = 3, .fixability = 0.1}, "operator-74").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("watch") == 1; }));
  const auto [code, out] = daemon_->cli({"start", "74", "--rule", "backend-errors"});
  ASSERT_EQ(code, 0) << out << daemon_->cli_errors();
  EXPECT_TRUE(has(out, "operator_start")) << out;
  EXPECT_TRUE(has(out, "thresholds not applied")) << out;
  ASSERT_TRUE(eventually([&] { return comment_state(74) == "posted"; }, seconds(15)));
  EXPECT_EQ(autofix_posts(74), 1u);
  EXPECT_EQ(newest_run(74)["operator"], "operator_start by " + me());
  const auto [listed, decided] = daemon_->cli({"decisions", "--issue", "74"});
  EXPECT_EQ(listed, 0);
  EXPECT_TRUE(has(decided, "operator_start by " + me())) << decided;

  // Over the budget: refused with the budget's reason, nothing queued.
  ASSERT_EQ(send_issue({.id = 73}, "operator-73").status, 202);
  ASSERT_TRUE(eventually([&] { return run_state(73) == "running"; }, seconds(15)));
  const auto [over, refusal] = daemon_->cli({"start", "74"});
  EXPECT_EQ(over, 1) << refusal;
  EXPECT_TRUE(has(refusal, "refused (too_many_active_runs)")) << refusal;
  EXPECT_EQ(autofix_posts(74), 1u);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM queue"), 0);

  // Someone else's Seer run on the issue: already_triggered, as for any decision.
  const std::string holder = run_id_of(73);
  ASSERT_EQ(daemon_->cli({"cancel", holder}).first, 0);
  const auto [triggered, answer] = daemon_->cli({"start", "75"});
  EXPECT_EQ(triggered, 1) << answer;
  EXPECT_TRUE(has(answer, "refused (already_triggered)")) << answer;
  EXPECT_EQ(autofix_posts(75), 0u);

  EXPECT_EQ(daemon_->cli({"start", "BACKEND 12"}).first, 2);
  EXPECT_EQ(daemon_->cli({"start", "74", "--rule", "nope"}).first, 2);
  EXPECT_EQ(daemon_->stop(), 0);
}

// Sentry shows short ids (BACKEND-77); one that a stored decision names is
// as good as the numeric id.
TEST_F(OperatorTest, StartTakesAShortIdAStoredDecisionNames) {
  script_completed_run(77, 7700);
  fake_.set_issue(77, issue_json({.id = 77, .count = 3}));  // below min_events
  start_daemon();
  ASSERT_EQ(send_issue({.id = 77, .count = 3}, "operator-77").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("watch") == 1; }));

  const auto [code, out] = daemon_->cli({"start", "backend-77", "--rule", "backend-errors"});
  ASSERT_EQ(code, 0) << out << daemon_->cli_errors();
  EXPECT_TRUE(has(out, "backend-77 is issue 77")) << out;
  EXPECT_TRUE(has(out, "start issue 77 (rule \"backend-errors\"): done")) << out;
  ASSERT_TRUE(eventually([&] { return autofix_posts(77) == 1; }, seconds(15)));

  const auto [unknown, said] = daemon_->cli({"start", "BACKEND-12"});
  EXPECT_EQ(unknown, 1) << said;
  EXPECT_TRUE(has(daemon_->cli_errors(), "no stored decision names the short id BACKEND-12"))
      << daemon_->cli_errors();
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM operator_requests"), 1) << "nothing asked for it";
}

TEST_F(OperatorTest, RequestWaitsWhenNoDaemonAnswers) {
  script_endless_run(76, 7600);
  start_daemon();
  EXPECT_EQ(daemon_->stop(), 0);
  const auto [code, out] = daemon_->cli({"start", "76", "--wait", "0.5"});
  EXPECT_EQ(code, 3) << out;
  EXPECT_TRUE(has(out, "not answered yet")) << out;
  // The next daemon acts on it.
  daemon_->start();
  ASSERT_TRUE(eventually([&] { return run_state(76) == "running"; }, seconds(15)));
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM operator_requests WHERE state = 'done'"), 1);
  EXPECT_EQ(daemon_->stop(), 0);
}

}  // namespace
}  // namespace autofixd::testing
