// Slack messages: untrusted text cannot link, mention or ping; sizes stay
// within Slack's limits and a cut says so.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "notify/slack.hpp"
#include "sentry/text.hpp"
#include "unit/notify/examples.hpp"

namespace autofixd::notify {
namespace {

using Json = nlohmann::json;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Every mrkdwn text in the message, and the fallback.
std::vector<std::string> texts(const Json& message) {
  std::vector<std::string> out{message.at("text").get<std::string>()};
  for (const Json& block : message.at("blocks")) {
    if (block.contains("text")) {
      EXPECT_TRUE(block["text"].at("verbatim").get<bool>());
      out.push_back(block["text"].at("text").get<std::string>());
    }
    if (block.contains("elements")) {
      for (const Json& e : block["elements"]) out.push_back(e.at("text").get<std::string>());
    }
  }
  return out;
}

TEST(Slack, NamesTheOutcomeAndLinksTheIssueAndPullRequests) {
  const Json m = Json::parse(render_slack(examples::completed_with_prs()));
  EXPECT_EQ(m["text"],
            "Seer Autofix completed: BACKEND-3F: TimeoutError: checkout took longer than 30s "
            "<https://acme.sentry.io/organizations/acme/issues/1170820242/>");
  const std::string all = m.dump();
  EXPECT_TRUE(
      has(all, "<https://acme.sentry.io/organizations/acme/issues/1170820242/|BACKEND-3F: "))
      << all;
  EXPECT_TRUE(
      has(all, "<https://github.com/acme/backend/pull/4711|github.com/acme/backend/pull/4711>"))
      << all;
  EXPECT_TRUE(has(all, "*Root cause:* The payment client waits 30 s")) << all;
  EXPECT_TRUE(has(all, "took 24 minutes 20 seconds")) << all;
  EXPECT_TRUE(has(all, "Rule `backend-errors`")) << all;
  EXPECT_FALSE(m["unfurl_links"].get<bool>());
}

TEST(Slack, UntrustedTextCannotLinkMentionOrPing) {
  const Json m = Json::parse(render_slack(examples::hostile()));
  for (const std::string& t : texts(m)) {
    // The only '<' left open our own links: the issue and the one safe PR URL.
    for (std::size_t at = t.find('<'); at != std::string::npos; at = t.find('<', at + 1)) {
      const std::string_view rest = std::string_view(t).substr(at);
      EXPECT_TRUE(rest.rfind("<https://acme.sentry.io/", 0) == 0 ||
                  rest.rfind("<https://github.com/", 0) == 0)
          << t;
    }
    EXPECT_FALSE(has(t, "<!channel>")) << t;
    EXPECT_FALSE(has(t, "<@U123>")) << t;
    EXPECT_FALSE(has(t, "\xE2\x80\xAE")) << t;
    EXPECT_FALSE(has(t, "\x1B")) << t;
  }
  const std::string all = m.dump();
  EXPECT_TRUE(has(all, "&lt;!channel&gt;")) << all;
  EXPECT_TRUE(has(all, "&amp;amp;")) << all;
  // A PR URL's '|' and '>' cannot end our link early; a javascript: URL is no link.
  EXPECT_TRUE(has(all, "<https://github.com/acme/backend/pull/4711?a=1%7Cb%3Ec|")) << all;
  EXPECT_FALSE(has(all, "<javascript:")) << all;
}

TEST(Slack, OversizedFieldsStayWithinSlackLimitsAndSaySo) {
  const Json m = Json::parse(render_slack(examples::oversized()));
  for (const std::string& t : texts(m)) {
    EXPECT_LE(sentry::text::code_points(t), kSlackMaxSectionChars) << t.substr(0, 200);
  }
  const std::string all = m.dump();
  // The detail sentence is the detail and its full stop.
  EXPECT_TRUE(has(all, "(cut from 200,000 characters; the full text is in Sentry)"))
      << all.substr(0, 500);
  EXPECT_TRUE(has(all, "(cut from 10,001 characters; the full text is in Sentry)"))
      << all.substr(0, 500);
  EXPECT_TRUE(has(all, "_and 10 more (listed in Sentry)_")) << all.substr(all.size() - 2000);
}

TEST(Slack, ACutNeverEndsInsideAnEntity) {
  Outcome o = examples::completed_root_cause();
  o.root_cause = std::string(5000, '&');
  const Json m = Json::parse(render_slack(o));
  for (const Json& block : m["blocks"]) {
    if (!block.contains("text")) continue;
    const std::string t = block["text"]["text"];
    if (t.rfind("*Root cause:*", 0) != 0) continue;
    const std::size_t cut = t.find("\xE2\x80\xA6");
    ASSERT_NE(cut, std::string::npos) << t;
    EXPECT_EQ(t.substr(cut - 5, 5), "&amp;") << t;
  }
}

}  // namespace
}  // namespace autofixd::notify
