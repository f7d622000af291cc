#include "util/time_format.hpp"

#include <gtest/gtest.h>

namespace autofixd {
namespace {

using std::chrono::microseconds;
using std::chrono::seconds;

SysTime at_unix(std::int64_t s) { return SysTime{seconds{s}}; }

TEST(ParseUtc, SentrysFormatWithMicroseconds) {
  // 2026-01-02T00:00:00Z is 1767312000.
  EXPECT_EQ(parse_utc("2026-01-02T00:00:00.000000Z"), at_unix(1767312000));
  EXPECT_EQ(parse_utc("2026-01-02T00:00:01.250000Z"),
            at_unix(1767312001) + microseconds{250'000});
}

TEST(ParseUtc, ZoneOffsetsAndNaiveTimesAreUtc) {
  EXPECT_EQ(parse_utc("2026-01-02T01:30:00+01:30"), at_unix(1767312000));
  EXPECT_EQ(parse_utc("2026-01-01T23:00:00-01:00"), at_unix(1767312000));
  EXPECT_EQ(parse_utc("2026-01-02T00:00:00"), at_unix(1767312000));
  EXPECT_EQ(parse_utc("2026-01-02 00:00:00+00:00"), at_unix(1767312000));
}

TEST(ParseUtc, LongFractionsKeepMicroseconds) {
  EXPECT_EQ(parse_utc("2026-01-02T00:00:00.123456789Z"),
            at_unix(1767312000) + microseconds{123'456});
}

TEST(ParseUtc, RoundTripsFormatUtc) {
  const auto t = at_unix(1795000000);
  EXPECT_EQ(parse_utc(format_utc(t)), t);
}

TEST(ParseUtc, RefusesMalformedText) {
  for (const char* bad :
       {"", "2026", "2026-01-02", "2026-13-02T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-01-02T24:00:00Z", "2026-01-02T00:60:00Z", "2026-01-02T00:00:00.Z",
        "2026-01-02T00:00:00Zjunk", "2026-01-02T00:00:00+0100", "2026-01-02T00:00:00+25:00",
        "2026-1-02T00:00:00Z", "x026-01-02T00:00:00Z", "1767312000"}) {
    EXPECT_FALSE(parse_utc(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace autofixd

namespace autofixd {
namespace {

// SysTime counts nanoseconds (about 1678..2262): a flipped digit in a
// webhook's date must be refused, not overflow.
TEST(ParseUtc, RefusesYearsSysTimeCannotHold) {
  EXPECT_FALSE(parse_utc("1025-09-23T21:00:46Z").has_value());
  EXPECT_FALSE(parse_utc("9999-12-31T23:59:59Z").has_value());
  EXPECT_TRUE(parse_utc("1970-01-01T00:00:00Z").has_value());
  EXPECT_TRUE(parse_utc("2199-12-31T23:59:59Z").has_value());
}

}  // namespace
}  // namespace autofixd
