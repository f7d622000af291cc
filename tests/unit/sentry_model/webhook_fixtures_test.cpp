// The webhook fixtures are shared with intake and the integration tests;
// these checks pin the facts those tests rely on (sentry-api.md §1.4, §2).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sentry/issue_json.hpp"
#include "support/fixture.hpp"

namespace autofixd::sentry {
namespace {

using nlohmann::json;
using testing::read_fixture;

json envelope(const std::string& name) { return json::parse(read_fixture("webhooks/" + name)); }

class WebhookFixture : public ::testing::TestWithParam<const char*> {};

TEST_P(WebhookFixture, IsOneLineOfCompactJsonWithTheFourEnvelopeKeys) {
  const std::string raw = read_fixture(std::string("webhooks/") + GetParam());
  EXPECT_EQ(raw.find('\n'), std::string::npos);
  EXPECT_EQ(raw.find("\": "), std::string::npos);
  const json body = json::parse(raw);
  for (const char* key : {"action", "installation", "data", "actor"}) EXPECT_TRUE(body.contains(key)) << key;
  EXPECT_TRUE(body["installation"]["uuid"].is_string());
}

INSTANTIATE_TEST_SUITE_P(All, WebhookFixture,
                         ::testing::Values("issue_created.json", "issue_resolved.json",
                                           "event_alert_triggered.json", "error_created.json",
                                           "seer_root_cause_completed.json", "comment_created.json",
                                           "installation_created.json"));

TEST(WebhookFixtures, IssueResolvedParsesAsResolved) {
  auto issue = parse_issue_json(envelope("issue_resolved.json")["data"]["issue"]);
  ASSERT_TRUE(issue) << issue.error().message;
  EXPECT_EQ(issue->status, "resolved");
  EXPECT_EQ(issue->id.value, 1170820242);
}

TEST(WebhookFixtures, EventAlertCarriesIssueIdAsStringAndProjectAsNumber) {
  const json body = envelope("event_alert_triggered.json");
  EXPECT_EQ(body["action"], "triggered");
  EXPECT_EQ(body["data"]["event"]["issue_id"], "1170820242");
  EXPECT_TRUE(body["data"]["event"]["project"].is_number_integer());
  EXPECT_EQ(body["data"]["event"]["level"], "error");
  EXPECT_TRUE(body["data"]["triggered_rule"].is_string());
}

TEST(WebhookFixtures, ErrorCreatedCarriesIssueId) {
  const json body = envelope("error_created.json");
  EXPECT_EQ(body["action"], "created");
  EXPECT_EQ(body["data"]["error"]["issue_id"], "1170820242");
}

TEST(WebhookFixtures, SeerCarriesNumericRunAndGroupIds) {
  const json body = envelope("seer_root_cause_completed.json");
  EXPECT_EQ(body["action"], "root_cause_completed");
  EXPECT_EQ(body["data"]["run_id"], 12345);
  EXPECT_EQ(body["data"]["group_id"], 1170820242);
  EXPECT_EQ(body["actor"]["id"], "sentry");
}

TEST(WebhookFixtures, CommentCarriesNumericIds) {
  const json body = envelope("comment_created.json");
  EXPECT_EQ(body["data"]["issue_id"], 1170820242);
  EXPECT_EQ(body["actor"]["type"], "user");
}

}  // namespace
}  // namespace autofixd::sentry
