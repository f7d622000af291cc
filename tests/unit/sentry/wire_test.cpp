#include "sentry/wire.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace autofixd::sentry {
namespace {

TEST(Wire, PathsAreOrganizationScopedAndEncoded) {
  ApiPaths paths("acme co");
  EXPECT_EQ(paths.issue(IssueId{42}), "/api/0/organizations/acme%20co/issues/42/");
  EXPECT_EQ(paths.autofix(IssueId{42}), "/api/0/organizations/acme%20co/issues/42/autofix/");
  EXPECT_EQ(paths.comments(IssueId{42}), "/api/0/organizations/acme%20co/issues/42/comments/");
}

TEST(Wire, StartBodyCarriesStoppingPointAndInstructionTwice) {
  auto body = nlohmann::json::parse(
      start_autofix_body({config::StoppingPoint::code_changes, "Add a \"test\"."}));
  EXPECT_EQ(body, nlohmann::json({{"stopping_point", "code_changes"},
                                  {"user_context", "Add a \"test\"."},
                                  {"instruction", "Add a \"test\"."}}));
}

TEST(Wire, StartBodyOmitsEmptyInstruction) {
  EXPECT_EQ(start_autofix_body({config::StoppingPoint::solution, ""}),
            R"({"stopping_point":"solution"})");
}

TEST(Wire, CommentBodyEscapesText) {
  EXPECT_EQ(comment_body("a \"b\"\nc"), R"({"text":"a \"b\"\nc"})");
}

TEST(Wire, PostedCommentIdAsStringOrNumber) {
  auto text = parse_posted_comment_id(R"({"id":"5001","type":"note"})");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "5001");
  auto number = parse_posted_comment_id(R"({"id":5002})");
  ASSERT_TRUE(number.ok());
  EXPECT_EQ(*number, "5002");
  EXPECT_FALSE(parse_posted_comment_id("[]").ok());
  EXPECT_FALSE(parse_posted_comment_id("not json").ok());
}

}  // namespace
}  // namespace autofixd::sentry
