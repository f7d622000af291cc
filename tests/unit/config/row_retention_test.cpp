// [store] row_retention (issue 14, item 9): parsed, defaulted, never shorter
// than the rules look back, and shown by check-config.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using std::chrono::hours;
using testing::error_of;
using testing::kMinimal;
using testing::parse;

constexpr std::string_view kRule = "[[rule]]\nname = \"r\"\n";

Config load(const std::string& text) {
  auto c = parse(std::string(kMinimal) + text);
  EXPECT_TRUE(c) << c.error().message;
  return c ? *c : Config{};
}

TEST(RowRetention, DefaultsToNinetyDays) {
  const Config c = load(std::string(kRule));
  EXPECT_EQ(c.store.row_retention, hours(24 * 90));
  EXPECT_EQ(c.row_retention_in_effect(), hours(24 * 90));
}

TEST(RowRetention, ZeroKeepsEveryRow) {
  const Config c = load("[store]\nrow_retention = \"0s\"\n" + std::string(kRule));
  EXPECT_EQ(c.store.row_retention.count(), 0);
  EXPECT_EQ(c.row_retention_in_effect().count(), 0);
  EXPECT_NE(describe(c).find("row_retention:       keep every row"), std::string::npos) << describe(c);
}

TEST(RowRetention, NeverShorterThanTheLongestCooldownOrTheAlreadyTriggeredWindow) {
  const Config short_one = load("[store]\nrow_retention = \"1d\"\n" + std::string(kRule));
  EXPECT_EQ(short_one.row_retention_in_effect(), hours(24 * 7));
  const Config cooled =
      load("[store]\nrow_retention = \"30d\"\n" + std::string(kRule) + "cooldown = \"60d\"\n");
  EXPECT_EQ(cooled.row_retention_in_effect(), hours(24 * 60));
  const std::string text = describe(cooled);
  EXPECT_NE(text.find("row_retention:       30d (rows kept 60d"), std::string::npos) << text;
  const auto said = warnings(cooled);
  ASSERT_FALSE(said.empty());
  EXPECT_NE(said.back().find("rows are kept 60d"), std::string::npos) << said.back();
  const auto j = nlohmann::json::parse(describe_json(cooled));
  EXPECT_EQ(j["store"]["row_retention"], "30d");
  EXPECT_EQ(j["store"]["row_retention_in_effect"], "60d");
}

TEST(RowRetention, MustBeADuration) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "[store]\nrow_retention = 90\n" + std::string(kRule)),
            "autofixd.toml:4: store.row_retention: 90 is an integer (expected a duration "
            "string such as \"10s\", \"2m\" or \"24h\")");
}

}  // namespace
}  // namespace autofixd::config
