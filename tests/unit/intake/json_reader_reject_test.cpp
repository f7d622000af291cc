// Bodies the hand reader refuses, as nlohmann does: each error names the
// 0-based offset of the offending byte and says what was wrong.

#include <string>

#include <gtest/gtest.h>

#include "intake/strict_json.hpp"

namespace autofixd::intake {
namespace {

struct Refused {
  const char* name;
  std::string body;
  const char* message;  // the message must contain this
};

const std::vector<Refused>& cases() {
  static const std::vector<Refused> all = {
      {"OnlyWhitespace", "  ", "at byte offset 2: unexpected end of body; expected a value"},
      {"TrailingCommaInArray", "[1,]", "at byte offset 3: unexpected ']'; expected a value"},
      {"TrailingCommaInObject", R"({"a":1,})",
       "at byte offset 7: unexpected '}'; expected a member name"},
      {"UnclosedObject", R"({"a":1)", "at byte offset 6: unexpected end of body; expected ','"},
      {"MissingColon", R"({"a" 1})", "at byte offset 5: unexpected '1'; expected ':'"},
      {"NumberAsName", R"({1:2})", "at byte offset 1: unexpected '1'; expected a member name"},
      {"TwoDocuments", "{} {}", "at byte offset 3: unexpected '{'; expected the end of the body"},
      {"LeadingZero", "01", "at byte offset 1: unexpected '1'; expected the end of the body"},
      {"LoneMinus", "-", "at byte offset 1: unexpected end of body; expected a digit after '-'"},
      {"MinusLetter", "-x", "at byte offset 1: unexpected 'x'; expected a digit after '-'"},
      {"NoFractionDigits", "1.", "at byte offset 2: unexpected end of body; expected a digit"},
      {"NoExponentDigits", "[1e+]", "at byte offset 4: unexpected ']'; expected a digit"},
      {"LeadingDot", ".5", "at byte offset 0: unexpected '.'; expected a value"},
      {"LeadingPlus", "+1", "at byte offset 0: unexpected '+'; expected a value"},
      {"Overflow", "[1e400]", "at byte offset 1: number overflow: 1e400"},
      {"NegativeOverflow", "-1e400", "at byte offset 0: number overflow"},
      {"BadLiteral", "[nul]", "at byte offset 4: unexpected ']'; expected the literal null"},
      {"CapitalLiteral", "True", "at byte offset 0: unexpected 'T'; expected a value"},
      {"ControlCharacter", "\"a\x01\"",
       "at byte offset 2: control character U+0001 in string must be escaped"},
      {"RawNewline", "\"a\nb\"", "at byte offset 2: control character U+000A in string"},
      {"NulInString", std::string("\"a\0\"", 4), "at byte offset 2: control character U+0000"},
      {"UnclosedString", "\"abc", "at byte offset 4: unexpected end of body in a string"},
      {"InvalidByte", "\"ab\xFF\"", "at byte offset 3: invalid UTF-8 byte 0xFF in string"},
      {"LoneContinuation", "\"\x80\"", "at byte offset 1: invalid UTF-8 byte 0x80"},
      {"Overlong", "\"\xC0\xAF\"", "at byte offset 1: invalid UTF-8 byte 0xC0"},
      {"OverlongThreeBytes", "\"\xE0\x80\xAF\"",
       "at byte offset 2: ill-formed UTF-8 sequence 0xE0 0x80 in string"},
      {"EncodedSurrogate", "\"\xED\xA0\x80\"",
       "at byte offset 2: ill-formed UTF-8 sequence 0xED 0xA0"},
      {"BeyondU10FFFF", "\"\xF4\x90\x80\x80\"",
       "at byte offset 2: ill-formed UTF-8 sequence 0xF4 0x90"},
      {"TruncatedSequence", "\"\xE2\x82\"",
       "at byte offset 3: ill-formed UTF-8 sequence 0xE2 0x82 0x22"},
      {"InvalidEscape", R"("\x")", "at byte offset 2: invalid escape: 'x' after a backslash"},
      {"ShortUnicodeEscape", R"("\u12G4")",
       "at byte offset 5: \\u must be followed by 4 hex digits, not 'G'"},
      {"LoneHighSurrogate", R"("\ud800")", "at byte offset 7: lone surrogate \\uD800"},
      {"HighSurrogateThenLetter", R"("\ud800\u0041")", "at byte offset 7: lone surrogate"},
      {"LoneLowSurrogate", R"("\udc00")", "at byte offset 1: lone surrogate \\uDC00"},
      {"BrokenByteOrderMark", "\xEF\xBB{}", "at byte offset 2: invalid byte order mark"},
      {"ByteOrderMarkAfterSpace", " \xEF\xBB\xBF{}", "at byte offset 1: unexpected byte 0xEF"},
      {"ByteOrderMarkAlone", "\xEF\xBB\xBF", "at byte offset 3: unexpected end of body"},
      {"NulBeforeTheDocument", std::string(" \0{}", 4),
       "at byte offset 1: unexpected NUL byte; expected a value"},

      {"Comment", "[1/*c*/]", "at byte offset 2: unexpected '/'; expected ',' or ']'"},
      {"DuplicateKey", R"({"a":1,"a":2})", "duplicate key \"a\" in the body"},
      {"DeepNesting", std::string(100000, '['), "nesting deeper than 64 levels"},
  };
  return all;
}

class JsonReaderRejectTest : public ::testing::TestWithParam<Refused> {};

TEST_P(JsonReaderRejectTest, NamesOffsetAndReasonAndNlohmannAgrees) {
  const Refused& r = GetParam();
  const auto hand = parse_strict_json(r.body);
  ASSERT_FALSE(hand.ok()) << "accepted: " << hand->dump();
  EXPECT_EQ(hand.error().code, "intake.bad_json");
  EXPECT_NE(hand.error().message.find(r.message), std::string::npos) << hand.error().message;
  EXPECT_FALSE(parse_strict_json_with_nlohmann(r.body).ok()) << "nlohmann accepts it";
}

// The one body nlohmann accepts and the hand reader refuses: nlohmann takes
// a NUL byte after the document for the end of the input.
TEST(JsonReaderNulTest, NulAfterTheDocumentIsRefusedWhereNlohmannStops) {
  const std::string body("{\"a\":1} \0 junk", 14);
  const auto hand = parse_strict_json(body);
  ASSERT_FALSE(hand.ok()) << "accepted: " << hand->dump();
  EXPECT_NE(hand.error().message.find("at byte offset 8: unexpected NUL byte; expected the end "
                                      "of the body after the document"),
            std::string::npos)
      << hand.error().message;
  const auto reference = parse_strict_json_with_nlohmann(body);
  ASSERT_TRUE(reference.ok()) << "nlohmann changed: the fuzz target's exception can go";
  EXPECT_EQ(reference->dump(), R"({"a":1})");
}

INSTANTIATE_TEST_SUITE_P(Table, JsonReaderRejectTest, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace autofixd::intake
