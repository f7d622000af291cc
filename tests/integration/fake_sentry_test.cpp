// The real SentryClient against FakeSentry over real HTTPS: requests sent,
// responses parsed, statuses classified.

#include <chrono>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/client_harness.hpp"
#include "integration/fake_sentry.hpp"

namespace autofixd::testing {
namespace {

using sentry::SentryClient;
using sentry::StartAutofix;
constexpr IssueId kIssue{42};

class FakeSentryClient : public ::testing::Test {
 protected:
  FakeSentry fake_{{.token = "t0k", .org = "acme", .tls = true}};
  ClientHarness harness_{sentry_config_for(fake_)};

  auto start(StartAutofix request = {}) {
    return harness_.run([&](SentryClient& c) { return c.start_autofix(kIssue, request); });
  }
  auto get_issue(IssueId issue = kIssue) {
    return harness_.run([&](SentryClient& c) { return c.get_issue(issue); });
  }
};

TEST_F(FakeSentryClient, GetIssueParsesDetailsAndSendsAuthHeaders) {
  fake_.set_issue(42, issue_json({.id = 42, .count = 150, .user_count = 12, .fixability = 0.7}));

  auto issue = get_issue();

  ASSERT_TRUE(issue.ok()) << issue.error().message;
  EXPECT_EQ(issue->id.value, 42);
  EXPECT_EQ(issue->count, 150);
  EXPECT_EQ(issue->user_count, 12);
  EXPECT_EQ(issue->project_slug, "backend");
  ASSERT_TRUE(issue->fixability.has_value());
  EXPECT_DOUBLE_EQ(*issue->fixability, 0.7);
  auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/api/0/organizations/acme/issues/42/");
  EXPECT_EQ(requests[0].header("Authorization"), "Bearer t0k");
  EXPECT_EQ(requests[0].header("Accept"), "application/json");
  EXPECT_EQ(requests[0].header("User-Agent"), "autofixd/0.1");
}

TEST_F(FakeSentryClient, StartAutofixSendsStoppingPointAndInstruction) {
  fake_.set_start_response(42, 202, start_response_json(777));

  auto run = start({config::StoppingPoint::open_pr, "Prefer minimal fixes."});

  ASSERT_TRUE(run.ok()) << run.error().message;
  ASSERT_TRUE(run->run_id.has_value());
  EXPECT_EQ(run->run_id->value, 777);
  auto bodies = fake_.bodies("POST", fake_.autofix_path(42));
  ASSERT_EQ(bodies.size(), 1u);
  auto body = nlohmann::json::parse(bodies[0]);
  EXPECT_EQ(body["stopping_point"], "open_pr");
  EXPECT_EQ(body["user_context"], "Prefer minimal fixes.");
  EXPECT_EQ(body["instruction"], "Prefer minimal fixes.");
  EXPECT_EQ(fake_.requests()[0].header("Content-Type"), "application/json");
}

TEST_F(FakeSentryClient, StartAutofixOmitsEmptyInstruction) {
  auto run = start({config::StoppingPoint::root_cause, ""});

  ASSERT_TRUE(run.ok()) << run.error().message;
  auto body = nlohmann::json::parse(fake_.bodies("POST", fake_.autofix_path(42)).at(0));
  EXPECT_EQ(body, nlohmann::json({{"stopping_point", "root_cause"}}));
}

TEST_F(FakeSentryClient, GetAutofixFollowsTheScriptInBothShapes) {
  fake_.script_autofix(42, {autofix_null_json(),
                            legacy_autofix_json({.run_id = 777, .status = "PROCESSING"}),
                            agent_autofix_json({.run_id = 777,
                                                .status = "completed",
                                                .root_cause = "Division by zero in divide()",
                                                .pr_url = "https://github.com/acme/backend/pull/1"})});
  auto get = [&] { return harness_.run([](SentryClient& c) { return c.get_autofix(kIssue); }); };

  auto none = get();
  auto processing = get();
  auto done = get();

  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_FALSE(none->exists);
  ASSERT_TRUE(processing.ok()) << processing.error().message;
  EXPECT_EQ(processing->status, sentry::AutofixStatus::processing);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->status, sentry::AutofixStatus::completed);
  EXPECT_EQ(done->root_cause, "Division by zero in divide()");
  ASSERT_EQ(done->pull_requests.size(), 1u);
  EXPECT_EQ(done->pull_requests[0].url, "https://github.com/acme/backend/pull/1");
}

TEST_F(FakeSentryClient, PostCommentReturnsTheNewId) {
  auto posted = harness_.run([](SentryClient& c) { return c.post_comment(kIssue, "hello"); });

  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_FALSE(posted->already_posted);
  ASSERT_EQ(fake_.comments(42).size(), 1u);
  EXPECT_EQ(posted->id, fake_.comments(42)[0].id);
  EXPECT_EQ(fake_.comments(42)[0].text, "hello");
}

TEST_F(FakeSentryClient, IdenticalCommentAgainIsAlreadyPosted) {
  fake_.add_comment(42, "hello");

  auto posted = harness_.run([](SentryClient& c) { return c.post_comment(kIssue, "hello"); });

  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_TRUE(posted->already_posted);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
}

TEST_F(FakeSentryClient, ListCommentsFollowsLinkPagination) {
  for (int i = 0; i < 25; ++i) fake_.add_comment(42, "note " + std::to_string(i));
  fake_.set_comment_page_size(10);

  auto comments = harness_.run([](SentryClient& c) { return c.list_comments(kIssue); });

  ASSERT_TRUE(comments.ok()) << comments.error().message;
  ASSERT_EQ(comments->size(), 25u);
  EXPECT_EQ(comments->front().text, "note 24");  // newest first
  EXPECT_EQ(comments->back().text, "note 0");
  EXPECT_EQ(fake_.count("GET", fake_.comments_path(42)), 3u);
}

TEST_F(FakeSentryClient, NoBudgetIs402WithSentrysDetail) {
  fake_.set_start_response(42, 402, R"("No budget for Seer Autofix.")");

  auto run = start();

  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, "sentry.no_budget");
  EXPECT_EQ(run.error().http_status, 402);
  EXPECT_EQ(run.error().message, "POST autofix for issue 42: HTTP 402: No budget for Seer Autofix.");
}

