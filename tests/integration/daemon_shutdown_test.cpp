// SIGTERM while webhooks pour in on several connections: the daemon stops
// accepting, exits 0 within its bound, every delivery it answered 202 is in
// a consistent store, and after a restart each one is processed, with one
// run per issue and nothing started twice.
#include <signal.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::int64_t kFirstIssue = 41'000;
constexpr std::int64_t kIssues = 24;
constexpr int kSenders = 8;

class ShutdownTest : public DaemonTest {
 protected:
  void SetUp() override {
    for (std::int64_t issue = kFirstIssue; issue < kFirstIssue + kIssues; ++issue) {
      script_completed_run(issue, issue + 1'000'000);
    }
    // Slow Sentry answers keep runs and decisions in flight at the SIGTERM.
    fake_.set_response_delay(milliseconds(50));
  }
};

TEST_F(ShutdownTest, SigtermUnderLoadExitsZeroAndLosesNoAcceptedDelivery) {
  // Later deliveries for an issue whose run has ended start nothing more.
  start_daemon({.extra_rule_keys = "cooldown = \"1h\"\n"});
  const auto port = daemon_->port();
  std::mutex mutex;
  std::set<std::string> accepted;
  std::map<int, int> statuses;
  std::atomic<bool> refused{false};
  std::atomic<int> sent{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < kSenders; ++t) {
    senders.emplace_back([&, t] {
      // Each sender keeps delivering until the daemon no longer answers.
      for (int i = 0; !refused.load(); ++i) {
        const auto issue = kFirstIssue + (t * 7 + i) % kIssues;
        const auto id = "load-" + std::to_string(t) + "-" + std::to_string(i);
        // A body of its own per delivery (one more event each), as Sentry's
        // are: the same body again would be a duplicate, stored once.
        const auto result = post_webhook(
            port, "issue", issue_webhook({.id = issue, .count = 150 + i}), id, kSecret);
        ++sent;
        std::lock_guard lock(mutex);
        statuses[result.status] += 1;
        if (result.status == 202) accepted.insert(id);
        if (result.status == 0) refused = true;
      }
    });
  }
  ASSERT_TRUE(eventually([&] { return sent.load() >= 200; }, seconds(30)));

  const auto before = std::chrono::steady_clock::now();
  const int exit_status = daemon_->stop(seconds(30));
  const auto took = std::chrono::steady_clock::now() - before;
  refused = true;
  for (auto& s : senders) s.join();

  EXPECT_EQ(exit_status, 0);
  // The daemon's own bound on shutdown is 10 s; allow for a slow machine.
  EXPECT_LT(took, seconds(15));
  for (const auto& [status, n] : statuses) {
    EXPECT_TRUE(status == 202 || status == 0 || status == 503)
        << n << " answers with status " << status;
  }
  ASSERT_GT(accepted.size(), 0u);
  const auto stored = stored_request_ids();
  for (const auto& id : accepted) EXPECT_TRUE(stored.count(id)) << id << " answered 202, not stored";
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
            1);

  // After a restart every stored delivery is processed, and every issue ends
  // with one run and one comment.
  daemon_->start();
  EXPECT_TRUE(eventually(
      [&] { return count_where("SELECT COUNT(*) FROM deliveries WHERE state = 'pending'") == 0; },
      seconds(60)));
  EXPECT_TRUE(eventually(
      [&] {
        return count_where("SELECT COUNT(*) FROM comments WHERE state = 'posted'") ==
               count_where("SELECT COUNT(DISTINCT issue_id) FROM runs");
      },
      seconds(60)));
  for (std::int64_t issue = kFirstIssue; issue < kFirstIssue + kIssues; ++issue) {
    if (run_state(issue).empty()) continue;  // no delivery for it was accepted
    EXPECT_EQ(autofix_posts(issue), 1u) << "issue " << issue;
    EXPECT_EQ(comment_posts(issue), 1u) << "issue " << issue;
  }
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM runs"),
            count_where("SELECT COUNT(DISTINCT issue_id) FROM runs"));
}

}  // namespace
}  // namespace autofixd::testing
