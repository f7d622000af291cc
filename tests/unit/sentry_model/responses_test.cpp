#include <gtest/gtest.h>

#include "sentry/responses.hpp"
#include "support/fixture.hpp"

namespace autofixd::sentry {
namespace {

using testing::read_fixture;

TEST(ParseStartResponse, ReadsRunId) {
  auto run = parse_start_response(read_fixture("sentry/autofix_start.json"));
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->value, 12345);
}

TEST(ParseStartResponse, AcceptsNumericString) {
  auto run = parse_start_response(R"({"run_id": "987", "sentry_run_id": "abc"})");
  ASSERT_TRUE(run);
  EXPECT_EQ(run->value, 987);
}

TEST(ParseStartResponse, RejectsMissingOrWrongRunId) {
  for (const char* body : {"", "{}", R"({"run_id": null})", R"({"run_id": "x1"})", R"({"run_id": 1.5})",
                           R"({"run_id": -3})", "[12345]", R"("No budget for Seer Autofix.")"}) {
    Result<SentryRunId> run = SentryRunId{};
    EXPECT_NO_THROW(run = parse_start_response(body));
    ASSERT_FALSE(run) << body;
    EXPECT_EQ(run.error().code, "sentry.bad_response");
    EXPECT_EQ(run.error().message.rfind("autofix start: ", 0), 0u) << run.error().message;
  }
}

TEST(ParseComments, ReadsIdsAndTexts) {
  auto comments = parse_comments(read_fixture("sentry/comments.json"));
  ASSERT_TRUE(comments) << comments.error().message;
  ASSERT_EQ(comments->size(), 2u);
  EXPECT_EQ((*comments)[0].id, "4711002");
  EXPECT_NE((*comments)[0].text.find("autofixd:run:12340"), std::string::npos);
  EXPECT_EQ((*comments)[1].text, "Looks like the coupon migration again.");
}

TEST(ParseComments, SkipsEntriesWithoutIdAndToleratesMissingText) {
  auto comments = parse_comments(R"([{"data":{"text":"no id"}},{"id":5},{"id":"6","data":null},7])");
  ASSERT_TRUE(comments);
  ASSERT_EQ(comments->size(), 2u);
  EXPECT_EQ((*comments)[0].id, "5");
  EXPECT_EQ((*comments)[1].text, "");
}

TEST(ParseComments, RejectsNonArray) {
  auto comments = parse_comments(R"({"detail":"nope"})");
  ASSERT_FALSE(comments);
  EXPECT_NE(comments.error().message.find("expected a JSON array"), std::string::npos);
}

TEST(SentryDetail, ReadsDetailField) {
  EXPECT_EQ(sentry_detail(R"({"detail": "You have already posted that comment."})"),
            "You have already posted that comment.");
}

TEST(SentryDetail, ReadsBareJsonString) {
  EXPECT_EQ(sentry_detail(R"("No budget for Seer Autofix.")"), "No budget for Seer Autofix.");
}

TEST(SentryDetail, ReadsNestedDetailMessage) {
  EXPECT_EQ(sentry_detail(R"({"detail": {"message": "Invalid token", "code": "x"}})"), "Invalid token");
}

TEST(SentryDetail, FallsBackToSanitisedPrefix) {
  const std::string html = "<html>\r\n<body>502\x01 Bad Gateway</body>\n" + std::string(500, 'x');
  const std::string detail = sentry_detail(html);
  EXPECT_LE(detail.size(), 200u);
  EXPECT_EQ(detail.find('\n'), std::string::npos);
  EXPECT_EQ(detail.find('\x01'), std::string::npos);
  EXPECT_EQ(detail.rfind("<html> <body>502 Bad Gateway", 0), 0u);
}

TEST(SentryDetail, EmptyBodyGivesEmptyText) { EXPECT_EQ(sentry_detail(""), ""); }

TEST(SentryDetail, CutsMultiByteTextOnCodePointBoundary) {
  std::string body;
  for (int i = 0; i < 150; ++i) body += "\xC3\xA9";  // é
  const std::string detail = sentry_detail(body);
  EXPECT_EQ(detail.size(), 200u);
}

}  // namespace
}  // namespace autofixd::sentry
