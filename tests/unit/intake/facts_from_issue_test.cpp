#include "intake/facts_from_issue.hpp"

#include <gtest/gtest.h>

namespace autofixd::intake {
namespace {

TEST(FactsFromIssueTest, CopiesEveryField) {
  sentry::IssueDetails d;
  d.id = IssueId{42};
  d.short_id = "BACKEND-3F";
  d.title = "TypeError";
  d.level = "error";
  d.status = "unresolved";
  d.project_slug = "backend";
  d.count = 25;
  d.user_count = 3;
  d.fixability = 0.7;
  d.web_url = "https://acme.sentry.io/issues/42/";
  const rules::Facts f = facts_from_issue(d);
  EXPECT_EQ(f.issue.value, 42);
  EXPECT_EQ(f.short_id, "BACKEND-3F");
  EXPECT_EQ(f.title, "TypeError");
  EXPECT_EQ(f.level, "error");
  EXPECT_EQ(f.status, "unresolved");
  EXPECT_EQ(f.project, "backend");
  EXPECT_EQ(f.events, 25);
  EXPECT_EQ(f.users, 3);
  EXPECT_EQ(f.fixability, 0.7);
  EXPECT_EQ(f.web_url, "https://acme.sentry.io/issues/42/");
}

TEST(FactsFromIssueTest, CopiesTargetingFields) {
  sentry::IssueDetails d;
  d.id = IssueId{42};
  d.priority = "medium";
  d.issue_category = "performance";
  d.substatus = "regressed";
  d.culprit = "app.views in checkout";
  d.first_seen = SysTime{} + std::chrono::seconds{1'700'000'000};
  d.is_unhandled = false;
  const rules::Facts f = facts_from_issue(d);
  EXPECT_EQ(f.priority, "medium");
  EXPECT_EQ(f.category, "performance");
  EXPECT_EQ(f.substatus, "regressed");
  EXPECT_EQ(f.culprit, "app.views in checkout");
  EXPECT_EQ(f.first_seen, d.first_seen);
  EXPECT_EQ(f.unhandled, false);
}

TEST(FactsFromIssueTest, DetailsMakeAnEmptyCulpritKnown) {
  // Issue details always carry a culprit, so "" there is a fact, not a gap.
  sentry::IssueDetails d;
  d.id = IssueId{1};
  const rules::Facts f = facts_from_issue(d);
  EXPECT_EQ(f.culprit, "");
  EXPECT_FALSE(f.first_seen);
  EXPECT_FALSE(f.unhandled);
}

TEST(FactsFromIssueTest, UnknownCountsStayUnknown) {
  sentry::IssueDetails d;
  d.id = IssueId{1};
  const rules::Facts f = facts_from_issue(d);
  EXPECT_FALSE(f.events);
  EXPECT_FALSE(f.users);
  EXPECT_FALSE(f.fixability);
}

}  // namespace
}  // namespace autofixd::intake
