// What the webhook endpoint refuses, against the real binary: nothing
// refused is stored and nothing reaches Sentry.
#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

class DaemonIntakeTest : public DaemonTest {
 protected:
  void SetUp() override { start_daemon(); }

  void expect_nothing_happened() {
    ::usleep(200'000);
    EXPECT_EQ(deliveries(), 0);
    EXPECT_EQ(fake_.request_count(), 0u);
  }
};

TEST_F(DaemonIntakeTest, BadSignatureIs401AndStoresNothing) {
  const auto body = issue_webhook({.id = 42});
  const auto r = post_webhook(daemon_->port(), "issue", body, "bad-sig", "wrong-secret");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("Sentry-Hook-Signature"), std::string::npos) << r.body;
  expect_nothing_happened();
}

TEST_F(DaemonIntakeTest, MissingSignatureIs401) {
  const auto r = http_request(daemon_->port(), "POST", "/sentry/webhook",
                              {{"Content-Type", "application/json"}, {"Request-ID", "x1"}}, "{}");
  EXPECT_EQ(r.status, 401);
  expect_nothing_happened();
}

TEST_F(DaemonIntakeTest, StaleTimestampIs401) {
  const auto r = post_webhook(daemon_->port(), "issue", issue_webhook({.id = 42}), "stale-1",
                              kSecret, static_cast<long long>(::time(nullptr)) - 3600);
  EXPECT_EQ(r.status, 401);
  expect_nothing_happened();
}

TEST_F(DaemonIntakeTest, MalformedJsonIs400WithJsonError) {
  const auto r = post_webhook(daemon_->port(), "issue", "{\"action\": \"created\",", "bad-json",
                              kSecret);
  EXPECT_EQ(r.status, 400);
  const auto error = nlohmann::json::parse(r.body);
  EXPECT_EQ(error["error"], "bad_json");
  expect_nothing_happened();
}

TEST_F(DaemonIntakeTest, WrongShapeNamesTheField) {
  const auto r = post_webhook(daemon_->port(), "issue",
                              R"({"action":"created","data":{"issue":{"id":true}}})", "shape-1",
                              kSecret);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("data.issue.id"), std::string::npos) << r.body;
  expect_nothing_happened();
}

TEST_F(DaemonIntakeTest, OversizedBodyIs413) {
  const std::string body(70'000, 'x');
  const auto r = post_webhook(daemon_->port(), "issue", body, "big-1", kSecret);
  EXPECT_EQ(r.status, 413);
  expect_nothing_happened();
}

TEST_F(DaemonIntakeTest, IgnoredResourceIsAcknowledged) {
  const auto r = post_webhook(
      daemon_->port(), "comment",
      R"({"action":"created","data":{"comment":"hi","issue_id":42,"comment_id":1},"installation":{"uuid":"u"}})",
      "comment-1", kSecret);
  EXPECT_EQ(r.status, 202);
  expect_nothing_happened();
}

TEST_F(DaemonIntakeTest, UnknownPathIs404AndWrongMethodIs405) {
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/nope", {}, "").status, 404);
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/sentry/webhook", {}, "").status, 405);
}

TEST_F(DaemonIntakeTest, WrongContentTypeIs415) {
  const auto r = http_request(daemon_->port(), "POST", "/sentry/webhook",
                              {{"Content-Type", "text/plain"}}, "hello");
  EXPECT_EQ(r.status, 415);
}

TEST_F(DaemonIntakeTest, HealthReadinessAndMetricsAnswer) {
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/healthz", {}, "").status, 200);
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/readyz", {}, "").status, 200);
  const auto metrics = http_request(daemon_->port(), "GET", "/metrics", {}, "");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("autofixd_webhooks_total"), std::string::npos);
}

}  // namespace
}  // namespace autofixd::testing
