#include "sentry/issue_list.hpp"

#include <gtest/gtest.h>

namespace autofixd::sentry {
namespace {

TEST(ParseIssueList, KeepsEachIssueWithItsJson) {
  auto page = parse_issue_list(
      R"([{"id":"101","title":"A","count":"5"},{"id":102,"title":"B"}])");
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->issues.size(), 2u);
  EXPECT_EQ(page->issues[0].id, IssueId{101});
  EXPECT_EQ(page->issues[1].id, IssueId{102});
  EXPECT_NE(page->issues[0].json.find(R"("title":"A")"), std::string::npos);
  EXPECT_EQ(page->skipped, 0u);
}

TEST(ParseIssueList, SkipsEntriesWithoutAUsableId) {
  auto page = parse_issue_list(R"([{"id":"x"},{"title":"no id"},7,{"id":-3},{"id":"9"}])");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->issues.size(), 1u);
  EXPECT_EQ(page->issues[0].id, IssueId{9});
  EXPECT_EQ(page->skipped, 4u);
}

TEST(ParseIssueList, EmptyListIsFine) {
  auto page = parse_issue_list("[]");
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->issues.empty());
}

TEST(ParseIssueList, RefusesWhatIsNotAJsonArray) {
  for (const char* bad : {"", "{}", R"({"detail":"x"})", "[", "null"}) {
    auto page = parse_issue_list(bad);
    ASSERT_FALSE(page) << bad;
    EXPECT_EQ(page.error().code, "sentry.bad_response");
  }
}

}  // namespace
}  // namespace autofixd::sentry