TEST_F(FakeSentryClient, ForbiddenIsAuthNamingTheScope) {
  // DRF's refusal for a token without the scope.
  fake_.set_start_response(42, 403,
                          R"({"detail":"You do not have permission to perform this action."})");

  auto run = start();

  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, "sentry.auth");
  EXPECT_NE(run.error().message.find("event:write"), std::string::npos) << run.error().message;
}

TEST_F(FakeSentryClient, SeersNotAuthorizedIsSeerDisabled) {
  // SeerPermissionError on POST (group_ai_autofix.py, SEER_PERMISSION_DENIED).
  fake_.set_start_response(42, 403,
                          R"({"detail":"You are not authorized to perform this action"})");

  auto run = start();

  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, "sentry.seer_disabled");
  EXPECT_EQ(run.error().http_status, 403);
}

TEST_F(FakeSentryClient, WrongTokenIsAuth) {
  auto config = sentry_config_for(fake_);
  config.token = "wrong";
  ClientHarness harness(config);
  fake_.set_issue(42, issue_json());

  auto issue = harness.run([](SentryClient& c) { return c.get_issue(kIssue); });

  ASSERT_FALSE(issue.ok());
  EXPECT_EQ(issue.error().code, "sentry.auth");
  EXPECT_EQ(issue.error().http_status, 401);
  EXPECT_NE(issue.error().message.find("event:read"), std::string::npos);
  EXPECT_EQ(issue.error().message.find("wrong"), std::string::npos) << "token leaked";
}

TEST_F(FakeSentryClient, UnknownIssueIsNotFound) {
  auto issue = get_issue(IssueId{99});

  ASSERT_FALSE(issue.ok());
  EXPECT_EQ(issue.error().code, "sentry.not_found");
  EXPECT_EQ(issue.error().http_status, 404);
  EXPECT_NE(issue.error().message.find("GET issue for issue 99: HTTP 404"), std::string::npos);
}

TEST_F(FakeSentryClient, RateLimitedHonoursRetryAfter) {
  fake_.fail_next("POST", fake_.autofix_path(42), 1,
                  {429, R"("You are attempting to use this endpoint too frequently.")",
                   {{"Retry-After", "7"}}});

  auto run = start();

  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, "sentry.transient");
  EXPECT_EQ(run.error().http_status, 429);
  EXPECT_EQ(run.error().retry_after, std::chrono::seconds(7));
}

TEST_F(FakeSentryClient, RateLimitedWithoutRetryAfterUsesTheResetHeader) {
  auto reset = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch()) +
               std::chrono::seconds(30);
  fake_.fail_next("GET", fake_.issue_path(42), 1,
                  {429, R"("slow down")",
                   {{"X-Sentry-Rate-Limit-Reset", std::to_string(reset.count())}}});

  auto issue = get_issue();

  ASSERT_FALSE(issue.ok());
  EXPECT_EQ(issue.error().code, "sentry.transient");
  EXPECT_GT(issue.error().retry_after, std::chrono::seconds(25));
  EXPECT_LE(issue.error().retry_after, std::chrono::seconds(31));
}

TEST_F(FakeSentryClient, ServerErrorIsTransient) {
  fake_.set_start_response(42, 500, R"({"detail":"Autofix failed to start."})");

  auto run = start();

  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, "sentry.transient");
  EXPECT_EQ(run.error().http_status, 500);
  EXPECT_EQ(run.error().retry_after, std::chrono::milliseconds(0));
}

TEST_F(FakeSentryClient, OtherClientErrorIsRejectedWithDetail) {
  fake_.set_start_response(42, 400, R"({"detail":"Cannot fix issues without an event."})");

  auto run = start();

  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, "sentry.rejected");
  EXPECT_EQ(run.error().message,
            "POST autofix for issue 42: HTTP 400: Cannot fix issues without an event.");
}

TEST_F(FakeSentryClient, UnparsableSuccessIsBadResponse) {
  fake_.set_start_response(42, 202, "<html>not json</html>");

  auto run = start();

  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, "sentry.bad_response");
}

}  // namespace
}  // namespace autofixd::testing
