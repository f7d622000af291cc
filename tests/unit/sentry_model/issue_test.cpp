#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sentry/issue.hpp"
#include "sentry/issue_json.hpp"
#include "support/fixture.hpp"
#include "util/time_format.hpp"

namespace autofixd::sentry {
namespace {

using testing::read_fixture;

TEST(ParseIssue, ReadsIssueDetailsFixture) {
  auto issue = parse_issue(read_fixture("sentry/issue_details.json"));
  ASSERT_TRUE(issue) << issue.error().message;
  EXPECT_EQ(issue->id.value, 1170820242);
  EXPECT_EQ(issue->short_id, "BACKEND-3F");
  EXPECT_EQ(issue->title, "TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'");
  EXPECT_EQ(issue->culprit, "app.billing.invoice in compute_total");
  EXPECT_EQ(issue->level, "error");
  EXPECT_EQ(issue->status, "unresolved");
  EXPECT_EQ(issue->substatus, "ongoing");
  EXPECT_EQ(issue->project_slug, "backend");
  EXPECT_EQ(issue->count, 150);
  EXPECT_EQ(issue->user_count, 12);
  ASSERT_TRUE(issue->fixability.has_value());
  EXPECT_DOUBLE_EQ(*issue->fixability, 0.62);
  EXPECT_EQ(issue->web_url, "https://acme.sentry.io/issues/1170820242/");
}

TEST(ParseIssue, ReadsTargetingFieldsFromDetails) {
  auto issue = parse_issue(read_fixture("sentry/issue_details.json"));
  ASSERT_TRUE(issue) << issue.error().message;
  EXPECT_EQ(issue->priority, "high");
  EXPECT_EQ(issue->issue_category, "error");
  ASSERT_TRUE(issue->first_seen);
  EXPECT_EQ(format_utc(*issue->first_seen), "2025-09-20T08:12:44Z");
  EXPECT_EQ(issue->is_unhandled, true);
}

TEST(ParseIssue, ReadsTargetingFieldsFromWebhookIssue) {
  const auto envelope = nlohmann::json::parse(read_fixture("webhooks/issue_created.json"));
  auto issue = parse_issue_json(envelope.at("data").at("issue"));
  ASSERT_TRUE(issue) << issue.error().message;
  EXPECT_EQ(issue->priority, "high");
  EXPECT_EQ(issue->issue_category, "error");
  EXPECT_EQ(issue->substatus, "new");
  EXPECT_EQ(issue->culprit, "app.billing.invoice in compute_total");
  ASSERT_TRUE(issue->first_seen);
  EXPECT_EQ(format_utc(*issue->first_seen), "2025-09-23T20:41:10Z");
  EXPECT_EQ(issue->is_unhandled, true);
}

TEST(ParseIssue, TargetingFieldsMissingOrNullStayUnknown) {
  auto issue = parse_issue(
      R"({"id": "7", "priority": null, "isUnhandled": null, "firstSeen": "yesterday"})");
  ASSERT_TRUE(issue) << issue.error().message;
  EXPECT_EQ(issue->priority, "");
  EXPECT_EQ(issue->issue_category, "");
  EXPECT_FALSE(issue->first_seen);
  EXPECT_FALSE(issue->is_unhandled);
  auto handled = parse_issue(R"({"id": "7", "isUnhandled": false})");
  ASSERT_TRUE(handled) << handled.error().message;
  EXPECT_EQ(handled->is_unhandled, false);
}

TEST(ParseIssue, RejectsWrongTypesOfTargetingFields) {
  auto unhandled = parse_issue(R"({"id": "7", "isUnhandled": "yes"})");
  ASSERT_FALSE(unhandled);
  EXPECT_EQ(unhandled.error().message,
            "issue: field \"isUnhandled\": expected true, false or null, got \"yes\"");
  auto priority = parse_issue(R"({"id": "7", "priority": 3})");
  ASSERT_FALSE(priority);
  EXPECT_NE(priority.error().message.find("\"priority\""), std::string::npos);
}

TEST(ParseIssue, ReadsWebhookIssueAndPrefersWebUrl) {
  const auto envelope = nlohmann::json::parse(read_fixture("webhooks/issue_created.json"));
  auto issue = parse_issue_json(envelope.at("data").at("issue"));
  ASSERT_TRUE(issue) << issue.error().message;
  EXPECT_EQ(issue->id.value, 1170820242);
  EXPECT_EQ(issue->project_slug, "backend");
  EXPECT_EQ(issue->level, "error");
  EXPECT_EQ(issue->count, 25);
  EXPECT_EQ(issue->user_count, 3);
  EXPECT_EQ(issue->status, "unresolved");
  EXPECT_DOUBLE_EQ(issue->fixability.value(), 0.7);
  EXPECT_EQ(issue->web_url, "https://acme.sentry.io/issues/1170820242/");
}

TEST(ParseIssue, AcceptsNumbersWhereSentrySendsStrings) {
  auto issue = parse_issue(R"({"id": 42, "count": 150, "userCount": "7"})");
  ASSERT_TRUE(issue) << issue.error().message;
  EXPECT_EQ(issue->id.value, 42);
  EXPECT_EQ(issue->count, 150);
  EXPECT_EQ(issue->user_count, 7);
}

TEST(ParseIssue, MissingOptionalFieldsStayEmpty) {
  auto issue = parse_issue(R"({"id": "7", "permalink": null, "seerFixabilityScore": null})");
  ASSERT_TRUE(issue) << issue.error().message;
  EXPECT_FALSE(issue->count.has_value());
  EXPECT_FALSE(issue->user_count.has_value());
  EXPECT_FALSE(issue->fixability.has_value());
  EXPECT_TRUE(issue->web_url.empty());
  EXPECT_TRUE(issue->project_slug.empty());
}

TEST(ParseIssue, FallsBackToPermalink) {
  auto issue = parse_issue(R"({"id": "7", "permalink": "https://acme.sentry.io/issues/7/"})");
  ASSERT_TRUE(issue);
  EXPECT_EQ(issue->web_url, "https://acme.sentry.io/issues/7/");
}

TEST(ParseIssue, MissingIdIsAnError) {
  auto issue = parse_issue(R"({"title": "x"})");
  ASSERT_FALSE(issue);
  EXPECT_EQ(issue.error().code, "sentry.bad_response");
  EXPECT_EQ(issue.error().message, "issue: field \"id\": missing");
}

TEST(ParseIssue, BooleanIdNamesFieldAndValue) {
  auto issue = parse_issue(R"({"id": true})");
  ASSERT_FALSE(issue);
  EXPECT_EQ(issue.error().message, "issue: field \"id\": expected a string of digits, got true");
}

struct BadIssue {
  const char* body;
  const char* message_part;
};

class ParseIssueRejects : public ::testing::TestWithParam<BadIssue> {};

TEST_P(ParseIssueRejects, WithMessageNamingTheProblem) {
  Result<IssueDetails> issue = IssueDetails{};
  EXPECT_NO_THROW(issue = parse_issue(GetParam().body));
  ASSERT_FALSE(issue);
  EXPECT_EQ(issue.error().code, "sentry.bad_response");
  EXPECT_NE(issue.error().message.find(GetParam().message_part), std::string::npos)
      << issue.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, ParseIssueRejects,
    ::testing::Values(
        BadIssue{"", "not valid JSON"}, BadIssue{"{", "not valid JSON"},
        BadIssue{"[1,2]", "expected a JSON object, got [1,2]"},
        BadIssue{R"("1170820242")", "expected a JSON object"},
        BadIssue{R"({"id": "12a"})", R"(field "id": expected a string of digits, got "12a")"},
        BadIssue{R"({"id": "-5"})", R"(field "id")"}, BadIssue{R"({"id": -5})", R"(field "id")"},
        BadIssue{R"({"id": 1.5})", R"(field "id")"},
        BadIssue{R"({"id": "99999999999999999999999"})", R"(field "id")"},
        BadIssue{R"({"id": 99999999999999999999999})", R"(field "id")"},
        BadIssue{R"({"id": 18446744073709551615})", R"(field "id")"},
        BadIssue{R"({"id": "1", "count": "many"})", R"(field "count")"},
        BadIssue{R"({"id": "1", "count": 1e300})", R"(field "count")"},
        BadIssue{R"({"id": "1", "userCount": [3]})", R"(field "userCount")"},
        BadIssue{R"({"id": "1", "seerFixabilityScore": "high"})", R"(field "seerFixabilityScore")"},
        BadIssue{R"({"id": "1", "level": 3})", R"(field "level": expected a string, got 3)"},
        BadIssue{R"({"id": "1", "project": "backend"})", R"(field "project")"},
        BadIssue{R"({"id": "1", "project": {"slug": 5}})", R"(field "project.slug")"},
        BadIssue{R"({"id": "1", "title": "\ud800"})", "not valid JSON"}));

TEST(ParseIssue, LongWrongValueIsAbbreviatedInMessage) {
  const std::string body = R"({"id": ")" + std::string(5000, 'x') + R"("})";
  auto issue = parse_issue(body);
  ASSERT_FALSE(issue);
  EXPECT_LT(issue.error().message.size(), 200u);
}

TEST(ParseIssue, SumsThe30DayStatsAndLeavesOddShapesUnknown) {
  // Details with ?environment=: count is every environment's (Sentry
  // overwrites it), stats["30d"] is the environments' own daily buckets.
  auto issue = parse_issue(
      R"({"id": "7", "count": "500", "userCount": 3,
          "stats": {"24h": [[1700000000, 1]], "30d": [[1700000000, 4], [1700086400, 0], [1700172800, 6]]}})");
  ASSERT_TRUE(issue) << issue.error().message;
  EXPECT_EQ(issue->count, 500);
  EXPECT_EQ(issue->user_count, 3);
  EXPECT_EQ(issue->events_30d, 10);
  for (const char* stats : {R"({})", R"({"30d": "x"})", R"({"30d": [[1, "4"]]})",
                            R"({"30d": [[1, -4]]})", R"({"30d": [[1]]})"}) {
    auto odd = parse_issue(std::string(R"({"id": "7", "stats": )") + stats + "}");
    ASSERT_TRUE(odd) << stats;
    EXPECT_FALSE(odd->events_30d) << stats;
  }
}

}  // namespace
}  // namespace autofixd::sentry
