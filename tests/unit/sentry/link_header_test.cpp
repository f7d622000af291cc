#include "sentry/link_header.hpp"

#include <gtest/gtest.h>

namespace autofixd::sentry {
namespace {

TEST(LinkHeader, NextCursorWhenMoreResults) {
  auto cursor = next_page_cursor(
      R"(<https://sentry.io/api/0/organizations/acme/issues/1/comments/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", )"
      R"(<https://sentry.io/api/0/organizations/acme/issues/1/comments/?&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0")");
  ASSERT_TRUE(cursor.has_value());
  EXPECT_EQ(*cursor, "0:100:0");
}

TEST(LinkHeader, NoCursorWhenNextHasNoResults) {
  EXPECT_FALSE(next_page_cursor(
      R"(<https://x/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", )"
      R"(<https://x/?&cursor=0:100:0>; rel="next"; results="false"; cursor="0:100:0")"));
}

TEST(LinkHeader, NoCursorWithoutALink) {
  EXPECT_FALSE(next_page_cursor(""));
  EXPECT_FALSE(next_page_cursor("garbage"));
  EXPECT_FALSE(next_page_cursor(R"(<https://x/>; rel="previous"; results="true"; cursor="a")"));
}

TEST(LinkHeader, ToleratesOddSpacingAndUnquotedValues) {
  auto cursor = next_page_cursor(R"(<https://x/?a=1,2>;rel=next;results=true;cursor=abc)");
  ASSERT_TRUE(cursor.has_value());
  EXPECT_EQ(*cursor, "abc");
}

}  // namespace
}  // namespace autofixd::sentry
