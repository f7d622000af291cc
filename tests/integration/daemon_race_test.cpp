// An `issue` and an `event_alert` delivery for the same issue, plus Sentry's
// retries of both, racing on several connections at once: one decision to
// start, one run, one comment.
#include <barrier>
#include <thread>

#include "integration/daemon_fixture.hpp"
#include "support/fixture.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::seconds;

// Sentry's event_alert.triggered body, re-pointed at `issue`.
std::string event_alert_webhook(std::int64_t issue) {
  auto body = nlohmann::json::parse(read_fixture("webhooks/event_alert_triggered.json"));
  auto& event = body["data"]["event"];
  event["issue_id"] = std::to_string(issue);
  event["issue_url"] = "https://sentry.io/api/0/organizations/acme/issues/" +
                       std::to_string(issue) + "/";
  return body.dump();
}

TEST_F(DaemonTest, RacingIssueAndEventAlertDeliveriesMakeOneRun) {
  constexpr std::int64_t kIssue = 52;
  constexpr int kConnections = 8;
  script_completed_run(kIssue, 5201);
  start_daemon();

  const std::string issue_body = issue_webhook({.id = kIssue});
  const std::string alert_body = event_alert_webhook(kIssue);
  std::barrier start_line(kConnections);
  std::vector<int> statuses(kConnections);
  std::vector<std::thread> senders;
  for (int i = 0; i < kConnections; ++i) {
    senders.emplace_back([&, i] {
      // Even senders deliver the issue, odd ones the alert; pairs share a
      // Request-ID, as Sentry's retries of one delivery do.
      const bool alert = i % 2 == 1;
      const std::string id = (alert ? "alert-" : "issue-") + std::to_string(i / 4);
      start_line.arrive_and_wait();
      statuses[i] = post_webhook(daemon_->port(), alert ? "event_alert" : "issue",
                                 alert ? alert_body : issue_body, id, kSecret)
                        .status;
    });
  }
  for (auto& s : senders) s.join();
  for (int i = 0; i < kConnections; ++i) EXPECT_EQ(statuses[i], 202) << "sender " << i;

  ASSERT_TRUE(eventually([&] { return comment_state(kIssue) == "posted"; }, seconds(30)))
      << "run " << run_state(kIssue);
  EXPECT_EQ(deliveries(), 4);  // two Request-IDs per resource
  EXPECT_TRUE(eventually(
      [&] { return decisions("start") + decisions("skip") + decisions("watch") == 4; }));
  EXPECT_EQ(decisions("start"), 1);
  EXPECT_EQ(autofix_posts(kIssue), 1u);
  EXPECT_EQ(comment_posts(kIssue), 1u);
  const auto runs = counts();
  EXPECT_EQ(runs.completed, 1);
  EXPECT_EQ(runs.pending + runs.starting + runs.running + runs.failed, 0);
}

}  // namespace
}  // namespace autofixd::testing
