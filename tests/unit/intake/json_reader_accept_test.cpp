// Documents the hand reader (parse_strict_json) accepts: each with the value
// it must produce, and the same DOM and serialization as nlohmann's parser
// driving the same builder (parse_strict_json_with_nlohmann).

#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "intake/strict_json.hpp"
#include "support/fixture.hpp"

namespace autofixd::intake {
namespace {

using Json = nlohmann::json;

Json accepted(const std::string& body) {
  const auto hand = parse_strict_json(body);
  const auto reference = parse_strict_json_with_nlohmann(body);
  EXPECT_TRUE(reference.ok()) << "nlohmann refuses it: " << reference.error().message;
  if (!hand.ok()) {
    ADD_FAILURE() << "refused: " << hand.error().message;
    return Json();
  }
  if (reference.ok()) {
    EXPECT_EQ(*hand, *reference);
    EXPECT_EQ(hand->dump(), reference->dump());
  }
  return *hand;
}

TEST(JsonReaderAcceptTest, WebhookFixturesAsNlohmannReadsThem) {
  for (const char* file : {"issue_created.json", "event_alert_triggered.json", "error_created.json",
                           "seer_root_cause_completed.json", "installation_created.json"}) {
    SCOPED_TRACE(file);
    accepted(testing::read_fixture(std::string("webhooks/") + file));
  }
}

TEST(JsonReaderAcceptTest, EveryEscape) {
  EXPECT_EQ(accepted(R"("\"\\\/\b\f\n\r\t")").get<std::string>(), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(accepted(R"("\u0041\u00e9\u20AC\uFFFF")").get<std::string>(),
            "A\xC3\xA9\xE2\x82\xAC\xEF\xBF\xBF");
  EXPECT_EQ(accepted(R"("a\u0000b")").get<std::string>(), std::string("a\0b", 3));
}

TEST(JsonReaderAcceptTest, SurrogatePairsBecomeOneCharacter) {
  EXPECT_EQ(accepted(R"("\ud83d\ude00")").get<std::string>(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(accepted(R"("\uDBFF\uDFFF")").get<std::string>(), "\xF4\x8F\xBF\xBF");
}

TEST(JsonReaderAcceptTest, WellFormedUtf8AndDelPassThrough) {
  const std::string text =
      "\x7F\xC2\x80\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xF0\x90\x80\x80"
      "\xF4\x8F\xBF\xBF";
  EXPECT_EQ(accepted("\"" + text + "\"").get<std::string>(), text);
}

TEST(JsonReaderAcceptTest, LongPlainRunsAroundEscapesAndMultibyteCharacters) {
  const std::string run(37, 'x');
  const auto value = accepted("\"" + run + "\\n" + run + "\xC3\xA9" + run + "\"");
  EXPECT_EQ(value.get<std::string>(), run + "\n" + run + "\xC3\xA9" + run);
}

TEST(JsonReaderAcceptTest, IntegersKeepNlohmannsTypes) {
  EXPECT_TRUE(accepted("0").is_number_unsigned());
  const Json minus_zero = accepted("-0");
  EXPECT_TRUE(minus_zero.is_number_integer() && !minus_zero.is_number_unsigned());
  EXPECT_EQ(minus_zero.dump(), "0");
  EXPECT_EQ(accepted("18446744073709551615").get<std::uint64_t>(),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(accepted("-9223372036854775808").get<std::int64_t>(),
            std::numeric_limits<std::int64_t>::min());
}

TEST(JsonReaderAcceptTest, IntegersBeyond64BitsBecomeDoubles) {
  EXPECT_TRUE(accepted("18446744073709551616").is_number_float());
  EXPECT_TRUE(accepted("-9223372036854775809").is_number_float());
  EXPECT_TRUE(accepted("123456789012345678901234567890").is_number_float());
}

TEST(JsonReaderAcceptTest, DoublesAreCorrectlyRounded) {
  EXPECT_EQ(accepted("0.1").get<double>(), 0.1);
  EXPECT_EQ(accepted("-1.5E+3").get<double>(), -1500.0);
  EXPECT_EQ(accepted("2.2250738585072011e-308").get<double>(), 2.2250738585072011e-308);
  EXPECT_EQ(accepted("-0.0").dump(), "-0.0");
}

TEST(JsonReaderAcceptTest, UnderflowIsZeroOrSubnormalLikeStrtod) {
  EXPECT_EQ(accepted("1e-400").get<double>(), 0.0);
  EXPECT_EQ(accepted("4.9e-324").get<double>(), std::numeric_limits<double>::denorm_min());
}

TEST(JsonReaderAcceptTest, ByteOrderMarkAtTheStartIsSkipped) {
  EXPECT_EQ(accepted("\xEF\xBB\xBF{\"a\":1}").dump(), R"({"a":1})");
}

TEST(JsonReaderAcceptTest, AllFourWhitespaceBytes) {
  EXPECT_EQ(accepted(" \t\r\n[ 1 ,\n2\t]\r\n ").dump(), "[1,2]");
}

TEST(JsonReaderAcceptTest, NestingOfExactly64) {
  const std::string body = std::string(64, '[') + std::string(64, ']');
  EXPECT_EQ(accepted(body).dump(), body);
}

}  // namespace
}  // namespace autofixd::intake
