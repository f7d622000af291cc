// FakeSentry's latest-event endpoint over real HTTPS: the tags a tracker's
// `match = "tag:NAME"` reads (docs/sentry.md §Event tags).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/fake_sentry.hpp"
#include "integration/http_call.hpp"

namespace autofixd::testing {
namespace {

using Json = nlohmann::json;

class FakeSentryEvents : public ::testing::Test {
 protected:
  HttpResult get(const std::string& target, const std::string& token = "t0k") {
    return http_call(fake_.port(), fake_.ca_file(),
                     {.target = target, .headers = {{"Authorization", "Bearer " + token}}});
  }

  FakeSentry fake_;
};

TEST_F(FakeSentryEvents, LatestEventCarriesTheTagsSortedByKey) {
  fake_.set_issue(42, issue_json({.id = 42}));
  fake_.set_latest_event_tags(42, {{"owlmetry_issue", "00000000-0000-4000-8000-0000000000aa"},
                                   {"environment", "production"},
                                   {"level", "error"}});

  auto answer = get("/api/0/organizations/acme/issues/42/events/latest/");

  ASSERT_EQ(answer.status, 200) << answer.body;
  auto event = Json::parse(answer.body);
  EXPECT_EQ(event["groupID"], "42");
  EXPECT_EQ(event["eventID"].get<std::string>().size(), 32u);
  EXPECT_EQ(event["tags"], Json::parse(R"([
      {"key": "environment", "value": "production"},
      {"key": "level", "value": "error"},
      {"key": "owlmetry_issue", "value": "00000000-0000-4000-8000-0000000000aa"}])"));
  EXPECT_EQ(fake_.latest_event_path(42), "/api/0/organizations/acme/issues/42/events/latest/");
  EXPECT_EQ(fake_.count("GET", fake_.latest_event_path(42)), 1u);
}

TEST_F(FakeSentryEvents, RecommendedAndOldestAnswerTheSameEvent) {
  fake_.set_issue(42, issue_json({.id = 42}));
  fake_.set_latest_event_tags(42, {{"owlmetry_issue", "abc"}});

  auto recommended = get("/api/0/organizations/acme/issues/42/events/recommended/");
  auto oldest = get("/api/0/organizations/acme/issues/42/events/oldest/");

  EXPECT_EQ(recommended.status, 200);
  EXPECT_EQ(Json::parse(recommended.body)["tags"][0]["value"], "abc");
  EXPECT_EQ(oldest.status, 200);
}

TEST_F(FakeSentryEvents, UnknownIssueIs404) {
  auto answer = get(fake_.latest_event_path(7));

  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(Json::parse(answer.body)["detail"], "The requested resource does not exist");
}

TEST_F(FakeSentryEvents, IssueWithoutEventsIs404WithSentrysDetail) {
  fake_.set_issue(42, issue_json({.id = 42}));

  auto answer = get(fake_.latest_event_path(42));

  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(Json::parse(answer.body)["detail"],
            "No matching event found. Try changing the environments, date range, or query.");
}

TEST_F(FakeSentryEvents, WrongTokenIs401) {
  fake_.set_issue(42, issue_json({.id = 42}));
  fake_.set_latest_event_tags(42, {});

  EXPECT_EQ(get(fake_.latest_event_path(42), "nope").status, 401);
  EXPECT_EQ(get(fake_.latest_event_path(42)).status, 200);
}

}  // namespace
}  // namespace autofixd::testing
