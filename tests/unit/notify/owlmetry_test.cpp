// The Owlmetry API's shapes and rules as seeds/003 gives them.
#include <gtest/gtest.h>

#include "notify/owlmetry.hpp"

namespace autofixd::notify::owlmetry {
namespace {

TEST(OwlmetryTransitions, FollowTheSeedTable) {
  EXPECT_TRUE(transition_allowed("new", "in_progress"));
  EXPECT_TRUE(transition_allowed("regressed", "in_progress"));
  EXPECT_TRUE(transition_allowed("snoozed", "in_progress"));
  EXPECT_TRUE(transition_allowed("silenced", "new"));
  EXPECT_TRUE(transition_allowed("in_progress", "snoozed"));
  EXPECT_FALSE(transition_allowed("resolved", "in_progress"));  // not in the table
  EXPECT_FALSE(transition_allowed("new", "regressed"));         // only the scan job sets it
  EXPECT_FALSE(transition_allowed("in_progress", "in_progress"));
  EXPECT_FALSE(transition_allowed("", "new"));
}

TEST(OwlmetryTransitions, NeverResolvesBecauseThatNeedsAVersion) {
  for (const char* from : {"new", "in_progress", "regressed", "silenced", "snoozed"}) {
    EXPECT_FALSE(transition_allowed(from, "resolved")) << from;
  }
}

TEST(OwlmetryPaths, EncodeIdsAndAskForTheLargestPage) {
  EXPECT_EQ(issues_path("6f1c", ""), "/v1/projects/6f1c/issues?limit=200");
  EXPECT_EQ(issues_path("6f1c", "a b/c"), "/v1/projects/6f1c/issues?limit=200&cursor=a%20b%2Fc");
  EXPECT_EQ(comments_path("p/x", "i?d"), "/v1/projects/p%2Fx/issues/i%3Fd/comments");
}

TEST(OwlmetryIssuePage, ParsesIssuesCursorAndMore) {
  auto page = parse_issue_page(
      R"({"issues":[{"id":"u1","title":"Connection refused","status":"resolved"},
                    {"id":"u2","title":"Connection refused","status":"regressed"}],
          "cursor":"c2","has_more":true})");
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->issues.size(), 2u);
  EXPECT_EQ(page->cursor, "c2");
  EXPECT_TRUE(page->has_more);
  const auto open = open_issue_titled(*page, "Connection refused");
  ASSERT_TRUE(open);
  EXPECT_EQ(open->id, "u2");  // the resolved one with the same title is skipped
  EXPECT_FALSE(open_issue_titled(*page, "connection refused"));  // exact title only
}

TEST(OwlmetryIssuePage, NamesWhatIsWrong) {
  EXPECT_EQ(parse_issue_page("<html>").error().message, "tracker answer: the body is not JSON");
  EXPECT_EQ(parse_issue_page(R"({"items":[]})").error().message,
            "tracker answer: no \"issues\" array");
  EXPECT_EQ(parse_issue_page(R"({"issues":[{"title":"x"}]})").error().message,
            "tracker answer: an issue has no \"id\"");
  EXPECT_EQ(parse_issue_page(R"({"issues":[],"has_more":true,"cursor":null})").error().message,
            "tracker answer: \"has_more\" is true without a cursor");
}

TEST(OwlmetryComments, AcceptsAnArrayOrAnObjectHoldingIt) {
  auto bare = parse_comments(R"([{"id":"c1","body":"hello"}])");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->at(0).body, "hello");
  auto wrapped = parse_comments(R"({"comments":[{"id":"c1","body":"a"},{"id":"c2","body":"b"}]})");
  ASSERT_TRUE(wrapped);
  EXPECT_EQ(wrapped->size(), 2u);
  auto created = parse_created_comment_id(R"({"id":"c9","body":"x","issue_id":"u1"})");
  ASSERT_TRUE(created);
  EXPECT_EQ(*created, "c9");
  EXPECT_FALSE(parse_created_comment_id(R"({"body":"x"})"));
}

}  // namespace
}  // namespace autofixd::notify::owlmetry
