#include <gtest/gtest.h>

#include "report/markdown.hpp"

namespace autofixd::report::markdown {
namespace {

TEST(EscapeInline, NeutralisesLineStartMarkers) {
  EXPECT_EQ(escape_inline("# heading"), "\\# heading");
  EXPECT_EQ(escape_inline("> quote"), "\\> quote");
  EXPECT_EQ(escape_inline("- item"), "\\- item");
  EXPECT_EQ(escape_inline("+ item"), "\\+ item");
  EXPECT_EQ(escape_inline("12. item"), "12\\. item");
  EXPECT_EQ(escape_inline("3) item"), "3\\) item");
  EXPECT_EQ(escape_inline("a - b # c"), "a - b # c");
}

TEST(EscapeInline, NeutralisesLinksHtmlEmphasisAndMentions) {
  EXPECT_EQ(escape_inline("[x](javascript:alert(1))"), "\\[x\\]\\(javascript:alert\\(1\\)\\)");
  EXPECT_EQ(escape_inline("<script>alert(1)</script>"), "\\<script\\>alert\\(1\\)\\</script\\>");
  EXPECT_EQ(escape_inline("*bold* _it_ ~~s~~ a|b"), "\\*bold\\* \\_it\\_ \\~\\~s\\~\\~ a\\|b");
  EXPECT_EQ(escape_inline("ping @team &amp;"), "ping \\@team \\&amp;");
  EXPECT_EQ(escape_inline("C:\\path"), "C:\\\\path");
}

TEST(EscapeInline, KeepsBalancedShortCodeSpans) {
  EXPECT_EQ(escape_inline("`compute_total` adds `None`"), "`compute_total` adds `None`");
  EXPECT_EQ(escape_inline("``a ` b``"), "``a ` b``");
  EXPECT_EQ(escape_inline("`<b>_x_</b>`"), "`<b>_x_</b>`");
}

TEST(EscapeInline, EscapesUnbalancedAndTripleBackticks) {
  EXPECT_EQ(escape_inline("`open"), "\\`open");
  EXPECT_EQ(escape_inline("```js\ncode\n```"), "\\`\\`\\`js code \\`\\`\\`");
}

TEST(EscapeInline, CollapsesNewlinesAndControls) {
  EXPECT_EQ(escape_inline("a\n\n  b\tc\x01"), "a b c");
}

TEST(EscapeBlock, KeepsParagraphsAndDropsIndentation) {
  EXPECT_EQ(escape_block("first line\n    # not a heading\n\n\n\nsecond para\n"),
            "first line\n\\# not a heading\n\nsecond para");
}

TEST(EscapeBlock, FenceInTextCannotOpenACodeBlock) {
  const std::string out = escape_block("before\n```\ninside\n```\nafter");
  EXPECT_EQ(out.find("\n```"), std::string::npos) << out;
}

TEST(CodeSpan, UsesLongerDelimiterThanContent) {
  EXPECT_EQ(code_span("path/file.py"), "`path/file.py`");
  EXPECT_EQ(code_span("a`b"), "``a`b``");
  EXPECT_EQ(code_span("`x`"), "`` `x` ``");
  EXPECT_EQ(code_span("a\nb"), "`a b`");
}

TEST(Fenced, FenceIsLongerThanAnyBacktickRunInside) {
  const std::string block = fenced("+x = '```'\n+````\n", "diff");
  EXPECT_EQ(block.rfind("`````diff\n", 0), 0u) << block;
  EXPECT_EQ(block.substr(block.size() - 6), "`````\n");
  EXPECT_EQ(fenced("+a", "diff"), "```diff\n+a\n```\n");
}

TEST(SafeUrl, AcceptsOnlyHttpAndEncodesDelimiters) {
  EXPECT_EQ(safe_url("https://github.com/acme/backend/pull/4711"), "https://github.com/acme/backend/pull/4711");
  EXPECT_EQ(safe_url("https://x.test/a b)c<d>"), "https://x.test/a%20b%29c%3Cd%3E");
  EXPECT_EQ(safe_url("javascript:alert(1)"), "");
  EXPECT_EQ(safe_url("/relative"), "");
  EXPECT_EQ(safe_url(""), "");
}

TEST(Link, FallsBackToTextForUnsafeUrl) {
  EXPECT_EQ(link("PR #1", "https://x.test/1"), "[PR #1](https://x.test/1)");
  EXPECT_EQ(link("PR [1]", "data:text/html,x"), "PR \\[1\\]");
}

TEST(Truncate, AddsEllipsisWithinLimitOnCodePointBoundary) {
  EXPECT_EQ(truncate("short", 10), "short");
  const std::string cut = truncate("\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC", 7);  // €€€ → €…
  EXPECT_EQ(cut, "\xE2\x82\xAC\xE2\x80\xA6");
  EXPECT_LE(cut.size(), 7u);
}

TEST(EscapeInline, BareUrlBecomesACodeSpan) {
  EXPECT_EQ(escape_inline("log in at https://evil.test/login now"),
            "log in at `https://evil.test/login` now");
  EXPECT_EQ(escape_inline("http://x.test"), "`http://x.test`");
  EXPECT_EQ(escape_inline("ftp://x.test/f"), "`ftp://x.test/f`");
  EXPECT_EQ(escape_inline("HTTPS://X.TEST/A"), "`HTTPS://X.TEST/A`");
  // Inside the span nothing is escaped: the URL reads as written.
  EXPECT_EQ(escape_inline("https://x.test/a_b*c"), "`https://x.test/a_b*c`");
}

TEST(EscapeInline, WwwBecomesACodeSpan) {
  EXPECT_EQ(escape_inline("visit www.evil.test today"), "visit `www.evil.test` today");
  EXPECT_EQ(escape_inline("(WWW.evil.test)"), "\\(`WWW.evil.test`\\)");
  // Not at a word start: GitHub does not link it either.
  EXPECT_EQ(escape_inline("awww.x"), "awww.x");
  EXPECT_EQ(escape_inline("www."), "www.");
}

TEST(EscapeInline, SentencePunctuationStaysOutsideTheUrl) {
  EXPECT_EQ(escape_inline("see https://x.test/a."), "see `https://x.test/a`.");
  EXPECT_EQ(escape_inline("(see https://x.test/a_(b))."), "\\(see `https://x.test/a_(b)`\\).");
  EXPECT_EQ(escape_inline("https://x.test/a<b>"), "`https://x.test/a`\\<b\\>");
  EXPECT_EQ(escape_inline("https://"), "https://");  // nothing to link
}

TEST(EscapeInline, UrlWithBackticksGetsALongerDelimiter) {
  EXPECT_EQ(escape_inline("https://x.test/`a`"), "`` https://x.test/`a` ``");
}

TEST(EscapeInline, UrlInSeersOwnCodeSpanStaysAsItIs) {
  EXPECT_EQ(escape_inline("calls `https://api.test/v1`"), "calls `https://api.test/v1`");
}

TEST(EscapeInline, UrlHiddenByZeroWidthCharactersIsFoundAnyway) {
  EXPECT_EQ(escape_inline("ww\xE2\x80\x8Bw.evil.test"), "`www.evil.test`");
  EXPECT_EQ(escape_inline("https\xE2\x80\x8D://evil.test"), "`https://evil.test`");
}

TEST(EscapeInline, DropsBidiControlsAndTerminalEscapes) {
  EXPECT_EQ(escape_inline("user\xE2\x80\xAEnimda\xE2\x81\xA6x\xE2\x81\xA9"), "usernimdax");
  EXPECT_EQ(escape_inline("\x1B[31mred\x1B[0m"), "red");
}

TEST(EscapeBlock, BareUrlsBecomeCodeSpansOnEveryLine) {
  EXPECT_EQ(escape_block("one https://a.test\n\nwww.b.test two"),
            "one `https://a.test`\n\n`www.b.test` two");
}

TEST(Link, OurOwnLinkStaysALinkWithAUrlInItsLabel) {
  EXPECT_EQ(link("BACKEND-1: down at https://evil.test", "https://acme.sentry.io/issues/1/"),
            "[BACKEND-1: down at `https://evil.test`](https://acme.sentry.io/issues/1/)");
}

TEST(CodeSpan, DropsBidiAndZeroWidthCharacters) {
  EXPECT_EQ(code_span("a\xE2\x80\xAE"
                      "b\xEF\xBB\xBF"
                      "c"),
            "`abc`");
}

}  // namespace
}  // namespace autofixd::report::markdown
