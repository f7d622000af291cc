// The signed webhook: DESIGN.md's fields with their types, bounded text,
// and a signature a receiver can check with any HMAC-SHA256.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "notify/webhook.hpp"
#include "unit/notify/examples.hpp"

namespace autofixd::notify {
namespace {

using Json = nlohmann::json;

TEST(Webhook, HasTheContractFieldsWithTheirTypes) {
  const Json body = Json::parse(render_webhook(examples::completed_with_prs()));
  EXPECT_EQ(body["outcome"], "completed");
  EXPECT_EQ(body["issue_id"], "1170820242");
  EXPECT_EQ(body["run_id"], 7);
  EXPECT_EQ(body["rule"], "backend-errors");
  EXPECT_EQ(body["issue_url"], "https://acme.sentry.io/organizations/acme/issues/1170820242/");
  EXPECT_EQ(body["pr_urls"], Json::array({"https://github.com/acme/backend/pull/4711",
                                          "https://github.com/acme/payments/pull/88"}));
  EXPECT_EQ(body["sentry_run_id"], 12345);
  EXPECT_EQ(body["duration_seconds"], 1460);
  EXPECT_EQ(body["at"], "2026-03-04T10:19:12Z");
  EXPECT_EQ(body["shortened"], Json::array());
}

TEST(Webhook, NoRunMeansNullRunId) {
  const Json body = Json::parse(render_webhook(examples::skipped_already_triggered()));
  EXPECT_TRUE(body["run_id"].is_null());
  EXPECT_TRUE(body["sentry_run_id"].is_null());
  EXPECT_TRUE(body["duration_seconds"].is_null());
  EXPECT_EQ(body["pr_urls"], Json::array());
}

TEST(Webhook, OversizedTextIsCutAndNamed) {
  const std::string raw = render_webhook(examples::oversized());
  const Json body = Json::parse(raw);
  EXPECT_EQ(body["shortened"], Json::array({"title", "root_cause", "detail"}));
  EXPECT_LE(body["root_cause"].get<std::string>().size(), kMaxWebhookFieldBytes);
  EXPECT_EQ(body["pr_urls"].size(), 30U);
  EXPECT_LT(raw.size(), 20'000U);
}

TEST(Webhook, InvalidUtf8AndControlsNeverBreakTheJson) {
  Outcome o = examples::hostile();
  o.issue_title = "bad \xFF\xFE byte \x07 bell";
  const Json body = Json::parse(render_webhook(o));
  EXPECT_EQ(body["title"], "bad \xEF\xBF\xBD\xEF\xBF\xBD byte  bell");
}

TEST(Webhook, SignatureIsLowercaseHexHmacSha256OfTheExactBody) {
  // RFC 4231, test case 2.
  EXPECT_EQ(sign_webhook("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  const std::string body = render_webhook(examples::refused());
  EXPECT_NE(sign_webhook("secret", body), sign_webhook("secret", body + " "));
  EXPECT_NE(sign_webhook("secret", body), sign_webhook("other", body));
}

}  // namespace
}  // namespace autofixd::notify
