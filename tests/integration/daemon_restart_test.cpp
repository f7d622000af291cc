// Hundreds of runs in flight when the daemon is killed: after the restart
// every one resumes and ends with one comment, and none is started twice.
#include <map>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

constexpr std::int64_t kRuns = 300;
constexpr std::int64_t kFirstIssue = 30'000;

std::int64_t run_id_for(std::int64_t issue) { return issue + 500'000; }

class RestartTest : public DaemonTest {
 protected:
  void SetUp() override {
    for (std::int64_t issue = kFirstIssue; issue < kFirstIssue + kRuns; ++issue) {
      const auto run = run_id_for(issue);
      fake_.set_issue(issue, issue_json({.id = issue}));
      fake_.set_start_response(issue, 202, start_response_json(run));
      AutofixSpec processing{.run_id = run};
      AutofixSpec done{.run_id = run, .status = "COMPLETED"};
      done.root_cause = "Issue " + std::to_string(issue) + " has a root cause.";
      fake_.script_autofix(issue, {legacy_autofix_json(processing), legacy_autofix_json(done)},
                           /*only_after_start=*/true);
    }
  }

  // Autofix POSTs per issue, from the fake's log.
  std::map<std::int64_t, std::size_t> starts_per_issue() {
    std::map<std::int64_t, std::size_t> starts;
    for (const auto& r : fake_.requests()) {
      if (r.method != "POST" || !r.path.ends_with("/autofix/")) continue;
      const auto tail = r.path.substr(0, r.path.size() - std::string("/autofix/").size());
      starts[std::stoll(tail.substr(tail.rfind('/') + 1))] += 1;
    }
    return starts;
  }

  std::size_t total_starts() {
    std::size_t n = 0;
    for (const auto& [issue, count] : starts_per_issue()) n += count;
    return n;
  }
};

TEST_F(RestartTest, HundredsOfActiveRunsAllResumeAndNoneStartsTwice) {
  start_daemon();
  for (std::int64_t issue = kFirstIssue; issue < kFirstIssue + kRuns; ++issue) {
    ASSERT_EQ(send_issue({.id = issue}, "restart-" + std::to_string(issue)).status, 202);
  }
  // Mid-flight: some runs queued, some starting, some running, some done.
  ASSERT_TRUE(eventually([&] { return total_starts() >= kRuns / 3; }, std::chrono::seconds(60)));
  daemon_->kill9();
  const auto before = counts();
  EXPECT_GT(before.pending + before.starting + before.running, 0);
  daemon_->start();

  ASSERT_TRUE(eventually(
      [&] {
        const auto c = counts();
        return c.completed == kRuns && c.comments_pending == 0;
      },
      std::chrono::seconds(120)))
      << "completed " << counts().completed << ", comments pending " << counts().comments_pending;
  const auto starts = starts_per_issue();
  EXPECT_EQ(starts.size(), static_cast<std::size_t>(kRuns));
  for (const auto& [issue, count] : starts) EXPECT_EQ(count, 1u) << "issue " << issue;
  for (std::int64_t issue = kFirstIssue; issue < kFirstIssue + kRuns; ++issue) {
    EXPECT_EQ(fake_.comments(issue).size(), 1u) << "issue " << issue;
    EXPECT_EQ(comment_posts(issue), 1u) << "issue " << issue;
  }
  EXPECT_EQ(daemon_->stop(), 0);
}

}  // namespace
}  // namespace autofixd::testing
