#include "util/duration.hpp"

#include <gtest/gtest.h>

namespace autofixd {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(ParseDuration, AcceptsEveryUnit) {
  EXPECT_EQ(*parse_duration("500ms"), Millis{500});
  EXPECT_EQ(*parse_duration("10s"), seconds{10});
  EXPECT_EQ(*parse_duration("2m"), minutes{2});
  EXPECT_EQ(*parse_duration("24h"), hours{24});
  EXPECT_EQ(*parse_duration("7d"), hours{7 * 24});
}

TEST(ParseDuration, AcceptsZero) { EXPECT_EQ(*parse_duration("0s"), Millis{0}); }

TEST(ParseDuration, AddsCompoundParts) {
  EXPECT_EQ(*parse_duration("1h30m"), minutes{90});
  EXPECT_EQ(*parse_duration("1s500ms"), Millis{1500});
}

TEST(ParseDuration, RejectsEmpty) {
  const Result<Millis> r = parse_duration("");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "duration.invalid");
  EXPECT_EQ(r.error().message,
            "\"\" is empty (expected an integer followed by one of the units ms, s, m, h, d, "
            "e.g. \"10s\" or \"1h30m\")");
}

TEST(ParseDuration, RejectsNegative) {
  const Result<Millis> r = parse_duration("-5s");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.substr(0, 18), "\"-5s\" is negative ");
}

TEST(ParseDuration, RejectsMissingUnit) {
  const Result<Millis> r = parse_duration("10");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "\"10\" has no unit (expected an integer followed by one of the units ms, s, m, h, d, "
            "e.g. \"10s\" or \"1h30m\")");
}

TEST(ParseDuration, RejectsUnknownUnitListingAcceptedUnits) {
  const Result<Millis> r = parse_duration("5min");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "\"5min\" has an unknown unit \"min\" (expected an integer followed by one of the "
            "units ms, s, m, h, d, e.g. \"10s\" or \"1h30m\")");
}

TEST(ParseDuration, RejectsFraction) {
  const Result<Millis> r = parse_duration("1.5s");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("is not a whole number"), std::string::npos);
}

TEST(ParseDuration, RejectsUnitWithoutNumber) {
  EXPECT_FALSE(parse_duration("s"));
  EXPECT_FALSE(parse_duration("+5s"));
  EXPECT_FALSE(parse_duration(" 5s"));
  EXPECT_FALSE(parse_duration("5 s"));
  EXPECT_FALSE(parse_duration("5s "));
}

TEST(ParseDuration, RejectsOverflow) {
  const Result<Millis> digits = parse_duration("99999999999999999999ms");
  ASSERT_FALSE(digits);
  EXPECT_NE(digits.error().message.find("is too large"), std::string::npos);
  // Fits as a number, not once multiplied into milliseconds.
  const Result<Millis> product = parse_duration("9223372036854775d");
  ASSERT_FALSE(product);
  EXPECT_NE(product.error().message.find("is too large"), std::string::npos);
  EXPECT_FALSE(parse_duration("9223372036854775807ms1ms"));
}

TEST(ParseDuration, AcceptsLargestValue) {
  EXPECT_EQ(parse_duration("9223372036854775807ms")->count(), INT64_MAX);
}

TEST(FormatDuration, UsesLargestUnits) {
  EXPECT_EQ(format_duration(minutes{2}), "2m");
  EXPECT_EQ(format_duration(minutes{90}), "1h30m");
  EXPECT_EQ(format_duration(Millis{500}), "500ms");
  EXPECT_EQ(format_duration(hours{24 * 7}), "7d");
  EXPECT_EQ(format_duration(Millis{1500}), "1s500ms");
  EXPECT_EQ(format_duration(seconds{60}), "1m");
}

TEST(FormatDuration, UsesDaysOnlyForWholeDaysAboveOne) {
  EXPECT_EQ(format_duration(hours{24}), "24h");
  EXPECT_EQ(format_duration(hours{36}), "36h");
  EXPECT_EQ(format_duration(hours{48}), "2d");
}

TEST(FormatDuration, ZeroIsZeroSeconds) { EXPECT_EQ(format_duration(Millis{0}), "0s"); }

TEST(FormatDuration, NegativeGetsMinus) { EXPECT_EQ(format_duration(seconds{-10}), "-10s"); }

TEST(FormatDuration, RoundTripsThroughParse) {
  for (const Millis d :
       {Millis{1}, Millis{999}, Millis{61'001}, Millis{90'061'001}, Millis{INT64_MAX}}) {
    EXPECT_EQ(*parse_duration(format_duration(d)), d) << format_duration(d);
  }
}

}  // namespace
}  // namespace autofixd
