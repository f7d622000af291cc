// Size limits, shortening order, escaping of hostile text and UTF-8 safety.

#include <gtest/gtest.h>

#include "report/render.hpp"
#include "sentry/text.hpp"

namespace autofixd::report {
namespace {

RunSummary summary() {
  RunSummary s;
  s.run_id = SentryRunId{777};
  s.issue = IssueId{42};
  s.issue_short_id = "BACKEND-1";
  s.issue_url = "https://acme.sentry.io/issues/42/";
  s.rule = "backend-errors";
  s.final_state = "completed";
  return s;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A '<' Markdown would read as HTML: one not escaped by a backslash.
bool has_raw_angle(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && (i == 0 || s[i - 1] != '\\')) return true;
  }
  return false;
}

bool valid_utf8(const std::string& s) { return sentry::text::sanitize(s) == s; }

// About 1 MB: long texts, many details, steps and big diffs, two PRs.
sentry::AutofixState huge_state() {
  sentry::AutofixState st;
  st.exists = true;
  st.status = sentry::AutofixStatus::completed;
  st.root_cause = "Root cause summary: " + std::string(3000, 'r');
  for (int i = 0; i < 200; ++i) st.root_cause_details.push_back("why " + std::to_string(i) + std::string(900, 'w'));
  st.solution = "Solution summary: " + std::string(3000, 's');
  for (int i = 0; i < 200; ++i) st.solution_steps.push_back("step " + std::to_string(i) + std::string(900, 't'));
  for (int i = 0; i < 100; ++i) {
    std::string diff;
    for (int line = 0; line < 400; ++line) diff += "+ line " + std::to_string(line) + " \xC3\xA9\xE2\x82\xAC\n";
    st.changes.push_back({"acme/backend", "src/file" + std::to_string(i) + ".py", "", diff});
  }
  st.pull_requests.push_back({"acme/backend", "https://github.com/acme/backend/pull/1", 1});
  st.pull_requests.push_back({"acme/web", "https://github.com/acme/web/pull/2", 2});
  return st;
}

TEST(RenderLimits, OneMegabyteStateIsCutTo64KiBKeepingEssentials) {
  const auto st = huge_state();
  const std::string c = render_comment(summary(), &st);
  EXPECT_LE(c.size(), kMaxCommentBytes);
  EXPECT_GT(c.size(), kMaxCommentBytes / 2);  // cut, not emptied
  EXPECT_TRUE(has(c, "### Seer Autofix: fix proposed"));
  EXPECT_TRUE(has(c, "[acme/backend#1](https://github.com/acme/backend/pull/1)"));
  EXPECT_TRUE(has(c, "[acme/web#2](https://github.com/acme/web/pull/2)"));
  EXPECT_TRUE(has(c, "[BACKEND-1](https://acme.sentry.io/issues/42/)"));
  EXPECT_TRUE(contains_marker(c, SentryRunId{777}));
  EXPECT_TRUE(has(c, "_(This comment was shortened to stay within 65,536 bytes: ")) << c.substr(c.size() - 800);
  EXPECT_TRUE(has(c, "Root cause summary: "));
  EXPECT_TRUE(has(c, "Solution summary: "));
  EXPECT_TRUE(valid_utf8(c));
  // The marker line closes the comment.
  EXPECT_EQ(c.substr(c.size() - 19), "`autofixd:run:777`\n");
}

TEST(RenderLimits, DropsCodeExcerptsBeforeSolutionAndRootCauseDetail) {
  auto st = huge_state();
  st.root_cause_details.resize(3);
  st.solution_steps.resize(3);
  const std::string c = render_comment(summary(), &st);
  EXPECT_LE(c.size(), kMaxCommentBytes);
  EXPECT_TRUE(has(c, "- why 2"));
  EXPECT_TRUE(has(c, "3. step 2"));
  EXPECT_TRUE(has(c, "`src/file99.py`"));  // the file list stays
  EXPECT_TRUE(has(c, "code excerpts left out")) << c.substr(c.size() - 400);
  EXPECT_FALSE(has(c, "solution steps left out"));
}

TEST(RenderLimits, DropsSolutionDetailBeforeRootCauseDetail) {
  auto st = huge_state();
  st.changes.clear();
  st.root_cause_details.resize(20);
  const std::string c = render_comment(summary(), &st);
  EXPECT_LE(c.size(), kMaxCommentBytes);
  EXPECT_TRUE(has(c, "- why 19"));
  EXPECT_TRUE(has(c, "solution steps left out"));
  EXPECT_FALSE(has(c, "root-cause details left out"));
}

TEST(RenderLimits, ExcerptsAreShortEvenWhenEverythingFits) {
  sentry::AutofixState st;
  st.exists = true;
  std::string diff;
  for (int line = 0; line < 500; ++line) diff += "+x\n";
  st.changes.push_back({"acme/backend", "a.py", "", diff});
  const std::string c = render_comment(summary(), &st);
  EXPECT_TRUE(has(c, "_(excerpt: first 40 of about 500 lines)_")) << c;
  EXPECT_FALSE(has(c, "shortened"));
}

TEST(RenderLimits, EveryLimitGivesValidUtf8WithinLimitAndMarker) {
  auto st = huge_state();
  st.root_cause = std::string(5000, 'a');
  for (int i = 0; i < 2000; ++i) st.root_cause += "\xF0\x9F\x98\x80\xE2\x82\xAC\xC3\xA9";
  for (std::size_t limit : {300u, 511u, 700u, 1000u, 1001u, 1002u, 1003u, 2047u, 5000u, 9999u, 20000u}) {
    const std::string c = render_comment(summary(), &st, limit);
    EXPECT_LE(c.size(), limit) << limit;
    EXPECT_TRUE(valid_utf8(c)) << limit;
    EXPECT_TRUE(contains_marker(c, SentryRunId{777})) << limit;
  }
}

TEST(RenderLimits, TinyLimitStillEndsWithMarker) {
  const auto st = huge_state();
  const std::string c = render_comment(summary(), &st, 200);
  EXPECT_LE(c.size(), 200u);
  EXPECT_TRUE(contains_marker(c, SentryRunId{777})) << c;
}

TEST(RenderEscaping, HostileRootCauseCannotBreakOut) {
  sentry::AutofixState st;
  st.exists = true;
  st.root_cause = "```\n# heading\n<script>alert(1)</script>\n[click](javascript:alert(1))\n@everyone\n  ```";
  st.root_cause_details = {"```", "# h2", "> quote", "1. one", "<img src=x onerror=alert(1)>"};
  st.solution_steps = {"| a | b |", "---", "*emph*"};
  st.changes.push_back({"acme/backend", "x.md", "", "+```\n+````\n+ end\n"});
  const std::string c = render_comment(summary(), &st);
  EXPECT_FALSE(has_raw_angle(c)) << c;
  EXPECT_FALSE(has(c, "](javascript")) << c;
  EXPECT_FALSE(has(c, "\n# heading")) << c;
  EXPECT_FALSE(has(c, "\n> quote")) << c;
  EXPECT_TRUE(has(c, "\\@everyone")) << c;
  // The only fences are the excerpt's, and they outrun the backticks inside.
  EXPECT_TRUE(has(c, "\n`````diff\n+```\n+````\n+ end\n`````\n")) << c;
  std::size_t fences = 0;
  for (std::size_t at = c.find("\n```"); at != std::string::npos; at = c.find("\n```", at + 1)) ++fences;
  EXPECT_EQ(fences, 2u) << c;
  EXPECT_TRUE(contains_marker(c, SentryRunId{777}));
}

TEST(RenderEscaping, HostileRuleAndTitleStayInert) {
  RunSummary s = summary();
  s.issue_title = "](https://evil.test) <b>";
  s.rule = "r`x";
  const std::string c = render_comment(s, nullptr);
  EXPECT_TRUE(has(c, "[BACKEND-1: \\]\\(`https://evil.test`\\) \\<b\\>](https://acme.sentry.io/issues/42/)")) << c;
  EXPECT_TRUE(has(c, "rule ``r`x``")) << c;
}

TEST(RenderEscaping, InvalidUtf8FromSentryIsReplaced) {
  sentry::AutofixState st;
  st.exists = true;
  st.root_cause = "bad \xFF\xFE bytes";
  const std::string c = render_comment(summary(), &st);
  EXPECT_TRUE(valid_utf8(c));
  EXPECT_TRUE(has(c, "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes"));
}

}  // namespace
}  // namespace autofixd::report
