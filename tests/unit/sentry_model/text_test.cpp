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
  EXPECT_EQ(sanitize("a\x01\x1B[31mb\x7F"), "a[31mb");
  EXPECT_EQ(sanitize("l1\r\nl2\tx"), "l1\nl2\tx");
  EXPECT_EQ(sanitize("l1\r\nl2\tx", false), "l1 l2 x");
  EXPECT_EQ(sanitize("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated sequence
}

}  // namespace
}  // namespace autofixd::sentry::text
