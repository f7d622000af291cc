// Outcomes survive the outbox: to_json → outcome_from_json gives the same
// value, and a broken row names the field that is wrong.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "notify/outcome.hpp"
#include "unit/notify/examples.hpp"

namespace autofixd::notify {
namespace {

using Json = nlohmann::json;

void expect_same(const Outcome& a, const Outcome& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.issue, b.issue);
  EXPECT_EQ(a.run, b.run);
  EXPECT_EQ(a.sentry_run, b.sentry_run);
  EXPECT_EQ(a.rule, b.rule);
  EXPECT_EQ(a.project, b.project);
  EXPECT_EQ(a.issue_short_id, b.issue_short_id);
  EXPECT_EQ(a.issue_title, b.issue_title);
  EXPECT_EQ(a.issue_url, b.issue_url);
  EXPECT_EQ(a.stopping_point, b.stopping_point);
  EXPECT_EQ(a.detail, b.detail);
  EXPECT_EQ(a.root_cause, b.root_cause);
  EXPECT_EQ(a.pr_urls, b.pr_urls);
  EXPECT_EQ(a.comment_body, b.comment_body);
  EXPECT_EQ(a.comment_marker, b.comment_marker);
  EXPECT_EQ(a.duration_seconds, b.duration_seconds);
  EXPECT_EQ(a.at, b.at);
}

class RoundTrip : public ::testing::TestWithParam<std::pair<std::string, Outcome>> {};

TEST_P(RoundTrip, ReadsBackWhatWasWritten) {
  const Outcome& original = GetParam().second;
  auto back = outcome_from_json(to_json(original));
  ASSERT_TRUE(back) << back.error().message;
  expect_same(original, *back);
}

INSTANTIATE_TEST_SUITE_P(EveryOutcome, RoundTrip, ::testing::ValuesIn(examples::all()),
                         [](const auto& param_info) { return param_info.param.first; });

TEST(OutcomeKindNames, EveryKindReadsBack) {
  for (const auto& [name, outcome] : examples::all()) {
    EXPECT_EQ(outcome_from_string(to_string(outcome.kind)), outcome.kind) << name;
  }
  EXPECT_EQ(outcome_from_string("superseded"), std::nullopt);
}

TEST(OutcomeJson, InvalidUtf8IsReplacedNotThrown) {
  Outcome o = examples::completed_root_cause();
  o.issue_title = "bad \xFF byte";
  auto back = outcome_from_json(to_json(o));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->issue_title, "bad \xEF\xBF\xBD byte");
}

// The message of the error reading `json`.
std::string error_of(const Json& json) {
  auto read = outcome_from_json(json.dump());
  if (read) return "(read fine)";
  EXPECT_EQ(read.error().code, "notify.bad_outcome");
  return read.error().message;
}

Json valid() { return Json::parse(to_json(examples::completed_with_prs())); }

TEST(OutcomeJson, ErrorsNameTheField) {
  EXPECT_EQ(outcome_from_json("[1]").error().message, "stored outcome is not a JSON object");
  EXPECT_EQ(outcome_from_json("{").error().message, "stored outcome is not a JSON object");

  Json j = valid();
  j.erase("kind");
  EXPECT_EQ(error_of(j), "stored outcome: field \"kind\" is missing");
  j = valid();
  j["kind"] = "exploded";
  EXPECT_EQ(error_of(j), "stored outcome: field \"kind\" is not an outcome name: \"exploded\"");
  j = valid();
  j["kind"] = 3;
  EXPECT_EQ(error_of(j), "stored outcome: field \"kind\" is not a string");
  j = valid();
  j.erase("issue");
  EXPECT_EQ(error_of(j), "stored outcome: field \"issue\" is missing");
  j = valid();
  j["issue"] = "1170820242";
  EXPECT_EQ(error_of(j), "stored outcome: field \"issue\" is not an integer");
  j = valid();
  j["run"] = 1.5;
  EXPECT_EQ(error_of(j), "stored outcome: field \"run\" is not an integer");
  j = valid();
  j["issue_title"] = Json::array();
  EXPECT_EQ(error_of(j), "stored outcome: field \"issue_title\" is not a string");
  j = valid();
  j["pr_urls"] = "https://github.com/acme/backend/pull/1";
  EXPECT_EQ(error_of(j), "stored outcome: field \"pr_urls\" is not an array");
  j = valid();
  j["pr_urls"] = Json::array({1});
  EXPECT_EQ(error_of(j), "stored outcome: field \"pr_urls\" holds a value that is not a string");
  j = valid();
  j["at_ms"] = "yesterday";
  EXPECT_EQ(error_of(j), "stored outcome: field \"at_ms\" is not an integer");
}

TEST(OutcomeJson, OptionalFieldsMayBeAbsent) {
  auto read = outcome_from_json(R"({"kind": "refused", "issue": 5})");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->issue, IssueId{5});
  EXPECT_FALSE(read->run);
  EXPECT_EQ(read->duration_seconds, -1);
  EXPECT_TRUE(read->pr_urls.empty());
}

}  // namespace
}  // namespace autofixd::notify
