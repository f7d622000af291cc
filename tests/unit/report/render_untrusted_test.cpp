// Text from Sentry and Seer in a whole comment: URLs in it are shown, never
// linked; the links autofixd makes itself (issue, pull requests) stay links;
// nothing invisible or terminal-controlling gets through.
#include <gtest/gtest.h>

#include "report/render.hpp"
#include "sentry/types.hpp"

namespace autofixd::report {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

RunSummary summary_with_title(std::string title) {
  RunSummary s;
  s.run_id = SentryRunId{12345};
  s.issue = IssueId{1170820242};
  s.issue_short_id = "BACKEND-3F";
  s.issue_title = std::move(title);
  s.issue_url = "https://acme.sentry.io/issues/1170820242/";
  s.rule = "backend-errors";
  s.stopping_point = config::StoppingPoint::open_pr;
  s.final_state = "completed";
  return s;
}

sentry::AutofixState hostile_state() {
  sentry::AutofixState st;
  st.exists = true;
  st.status = sentry::AutofixStatus::completed;
  st.root_cause =
      "The login page moved: sign in again at https://evil.test/login or www.evil.test.";
  st.root_cause_details = {
      "See http://evil.test/details\xE2\x80\xAE"
      "txt.exe"};
  st.solution =
      "Open \x1B]8;;https://evil.test\x1B\\the docs\x1B]8;;\x1B\\ and w\xE2\x80\x8Bww.evil.test";
  st.solution_steps = {"Visit https://evil.test/fix."};
  st.pull_requests = {{"acme/backend", "https://github.com/acme/backend/pull/4711", 4711}};
  return st;
}

TEST(RenderUntrusted, UrlsFromSeerAreCodeSpansNotLinks) {
  const sentry::AutofixState st = hostile_state();
  const std::string c = render_comment(summary_with_title("Down"), &st);
  EXPECT_TRUE(has(c, "sign in again at `https://evil.test/login` or `www.evil.test`.")) << c;
  EXPECT_TRUE(has(c, "- See `http://evil.test/detailstxt.exe`")) << c;
  EXPECT_TRUE(has(c, "Open the docs and `www.evil.test`")) << c;
  EXPECT_TRUE(has(c, "1. Visit `https://evil.test/fix`.")) << c;
  EXPECT_FALSE(has(c, "](https://evil")) << c;
  EXPECT_FALSE(has(c, " https://evil")) << c;  // every one is inside backticks
}

TEST(RenderUntrusted, OurOwnLinksStayLinks) {
  const sentry::AutofixState st = hostile_state();
  const std::string c = render_comment(summary_with_title("Timeout calling https://api.test"), &st);
  EXPECT_TRUE(has(c,
                  "**Issue:** [BACKEND-3F: Timeout calling `https://api.test`]"
                  "(https://acme.sentry.io/issues/1170820242/)"))
      << c;
  EXPECT_TRUE(has(c, "- [acme/backend#4711](https://github.com/acme/backend/pull/4711)")) << c;
}

TEST(RenderUntrusted, NoBidiZeroWidthOrEscapeSurvives) {
  const sentry::AutofixState st = hostile_state();
  const std::string c = render_comment(summary_with_title("a\xE2\x81\xA6"
                                                          "b\xE2\x80\x8C"
                                                          "c"),
                                       &st);
  EXPECT_FALSE(has(c, "\xE2\x80\xAE")) << c;
  EXPECT_FALSE(has(c, "\xE2\x81\xA6")) << c;
  EXPECT_FALSE(has(c, "\xE2\x80\x8B")) << c;
  EXPECT_FALSE(has(c, "\xE2\x80\x8C")) << c;
  EXPECT_FALSE(has(c, "\x1B")) << c;
  EXPECT_TRUE(has(c, "BACKEND-3F: abc]")) << c;
}

}  // namespace
}  // namespace autofixd::report
