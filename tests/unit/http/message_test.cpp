// Header names compare case-insensitively in ASCII only: a letter matches
// its other case and nothing else does.
#include <gtest/gtest.h>

#include "http/message.hpp"

namespace autofixd::http {
namespace {

TEST(Iequals, LettersMatchTheirOtherCase) {
  EXPECT_TRUE(iequals("Sentry-Hook-Signature", "sentry-hook-signature"));
  EXPECT_TRUE(iequals("REQUEST-ID", "Request-Id"));
  EXPECT_FALSE(iequals("Request-ID", "Request-IE"));
  EXPECT_FALSE(iequals("Request-ID", "Request-I"));
}

TEST(Iequals, OnlyLettersFoldAndOtherBytesMatchThemselves) {
  // '[' is 0x5B and '{' is 0x7B: setting bit 5 of every byte would fold them.
  EXPECT_FALSE(iequals("a[", "a{"));
  EXPECT_FALSE(iequals("@", "`"));
  EXPECT_TRUE(iequals("\xC3\x84", "\xC3\x84"));
  EXPECT_FALSE(iequals("\xC3\x84", "\xC3\xA4")) << "no locale: non-ASCII bytes never fold";
}

TEST(RequestHeader, FindsANameInAnyCase) {
  Request r;
  r.headers = {{"Content-Type", "application/json"}, {"request-id", "abc"}};
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("Request-ID"), "abc");
  EXPECT_EQ(r.header("Sentry-Hook-Resource"), "");
}

}  // namespace
}  // namespace autofixd::http
