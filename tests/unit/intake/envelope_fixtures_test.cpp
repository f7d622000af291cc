// The webhook fixtures (tests/fixtures/webhooks/) through parse_envelope.

#include <gtest/gtest.h>

#include "intake/envelope.hpp"
#include "support/fixture.hpp"
#include "util/time_format.hpp"

namespace autofixd::intake {
namespace {

constexpr std::int64_t kIssue = 1170820242;

Envelope parse_fixture(std::string_view resource, const std::string& file) {
  auto parsed = parse_envelope(resource, testing::read_fixture("webhooks/" + file));
  if (!parsed) ADD_FAILURE() << file << ": " << parsed.error().code << ": " << parsed.error().message;
  return parsed ? *parsed : Envelope{};
}

TEST(EnvelopeFixtureTest, IssueCreatedIsEvaluatedWithFactsFromIssue) {
  const Envelope e = parse_fixture("issue", "issue_created.json");
  EXPECT_EQ(e.handling, Handling::evaluate);
  EXPECT_EQ(e.resource, "issue");
  EXPECT_EQ(e.action, "created");
  EXPECT_EQ(e.installation_uuid, "a8e5d37a-696c-4c54-adb5-b3f28d64c7de");
  ASSERT_TRUE(e.issue);
  EXPECT_EQ(e.issue->value, kIssue);
  EXPECT_EQ(e.facts.issue.value, kIssue);
  EXPECT_EQ(e.facts.project, "backend");
  EXPECT_EQ(e.facts.level, "error");
  EXPECT_EQ(e.facts.status, "unresolved");
  EXPECT_EQ(e.facts.events, 25);
  EXPECT_EQ(e.facts.users, 3);
  ASSERT_TRUE(e.facts.fixability);
  EXPECT_DOUBLE_EQ(*e.facts.fixability, 0.7);
  EXPECT_EQ(e.facts.short_id, "BACKEND-3F");
  EXPECT_EQ(e.facts.web_url, "https://acme.sentry.io/issues/1170820242/");
  EXPECT_NE(e.facts.title.find("TypeError"), std::string::npos);
  EXPECT_FALSE(e.seer_run);
}

TEST(EnvelopeFixtureTest, IssueCreatedCarriesTargetingFacts) {
  const Envelope e = parse_fixture("issue", "issue_created.json");
  EXPECT_EQ(e.facts.priority, "high");
  EXPECT_EQ(e.facts.category, "error");
  EXPECT_EQ(e.facts.substatus, "new");
  EXPECT_EQ(e.facts.culprit, "app.billing.invoice in compute_total");
  ASSERT_TRUE(e.facts.first_seen);
  EXPECT_EQ(format_utc(*e.facts.first_seen), "2025-09-23T20:41:10Z");
  EXPECT_EQ(e.facts.unhandled, true);
}

TEST(EnvelopeFixtureTest, IssueResolvedIsIgnoredButKeepsIssueId) {
  const Envelope e = parse_fixture("issue", "issue_resolved.json");
  EXPECT_EQ(e.handling, Handling::ignore);
  ASSERT_TRUE(e.issue);
  EXPECT_EQ(e.issue->value, kIssue);
  EXPECT_EQ(e.facts.status, "resolved");
}

TEST(EnvelopeFixtureTest, EventAlertTriggeredIsEvaluatedWithoutProjectSlug) {
  const Envelope e = parse_fixture("event_alert", "event_alert_triggered.json");
  EXPECT_EQ(e.handling, Handling::evaluate);
  ASSERT_TRUE(e.issue);
  EXPECT_EQ(e.issue->value, kIssue);
  EXPECT_EQ(e.facts.level, "error");
  EXPECT_EQ(e.facts.project, "");  // data.event.project is a numeric id
  EXPECT_FALSE(e.facts.events);
  EXPECT_NE(e.facts.title.find("TypeError"), std::string::npos);
  // The event knows its culprit, not the issue's priority, age or handling.
  EXPECT_EQ(e.facts.culprit, "app.billing.invoice in compute_total");
  EXPECT_EQ(e.facts.priority, "");
  EXPECT_FALSE(e.facts.first_seen);
  EXPECT_FALSE(e.facts.unhandled);
}

TEST(EnvelopeFixtureTest, ErrorCreatedIsEvaluated) {
  const Envelope e = parse_fixture("error", "error_created.json");
  EXPECT_EQ(e.handling, Handling::evaluate);
  ASSERT_TRUE(e.issue);
  EXPECT_EQ(e.issue->value, kIssue);
  EXPECT_EQ(e.facts.level, "error");
  EXPECT_NE(e.facts.title.find("TypeError"), std::string::npos);
}

TEST(EnvelopeFixtureTest, SeerRootCauseCompletedAdvancesRun) {
  const Envelope e = parse_fixture("seer", "seer_root_cause_completed.json");
  EXPECT_EQ(e.handling, Handling::advance);
  EXPECT_EQ(e.action, "root_cause_completed");
  ASSERT_TRUE(e.issue);
  EXPECT_EQ(e.issue->value, kIssue);
  ASSERT_TRUE(e.seer_run);
  EXPECT_EQ(e.seer_run->value, 12345);
}

TEST(EnvelopeFixtureTest, CommentCreatedIsIgnored) {
  EXPECT_EQ(parse_fixture("comment", "comment_created.json").handling, Handling::ignore);
}

TEST(EnvelopeFixtureTest, InstallationCreatedIsIgnored) {
  EXPECT_EQ(parse_fixture("installation", "installation_created.json").handling,
            Handling::ignore);
}

TEST(EnvelopeFixtureTest, MissingResourceHeaderIsIgnored) {
  EXPECT_EQ(parse_fixture("", "issue_created.json").handling, Handling::ignore);
}

TEST(EnvelopeFixtureTest, UnknownResourceIsIgnored) {
  EXPECT_EQ(parse_fixture("metric_alert", "issue_created.json").handling, Handling::ignore);
  EXPECT_EQ(parse_fixture("size_analysis", "issue_created.json").handling, Handling::ignore);
}

}  // namespace
}  // namespace autofixd::intake
