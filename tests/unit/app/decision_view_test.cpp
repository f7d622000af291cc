#include "app/decision_view.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "util/time_format.hpp"

namespace autofixd::app {
namespace {

store::DecisionSummary summary() {
  store::DecisionSummary d;
  d.id = 7;
  d.issue = IssueId{1170820242};
  d.outcome = "start";
  d.rule = "backend-errors";
  d.reason = "matched";
  d.detail = "rule \"backend-errors\" matched: events 25 >= min_events 10";
  d.facts_json = R"({"issue_id":"1170820242","short_id":"BACKEND-3F","events":25})";
  d.decided_at = *parse_utc("2025-09-23T20:59:02Z");
  d.request_id = "req-1";
  return d;
}

TEST(IssueFilter, DigitsAreAnIssueId) {
  const auto f = parse_issue_filter("1170820242");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->issue, IssueId{1170820242});
  EXPECT_FALSE(f->short_id);
}

TEST(IssueFilter, ShortIdsMatchTheStoredShortId) {
  for (const char* text : {"BACKEND-12", "ios-app-3F", "A-1"}) {
    const auto f = parse_issue_filter(text);
    ASSERT_TRUE(f) << text;
    EXPECT_EQ(f->short_id, text);
    EXPECT_FALSE(f->issue);
  }
}

TEST(IssueFilter, AnythingElseIsRefused) {
  for (const char* text :
       {"", "BACKEND", "-12", "BACKEND-", "BACKEND 12", "99999999999999999999"}) {
    EXPECT_FALSE(parse_issue_filter(text)) << text;
  }
}

TEST(DecisionJson, HasTheStoredFieldsAndParsedFacts) {
  const auto j = decision_json(summary());
  EXPECT_EQ(j["issue_id"], "1170820242");
  EXPECT_EQ(j["decision"], "start");
  EXPECT_EQ(j["reason"], "matched");
  EXPECT_EQ(j["rule"], "backend-errors");
  EXPECT_EQ(j["facts"]["short_id"], "BACKEND-3F");
  EXPECT_EQ(j["detail"], summary().detail);
  EXPECT_EQ(j["created_at"], "2025-09-23T20:59:02Z");
  EXPECT_EQ(j["request_id"], "req-1");
}

TEST(DecisionJson, AbsentValuesAreNull) {
  auto d = summary();
  d.rule.clear();
  d.request_id.reset();
  d.facts_json = "not json";
  const auto j = decision_json(d);
  EXPECT_TRUE(j["rule"].is_null());
  EXPECT_TRUE(j["request_id"].is_null());
  EXPECT_TRUE(j["facts"].is_null());
}

TEST(DecisionLines, ColumnsThenTheIndentedDetail) {
  EXPECT_EQ(decision_lines(summary()),
            "2025-09-23T20:59:02Z 1170820242   start    matched                 backend-errors\n"
            "    rule \"backend-errors\" matched: events 25 >= min_events 10\n");
  auto d = summary();
  d.rule.clear();
  EXPECT_NE(decision_lines(d).find("matched                 -\n"), std::string::npos);
}

TEST(DecisionLines, StoredTextCannotDriveTheTerminal) {
  auto d = summary();
  d.detail =
      "title \"x\"\n2025-01-01 [info] forged line\x1B]0;owned\x07\xE2\x80\xAE"
      "evil\xFF";
  d.reason = "matched\x1B[2J";
  const std::string lines = decision_lines(d);
  EXPECT_EQ(lines.find('\x1B'), std::string::npos) << lines;
  EXPECT_EQ(lines.find("\xE2\x80\xAE"), std::string::npos) << lines;
  EXPECT_NE(lines.find("    title \"x\" 2025-01-01 [info] forged lineevil\xEF\xBF\xBD\n"),
            std::string::npos)
      << lines;
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 2);
}

TEST(DecisionJson, StringsAreValidUtf8WithoutControls) {
  auto d = summary();
  d.detail = "bad \xFF byte \x1B[31mred\xE2\x80\x8B";
  const auto j = decision_json(d);
  EXPECT_EQ(j["detail"], "bad \xEF\xBF\xBD byte red");
  EXPECT_NO_THROW((void)j.dump());  // the strict handler throws on invalid UTF-8
}

}  // namespace
}  // namespace autofixd::app
