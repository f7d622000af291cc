// Per-resource behaviour of parse_envelope on small inline bodies.

#include <gtest/gtest.h>

#include "intake/envelope.hpp"

namespace autofixd::intake {
namespace {

Envelope parse_ok(std::string_view resource, std::string_view body) {
  auto parsed = parse_envelope(resource, body);
  if (!parsed) ADD_FAILURE() << parsed.error().code << ": " << parsed.error().message;
  return parsed ? *parsed : Envelope{};
}

TEST(IssueResourceTest, UnresolvedIsEvaluated) {
  const Envelope e = parse_ok("issue", R"({"action":"unresolved","data":{"issue":{"id":"42"}}})");
  EXPECT_EQ(e.handling, Handling::evaluate);
  EXPECT_EQ(e.issue->value, 42);
}

TEST(IssueResourceTest, NumericIdAndCountAreAccepted) {
  const Envelope e = parse_ok(
      "issue", R"({"action":"created","data":{"issue":{"id":42,"count":150,"userCount":2}}})");
  EXPECT_EQ(e.issue->value, 42);
  EXPECT_EQ(e.facts.events, 150);
  EXPECT_EQ(e.facts.users, 2);
}

TEST(IssueResourceTest, NullFixabilityIsUnknown) {
  const Envelope e = parse_ok(
      "issue", R"({"action":"created","data":{"issue":{"id":"42","seerFixabilityScore":null}}})");
  EXPECT_FALSE(e.facts.fixability);
}

TEST(IssueResourceTest, PermalinkIsUsedWhenWebUrlIsAbsent) {
  const Envelope e = parse_ok(
      "issue", R"({"action":"created","data":{"issue":{"id":"42","permalink":"https://x/42/"}}})");
  EXPECT_EQ(e.facts.web_url, "https://x/42/");
}

TEST(IssueResourceTest, IgnoredAndArchivedAndAssignedAreIgnoredWithIssueId) {
  for (const char* action : {"ignored", "archived", "assigned", "resolved"}) {
    const std::string body =
        std::string(R"({"action":")") + action + R"(","data":{"issue":{"id":"42"}}})";
    const Envelope e = parse_ok("issue", body);
    EXPECT_EQ(e.handling, Handling::ignore) << action;
    ASSERT_TRUE(e.issue) << action;
    EXPECT_EQ(e.issue->value, 42);
  }
}

TEST(IssueResourceTest, IgnoredActionNeverFailsOnIssueShape) {
  const Envelope e = parse_ok("issue", R"({"action":"resolved","data":{"issue":{"id":{}}}})");
  EXPECT_EQ(e.handling, Handling::ignore);
  EXPECT_FALSE(e.issue);
  EXPECT_EQ(e.facts.status, "resolved");
}

TEST(EventAlertResourceTest, NumericIssueIdIsAccepted) {
  const Envelope e = parse_ok("event_alert",
                              R"({"action":"triggered","data":{"event":{"issue_id":7}}})");
  EXPECT_EQ(e.handling, Handling::evaluate);
  EXPECT_EQ(e.issue->value, 7);
}

TEST(EventAlertResourceTest, IssueIdFallsBackToIssueUrl) {
  const Envelope e = parse_ok(
      "event_alert",
      R"({"action":"triggered","data":{"event":{"issue_url":"https://sentry.io/api/0/issues/1117540176/"}}})");
  ASSERT_TRUE(e.issue);
  EXPECT_EQ(e.issue->value, 1117540176);
}

TEST(EventAlertResourceTest, ProjectSlugIsUsedWhenPresent) {
  const Envelope e = parse_ok(
      "event_alert",
      R"({"action":"triggered","data":{"event":{"issue_id":"7","project":4505,"project_slug":"backend","level":"fatal"}}})");
  EXPECT_EQ(e.facts.project, "backend");
  EXPECT_EQ(e.facts.level, "fatal");
}

TEST(EventAlertResourceTest, OtherActionsAreIgnored) {
  const Envelope e = parse_ok("event_alert", R"({"action":"resolved","data":{}})");
  EXPECT_EQ(e.handling, Handling::ignore);
}

TEST(ErrorResourceTest, CreatedCarriesIssueIdLevelAndTitle) {
  const Envelope e = parse_ok(
      "error",
      R"({"action":"created","data":{"error":{"issue_id":"9","level":"warning","title":"Boom"}}})");
  EXPECT_EQ(e.handling, Handling::evaluate);
  EXPECT_EQ(e.issue->value, 9);
  EXPECT_EQ(e.facts.level, "warning");
  EXPECT_EQ(e.facts.title, "Boom");
}

TEST(SeerResourceTest, AnyActionAdvancesWithGroupAndRun) {
  for (const char* action : {"root_cause_started", "coding_completed", "pr_created", "new_thing"}) {
    const std::string body =
        std::string(R"({"action":")") + action + R"(","data":{"run_id":5,"group_id":42}})";
    const Envelope e = parse_ok("seer", body);
    EXPECT_EQ(e.handling, Handling::advance) << action;
    EXPECT_EQ(e.issue->value, 42);
    EXPECT_EQ(e.facts.issue.value, 42);
    ASSERT_TRUE(e.seer_run);
    EXPECT_EQ(e.seer_run->value, 5);
  }
}

TEST(SeerResourceTest, RunIdIsOptional) {
  const Envelope e = parse_ok("seer", R"({"action":"solution_started","data":{"group_id":"42"}})");
  EXPECT_EQ(e.handling, Handling::advance);
  EXPECT_FALSE(e.seer_run);
}

TEST(EnvelopeTest, InstallationIsOptional) {
  const Envelope e = parse_ok("comment", R"({"action":"created","data":{}})");
  EXPECT_EQ(e.installation_uuid, "");
}

TEST(EnvelopeTest, ActorOfEitherShapeIsAccepted) {
  parse_ok("issue", R"({"action":"resolved","data":{},"actor":{"type":"user","id":1}})");
  parse_ok("issue", R"({"action":"resolved","data":{},"actor":{"type":"application","id":"x"}})");
}

TEST(EnvelopeTest, EscapedUnicodeAndBomAreAccepted) {
  const Envelope e = parse_ok(
      "error", "\xEF\xBB\xBF" R"({"action":"created","data":{"error":{"issue_id":"1","title":"caf\u00e9 \u2603"}}})");
  EXPECT_EQ(e.facts.title, "caf\xC3\xA9 \xE2\x98\x83");
}

}  // namespace
}  // namespace autofixd::intake
