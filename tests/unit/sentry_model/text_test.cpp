#include <gtest/gtest.h>

#include "sentry/text.hpp"

namespace autofixd::sentry::text {
namespace {

TEST(Utf8Prefix, NeverSplitsACodePoint) {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";  // a é € 😀 z
  EXPECT_EQ(utf8_prefix(s, 1), "a");
  EXPECT_EQ(utf8_prefix(s, 2), "a");
  EXPECT_EQ(utf8_prefix(s, 3), "a\xC3\xA9");
  EXPECT_EQ(utf8_prefix(s, 5), "a\xC3\xA9");
  EXPECT_EQ(utf8_prefix(s, 6), "a\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(utf8_prefix(s, 9), "a\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(utf8_prefix(s, 10), "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(utf8_prefix(s, 100), s);
  EXPECT_EQ(utf8_prefix(s, 0), "");
}

TEST(Sanitize, ReplacesInvalidBytesAndDropsControls) {
  EXPECT_EQ(sanitize("ok\xFFok"), "ok\xEF\xBF\xBDok");
  EXPECT_EQ(sanitize("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");           // overlong '/'
  EXPECT_EQ(sanitize("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(sanitize("a\x01"
                     "b\x7F"),
            "ab");
  EXPECT_EQ(sanitize("l1\r\nl2\tx"), "l1\nl2\tx");
  EXPECT_EQ(sanitize("l1\r\nl2\tx", false), "l1 l2 x");
  EXPECT_EQ(sanitize("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated sequence
}

TEST(Sanitize, DropsTerminalEscapeSequencesWhole) {
  EXPECT_EQ(sanitize("\x1B[1;31mred\x1B[0m plain"), "red plain");
  EXPECT_EQ(sanitize("\x1B[2J\x1B[Hcleared"), "cleared");
  EXPECT_EQ(sanitize("\x1B]0;window title\x07"
                     "after"),
            "after");
  EXPECT_EQ(sanitize("\x1B]8;;https://evil.test\x1B\\link\x1B]8;;\x1B\\"), "link");
  EXPECT_EQ(sanitize("\x1BP+q\x1B\\x"), "x");
  EXPECT_EQ(sanitize("\x1B(Bx\x1B"
                     "cy"),
            "xy");
  EXPECT_EQ(sanitize("end\x1B"), "end");
  // An OSC that never ends loses only its introducer: the text stays visible.
  EXPECT_EQ(sanitize("\x1B]0;title\nnext"), "0;title\nnext");
}

TEST(Sanitize, DropsC1ControlsIncludingTheEightBitCsi) {
  EXPECT_EQ(sanitize("a\xC2\x9B"
                     "31mb"),
            "a31mb");
  EXPECT_EQ(sanitize("a\xC2\x85"
                     "b\xC2\x80"
                     "c\xC2\x9F"
                     "d"),
            "abcd");
  EXPECT_EQ(sanitize("\xC2\xA0\xC2\xA9"), "\xC2\xA0\xC2\xA9");  // NBSP and (c) stay
}

TEST(Sanitize, DropsBidiControls) {
  // "Trojan Source": an override makes "admin" display as "nimda".
  EXPECT_EQ(sanitize("user\xE2\x80\xAEnimda\xE2\x80\xAC"), "usernimda");
  for (const char* bidi : {"\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD",
                           "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8",
                           "\xE2\x81\xA9", "\xE2\x80\x8E", "\xE2\x80\x8F", "\xD8\x9C"}) {
    EXPECT_EQ(sanitize(std::string("a") + bidi + "b"), "ab") << ::testing::PrintToString(bidi);
  }
}

TEST(Sanitize, DropsZeroWidthCharacters) {
  for (const char* invisible :
       {"\xE2\x80\x8B", "\xE2\x80\x8C", "\xE2\x80\x8D", "\xE2\x81\xA0", "\xEF\xBB\xBF"}) {
    EXPECT_EQ(sanitize(std::string("ww") + invisible + "w.evil.test"), "www.evil.test")
        << ::testing::PrintToString(invisible);
  }
}

TEST(Sanitize, LineAndParagraphSeparatorsAreLineBreaks) {
  EXPECT_EQ(sanitize("a\xE2\x80\xA8"
                     "b\xE2\x80\xA9"
                     "c"),
            "a\nb\nc");
  EXPECT_EQ(sanitize("a\xE2\x80\xA8"
                     "b",
                     false),
            "a b");
}

TEST(OneLine, IsSanitizedAndOnOneLine) {
  EXPECT_EQ(one_line("fake\n2025-01-01 [error] forged log line\x1B[0m", 200),
            "fake 2025-01-01 [error] forged log line");
}

TEST(OneLine, CutsWithEllipsisWithinTheLimit) {
  EXPECT_EQ(one_line("short", 5), "short");
  EXPECT_EQ(one_line("abcdefgh", 6), "abc\xE2\x80\xA6");
  EXPECT_EQ(one_line("abcdefgh", 2), "ab");
}

TEST(OneLine, NeverSplitsACodePoint) {
  const std::string euros = "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC";  // four euro signs
  for (std::size_t max = 0; max <= euros.size(); ++max) {
    const std::string cut = one_line(euros, max);
    EXPECT_LE(cut.size(), max);
    EXPECT_EQ(sanitize(cut), cut) << "max " << max;  // still valid UTF-8
  }
  EXPECT_EQ(one_line(euros, 8), "\xE2\x82\xAC\xE2\x80\xA6");
}

TEST(OneLine, MeasuresTheSanitizedText) {
  // Each invalid byte becomes a 3-byte U+FFFD; the cap holds for the result.
  const std::string cut = one_line(std::string(10, '\xFF'), 10);
  EXPECT_EQ(cut, "\xEF\xBF\xBD\xEF\xBF\xBD\xE2\x80\xA6");
}

TEST(CodePoints, CountsCharactersNotBytes) {
  EXPECT_EQ(code_points(""), 0U);
  EXPECT_EQ(code_points("abc"), 3U);
  EXPECT_EQ(code_points("a\xE2\x82\xAC\xF0\x9F\x98\x80"), 3U);  // a, euro, emoji
}

TEST(Utf8PrefixChars, TakesWholeCodePoints) {
  const std::string s = "a\xE2\x82\xAC\xF0\x9F\x98\x80" "b";
  EXPECT_EQ(utf8_prefix_chars(s, 0), 0U);
  EXPECT_EQ(utf8_prefix_chars(s, 1), 1U);
  EXPECT_EQ(utf8_prefix_chars(s, 2), 4U);
  EXPECT_EQ(utf8_prefix_chars(s, 3), 8U);
  EXPECT_EQ(utf8_prefix_chars(s, 4), s.size());
  EXPECT_EQ(utf8_prefix_chars(s, 100), s.size());
}

}  // namespace
}  // namespace autofixd::sentry::text
