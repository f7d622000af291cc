// /metrics after real traffic: well-formed exposition (the parser of the
// unit tests), the issue 15 families filled in, and the older names kept.
#include "integration/daemon_fixture.hpp"
#include "unit/ops/exposition_check.hpp"

namespace autofixd::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(DaemonTest, MetricsAfterTrafficAreWellFormedAndCountEachConcern) {
  script_completed_run(81, 8100);
  start_daemon();
  ASSERT_EQ(send_issue({.id = 81}, "metrics-81").status, 202);
  ASSERT_EQ(send_issue({.id = 81}, "metrics-81").status, 202);  // a duplicate
  ASSERT_TRUE(eventually([&] { return comment_state(81) == "posted"; }));
  const std::string text = http_request(daemon_->port(), "GET", "/metrics", {}, "").body;

  EXPECT_EQ(exposition::problems(text), std::vector<std::string>{}) << text;
  EXPECT_TRUE(has(text, "# TYPE autofixd_webhook_intake_seconds histogram\n")) << text;
  EXPECT_TRUE(has(text, "autofixd_webhook_intake_seconds_count 2\n")) << text;
  EXPECT_TRUE(has(text, "autofixd_webhook_intake_seconds_bucket{le=\"+Inf\"} 2\n"));
  EXPECT_TRUE(has(text, "autofixd_sentry_requests_total{endpoint=\"autofix_post\",status=\"2xx\"} 1\n"));
  EXPECT_TRUE(has(text, "autofixd_sentry_requests_total{endpoint=\"comments_post\",status=\"2xx\"} 1\n"));
  EXPECT_TRUE(has(text, "autofixd_sentry_request_seconds_count{endpoint=\"issue_details\"}"));
  EXPECT_TRUE(has(text, "autofixd_sentry_rate_limit_waits_total{reason=\"sentry_429\"} 0\n"));
  EXPECT_TRUE(has(text, "autofixd_rule_decisions_total{rule=\"backend-errors\",outcome=\"start\","
                        "reason=\"matched\"} 1\n"))
      << text;
  EXPECT_TRUE(has(text, "autofixd_runs_ended_total{rule=\"backend-errors\",state=\"completed\"} 1\n"));
  // Names dashboards already use.
  EXPECT_TRUE(has(text, "autofixd_decisions_total{outcome=\"start\"} 1\n"));
  EXPECT_TRUE(has(text, "autofixd_webhooks_total{result=\"duplicate\"} 1\n"));
  EXPECT_TRUE(has(text, "autofixd_runs_finished_total 1\n"));
  EXPECT_TRUE(has(text, "autofixd_queue_size 0\n"));
  EXPECT_EQ(daemon_->stop(), 0);
}

}  // namespace
}  // namespace autofixd::testing
