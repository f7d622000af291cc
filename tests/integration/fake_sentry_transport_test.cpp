// The real SentryClient's transport against FakeSentry: TLS verification,
// keep-alive, reconnects, time-outs, rate and concurrency limits.

#include <algorithm>
#include <chrono>

#include <gtest/gtest.h>

#include "integration/client_harness.hpp"
#include "integration/fake_sentry.hpp"

namespace autofixd::testing {
namespace {

using sentry::SentryClient;
using std::chrono::milliseconds;
constexpr IssueId kIssue{42};

auto get_issue_call() {
  return [](SentryClient& c) { return c.get_issue(kIssue); };
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(FakeSentryTls, UntrustedCaFailsVerification) {
  FakeSentry fake;
  fake.set_issue(42, issue_json());
  auto config = sentry_config_for(fake);
  config.ca_file = "";
  ClientHarness harness(config);

  auto issue = harness.run(get_issue_call());

  ASSERT_FALSE(issue.ok());
  EXPECT_EQ(issue.error().code, "sentry.transient");
  EXPECT_EQ(issue.error().http_status, 0);
  const auto& message = issue.error().message;
  EXPECT_TRUE(contains(message, "TLS handshake with 127.0.0.1:" + std::to_string(fake.port()) +
                                    " failed"))
      << message;
  EXPECT_TRUE(contains(message, "certificate verify failed")) << message;
  EXPECT_EQ(fake.request_count(), 0u);
}

TEST(FakeSentryTls, CertificateForAnotherNameFailsVerification) {
  FakeSentry fake({.certs = wrong_name_test_ca()});
  fake.set_issue(42, issue_json());
  ClientHarness harness(sentry_config_for(fake));  // trusts the CA that signed it

  auto issue = harness.run(get_issue_call());

  ASSERT_FALSE(issue.ok());
  EXPECT_TRUE(contains(issue.error().message, "IP address mismatch")) << issue.error().message;
  EXPECT_EQ(fake.request_count(), 0u);
}

TEST(FakeSentryTls, HostNameInTheCertificateIsAccepted) {
  FakeSentry fake;
  fake.set_issue(42, issue_json());
  auto config = sentry_config_for(fake);
  config.base_url = fake.base_url_for("localhost");
  ClientHarness harness(config);

  auto issue = harness.run(get_issue_call());

  ASSERT_TRUE(issue.ok()) << issue.error().message;
  EXPECT_EQ(fake.requests().at(0).header("Host"), "localhost:" + std::to_string(fake.port()));
}

TEST(FakeSentryTls, PlainHttpWorksWhenTheUrlSaysSo) {
  FakeSentry fake({.tls = false});
  fake.set_issue(42, issue_json());
  ClientHarness harness(sentry_config_for(fake));

  auto issue = harness.run(get_issue_call());

  ASSERT_TRUE(issue.ok()) << issue.error().message;
}

TEST(FakeSentryConnections, SequentialRequestsReuseOneConnection) {
  FakeSentry fake;
  fake.set_issue(42, issue_json());
  ClientHarness harness(sentry_config_for(fake));

  for (int i = 0; i < 5; ++i) ASSERT_TRUE(harness.run(get_issue_call()).ok());

  EXPECT_EQ(fake.count("GET", fake.issue_path(42)), 5u);
  EXPECT_EQ(fake.connections_accepted(), 1u);
  EXPECT_EQ(harness.client().connections_opened(), 1u);
}

TEST(FakeSentryConnections, ServerClosedConnectionIsReplacedTransparently) {
  FakeSentry fake;
  fake.set_issue(42, issue_json());
  fake.set_close_after_response(true);
  ClientHarness harness(sentry_config_for(fake));

  for (int i = 0; i < 3; ++i) {
    auto issue = harness.run(get_issue_call());
    ASSERT_TRUE(issue.ok()) << "request " << i << ": " << issue.error().message;
  }

  EXPECT_EQ(fake.count("GET", fake.issue_path(42)), 3u);
  EXPECT_EQ(fake.connections_accepted(), 3u);
}

TEST(FakeSentryConnections, UnansweredRequestOnReusedConnectionIsSentOnceMore) {
  FakeSentry fake;
  fake.set_issue(42, issue_json());
  ClientHarness harness(sentry_config_for(fake));
  ASSERT_TRUE(harness.run(get_issue_call()).ok());
  fake.drop_next("GET", fake.issue_path(42), 1);

  auto issue = harness.run(get_issue_call());

  ASSERT_TRUE(issue.ok()) << issue.error().message;
  EXPECT_EQ(fake.connections_accepted(), 2u);
}

TEST(FakeSentryConnections, UnansweredRequestOnFreshConnectionIsTransient) {
  FakeSentry fake;
  fake.set_issue(42, issue_json());
  fake.drop_next("GET", fake.issue_path(42), 1);
  ClientHarness harness(sentry_config_for(fake));

  auto issue = harness.run(get_issue_call());

  ASSERT_FALSE(issue.ok());
  EXPECT_EQ(issue.error().code, "sentry.transient");
  EXPECT_EQ(issue.error().http_status, 0);
  EXPECT_TRUE(contains(issue.error().message, "GET issue for issue 42: reading response from"))
      << issue.error().message;
  EXPECT_EQ(fake.count("GET", fake.issue_path(42)), 1u);
}

TEST(FakeSentryConnections, SlowAnswerTimesOut) {
  FakeSentry fake;
  fake.set_issue(42, issue_json());
  fake.set_response_delay(milliseconds(1500));
  auto config = sentry_config_for(fake);
  config.request_timeout = milliseconds(300);
  ClientHarness harness(config);

  auto started = std::chrono::steady_clock::now();
  auto issue = harness.run(get_issue_call());

  ASSERT_FALSE(issue.ok());
  EXPECT_EQ(issue.error().code, "sentry.transient");
  EXPECT_TRUE(contains(issue.error().message, "timed out after 300 ms")) << issue.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(1400));
}

TEST(FakeSentryLimits, RequestRateStaysUnderRequestsPerSecond) {
  FakeSentry fake;
  fake.set_issue(42, issue_json());
  auto config = sentry_config_for(fake);
  config.requests_per_second = 10;
  config.max_concurrent_requests = 4;
  ClientHarness harness(config);

  auto started = std::chrono::steady_clock::now();
  auto results = harness.run_concurrently(11, get_issue_call());
  auto elapsed = std::chrono::steady_clock::now() - started;

  for (const auto& r : results) ASSERT_TRUE(r.ok()) << r.error().message;
  // 11 requests at 10/s with a burst of 1: the last starts >= 1 s after the first.
  EXPECT_GE(elapsed, milliseconds(950));
  auto requests = fake.requests();
  ASSERT_EQ(requests.size(), 11u);
  for (std::size_t i = 0; i + 10 < requests.size(); ++i) {
    EXPECT_GE(requests[i + 10].received_at - requests[i].received_at, milliseconds(900));
  }
}

TEST(FakeSentryLimits, ConcurrentRequestsAreCappedAtMaxConcurrent) {
  FakeSentry fake;
  fake.set_issue(42, issue_json());
  fake.set_response_delay(milliseconds(150));
  auto config = sentry_config_for(fake);
  config.max_concurrent_requests = 2;
  ClientHarness harness(config);

  auto started = std::chrono::steady_clock::now();
  auto results = harness.run_concurrently(6, get_issue_call());
  auto elapsed = std::chrono::steady_clock::now() - started;

  for (const auto& r : results) ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_LE(fake.connections_accepted(), 2u);
  EXPECT_GE(elapsed, milliseconds(3 * 150 - 20));
}

}  // namespace
}  // namespace autofixd::testing
