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

// Sentry's event_alert.triggered body, re-pointed at `issue`; `event`
// tells two alerts apart (each names the event that fired it).
std::string event_alert_webhook(std::int64_t issue, int event_number = 0) {
  auto body = nlohmann::json::parse(read_fixture("webhooks/event_alert_triggered.json"));
  auto& event = body["data"]["event"];
  event["event_id"] = "e4874d664c3540c1a32eab185f12c5a" + std::to_string(event_number);
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

  // Two deliveries per resource, each sent twice: a retry repeats the body
  // and the Request-ID, another delivery differs in both.
  const std::string issue_bodies[] = {issue_webhook({.id = kIssue}),
                                      issue_webhook({.id = kIssue, .count = 151})};
  const std::string alert_bodies[] = {event_alert_webhook(kIssue, 0),
                                      event_alert_webhook(kIssue, 1)};
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
                                 alert ? alert_bodies[i / 4] : issue_bodies[i / 4], id, kSecret)
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
