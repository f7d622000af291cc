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
