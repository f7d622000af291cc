#include "util/human_format.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace autofixd {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(FormatCount, GroupsThousands) {
  EXPECT_EQ(format_count(0), "0");
  EXPECT_EQ(format_count(999), "999");
  EXPECT_EQ(format_count(1000), "1,000");
  EXPECT_EQ(format_count(200000), "200,000");
  EXPECT_EQ(format_count(1234567), "1,234,567");
  EXPECT_EQ(format_count(-8000), "-8,000");
  EXPECT_EQ(format_count(std::numeric_limits<std::int64_t>::min()), "-9,223,372,036,854,775,808");
}

TEST(FormatDurationWords, TwoLargestUnits) {
  EXPECT_EQ(format_duration_words(Millis{400}), "less than a second");
  EXPECT_EQ(format_duration_words(seconds{1}), "1 second");
  EXPECT_EQ(format_duration_words(seconds{45}), "45 seconds");
  EXPECT_EQ(format_duration_words(minutes{4} + seconds{12}), "4 minutes 12 seconds");
  EXPECT_EQ(format_duration_words(minutes{1}), "1 minute");
  EXPECT_EQ(format_duration_words(hours{1} + minutes{5} + seconds{59}), "1 hour 5 minutes");
  EXPECT_EQ(format_duration_words(hours{76}), "3 days 4 hours");
  EXPECT_EQ(format_duration_words(Millis{-1}), "unknown");
}

TEST(FormatDurationWords, NeverSkipsAUnitBetweenTheTwo) {
  // "1 day 3 minutes" would read as precise when hours are zero: say "1 day".
  EXPECT_EQ(format_duration_words(hours{24} + minutes{3}), "1 day");
  EXPECT_EQ(format_duration_words(hours{2} + seconds{7}), "2 hours");
}

}  // namespace
}  // namespace autofixd
