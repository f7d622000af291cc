#include "sentry/classify.hpp"

#include <gtest/gtest.h>

namespace autofixd::sentry {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const CallInfo kStart{"POST autofix", IssueId{123}, true};
const CallInfo kGet{"GET issue", IssueId{7}, false};
const SysTime kNow{seconds(1'700'000'000)};

HttpResponse response(int status, std::string body, HeaderList headers = {}) {
  return HttpResponse{status, std::move(body), std::move(headers)};
}

TEST(Classify, NoBudgetNamesCallIssueStatusAndDetail) {
  Error e = classify_failure(kStart, response(402, R"("No budget for Seer Autofix.")"), kNow);
  EXPECT_EQ(e.code, "sentry.no_budget");
  EXPECT_EQ(e.http_status, 402);
  EXPECT_EQ(e.message, "POST autofix for issue 123: HTTP 402: No budget for Seer Autofix.");
}

TEST(Classify, AuthFailuresNameTheScopeTheCallNeeds) {
  // DRF's refusal of a token without the scope.
  Error write = classify_failure(
      kStart, response(403, R"({"detail":"You do not have permission to perform this action."})"),
      kNow);
  EXPECT_EQ(write.code, "sentry.auth");
  EXPECT_NE(write.message.find("event:write"), std::string::npos) << write.message;
  Error read = classify_failure(kGet, response(401, ""), kNow);
  EXPECT_EQ(read.code, "sentry.auth");
  EXPECT_NE(read.message.find("event:read"), std::string::npos) << read.message;
}

TEST(Classify, SeersOwnRefusalIsSeerDisabledNotAuth) {
  // SeerPermissionError on POST; the feature checks' messages on GET.
  Error post = classify_failure(
      kStart, response(403, R"({"detail":"You are not authorized to perform this action"})"), kNow);
  EXPECT_EQ(post.code, "sentry.seer_disabled");
  EXPECT_EQ(post.message.find("event:write"), std::string::npos) << post.message;
  const CallInfo get_autofix{"GET autofix", IssueId{123}, false};
  Error get = classify_failure(
      get_autofix, response(403, R"({"detail":"AI features are disabled for this organization."})"),
      kNow);
  EXPECT_EQ(get.code, "sentry.seer_disabled");
  // Other endpoints' 403s stay token problems.
  EXPECT_EQ(classify_failure(kGet, response(403, R"({"detail":"nope"})"), kNow).code, "sentry.auth");
}

TEST(Classify, StatusCodes) {
  EXPECT_EQ(classify_failure(kGet, response(404, ""), kNow).code, "sentry.not_found");
  EXPECT_EQ(classify_failure(kGet, response(500, ""), kNow).code, "sentry.transient");
  EXPECT_EQ(classify_failure(kGet, response(503, ""), kNow).code, "sentry.transient");
  EXPECT_EQ(classify_failure(kGet, response(429, ""), kNow).code, "sentry.transient");
  EXPECT_EQ(classify_failure(kGet, response(400, ""), kNow).code, "sentry.rejected");
  EXPECT_EQ(classify_failure(kGet, response(409, ""), kNow).code, "sentry.rejected");
}

TEST(Classify, RetryAfterSecondsWins) {
  auto r = response(429, "", {{"retry-after", "12"}, {"X-Sentry-Rate-Limit-Reset", "1700000100"}});
  EXPECT_EQ(classify_failure(kGet, r, kNow).retry_after, seconds(12));
}

TEST(Classify, RateLimitResetIsRelativeToNow) {
  auto r = response(429, "", {{"X-Sentry-Rate-Limit-Reset", "1700000030"}});
  EXPECT_EQ(classify_failure(kGet, r, kNow).retry_after, seconds(30));
}

TEST(Classify, ResetInThePastOrMissingIsZero) {
  EXPECT_EQ(retry_after(response(429, "", {{"X-Sentry-Rate-Limit-Reset", "1600000000"}}), kNow),
            milliseconds(0));
  EXPECT_EQ(retry_after(response(429, ""), kNow), milliseconds(0));
  EXPECT_EQ(retry_after(response(429, "", {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}), kNow),
            milliseconds(0));
}

TEST(Classify, AlreadyPostedComment) {
  EXPECT_TRUE(is_already_posted(response(400, R"({"detail":"You have already posted that comment."})")));
  EXPECT_FALSE(is_already_posted(response(400, R"({"detail":"bad"})")));
  EXPECT_FALSE(is_already_posted(response(201, R"({"id":"1"})")));
}

TEST(Classify, TransportFailureKeepsCodeAndNamesTheCall) {
  Error e = call_failed(kGet, make_error("sentry.transient", "connecting to h:443 failed: refused"));
  EXPECT_EQ(e.code, "sentry.transient");
  EXPECT_EQ(e.message, "GET issue for issue 7: connecting to h:443 failed: refused");
}

}  // namespace
}  // namespace autofixd::sentry
