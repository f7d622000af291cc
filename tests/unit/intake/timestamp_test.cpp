#include <gtest/gtest.h>

#include "intake/signature.hpp"

namespace autofixd::intake {
namespace {

using std::chrono::seconds;

const SysTime kNow = SysTime{} + seconds{1'700'000'000};
const Millis kTolerance{5 * 60'000};

std::string code_of(const Status& s) { return s.ok() ? "ok" : s.error().code; }

TEST(TimestampTest, AcceptsCurrentTime) {
  EXPECT_TRUE(check_timestamp("1700000000", kNow, kTolerance).ok());
}

TEST(TimestampTest, AcceptsEdgesOfWindowInBothDirections) {
  EXPECT_TRUE(check_timestamp("1699999700", kNow, kTolerance).ok());
  EXPECT_TRUE(check_timestamp("1700000300", kNow, kTolerance).ok());
}

TEST(TimestampTest, RefusesJustOutsideWindowInBothDirections) {
  EXPECT_EQ(code_of(check_timestamp("1699999699", kNow, kTolerance)), "intake.timestamp_stale");
  EXPECT_EQ(code_of(check_timestamp("1700000301", kNow, kTolerance)), "intake.timestamp_stale");
}

TEST(TimestampTest, SubSecondNowDoesNotWidenWindow) {
  const SysTime now = kNow + Millis{999};
  EXPECT_TRUE(check_timestamp("1699999701", now, kTolerance).ok());
  EXPECT_EQ(code_of(check_timestamp("1699999700", now, kTolerance)), "intake.timestamp_stale");
}

TEST(TimestampTest, MissingHeaderIsMissing) {
  EXPECT_EQ(code_of(check_timestamp("", kNow, kTolerance)), "intake.timestamp_missing");
}

TEST(TimestampTest, RefusesAnythingButPlainDigits) {
  for (const char* bad : {"+1700000000", "-1700000000", " 1700000000", "1700000000 ",
                          "1700000000.5", "1.7e9", "0x6553F100", "17000OOOOO", "abc"}) {
    EXPECT_EQ(code_of(check_timestamp(bad, kNow, kTolerance)), "intake.timestamp_invalid") << bad;
  }
}

TEST(TimestampTest, RefusesMoreThanTwelveDigits) {
  EXPECT_EQ(code_of(check_timestamp("0001700000000", kNow, kTolerance)),
            "intake.timestamp_invalid");
}

TEST(TimestampTest, TwelveDigitsFarInFutureIsStaleNotOverflow) {
  EXPECT_EQ(code_of(check_timestamp("999999999999", kNow, kTolerance)), "intake.timestamp_stale");
}

TEST(TimestampTest, StaleMessageSaysHowFarOff) {
  const Status s = check_timestamp("1699990000", kNow, kTolerance);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("10000s"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace autofixd::intake
