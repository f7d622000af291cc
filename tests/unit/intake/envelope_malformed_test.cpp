// Bodies parse_envelope must refuse, each with the right code and a message
// that names the field (or, for syntax errors, the byte offset).

#include <gtest/gtest.h>

#include "intake/envelope.hpp"

namespace autofixd::intake {
namespace {

struct Malformed {
  const char* name;
  const char* resource;
  std::string body;
  const char* code;
  const char* names;  // substring the message must contain
};

std::string nested(int depth) {
  std::string inner = "0";
  for (int i = 0; i < depth; ++i) inner = "[" + inner + "]";
  return R"({"action":"created","data":{"x":)" + inner + "}}";
}

std::string issue(const std::string& fields) {
  return R"({"action":"created","data":{"issue":{)" + fields + "}}}";
}
std::string event(const std::string& fields) {
  return R"({"action":"triggered","data":{"event":{)" + fields + "}}}";
}

constexpr const char* kJson = "intake.bad_json";
constexpr const char* kShape = "intake.bad_shape";

const std::vector<Malformed>& cases() {
  static const std::vector<Malformed> all = {
      {"EmptyBody", "issue", "", kJson, "empty"},
      {"WhitespaceOnly", "issue", "  \n", kJson, "byte"},
      {"Truncated", "issue", R"({"action":"created","data":{)", kJson, "byte"},
      {"TruncatedString", "issue", R"({"action":"crea)", kJson, "byte"},
      {"TopLevelArray", "issue", "[1,2]", kShape, "body"},
      {"TopLevelString", "issue", R"("hello")", kShape, "body"},
      {"MissingAction", "issue", R"({"data":{}})", kShape, "action"},
      {"ActionNotString", "issue", R"({"action":1,"data":{}})", kShape, "action"},
      {"MissingData", "issue", R"({"action":"created"})", kShape, "data"},
      {"DataNotObject", "issue", R"({"action":"created","data":[]})", kShape, "data"},
      {"DataNull", "comment", R"({"action":"created","data":null})", kShape, "data"},
      {"InstallationNotObject", "issue", R"({"action":"x","installation":"u","data":{}})", kShape,
       "installation"},
      {"InstallationUuidNumber", "issue", R"({"action":"x","installation":{"uuid":7},"data":{}})",
       kShape, "installation.uuid"},
      {"IssueMissing", "issue", R"({"action":"created","data":{}})", kShape, "data.issue"},
      {"IssueNotObject", "issue", R"({"action":"unresolved","data":{"issue":"1"}})", kShape,
       "data.issue"},
      {"IssueIdMissing", "issue", issue(R"("title":"t")"), kShape, "data.issue.id"},
      {"IssueIdObject", "issue", issue(R"("id":{})"), kShape, "data.issue.id"},
      {"IssueIdWithLetters", "issue", issue(R"("id":"12ab")"), kShape, "data.issue.id"},
      {"IssueIdHugeString", "issue", issue(R"("id":"123456789012345678901234567890")"), kShape,
       "data.issue.id"},
      {"IssueCountNotNumber", "issue", issue(R"("id":"1","count":"x")"), kShape,
       "data.issue.count"},
      {"IssueFixabilityString", "issue", issue(R"("id":"1","seerFixabilityScore":"high")"), kShape,
       "data.issue.seerFixabilityScore"},
      {"IssueTitleNumber", "issue", issue(R"("id":"1","title":5)"), kShape, "data.issue.title"},
      {"EventIdHugeNumber", "event_alert", event(R"("issue_id":123456789012345678901234567890)"),
       kShape, "data.event.issue_id"},
      {"EventIdBeyondInt64", "event_alert", event(R"("issue_id":18446744073709551615)"), kShape,
       "data.event.issue_id"},
      {"EventIdNegative", "event_alert", event(R"("issue_id":-5)"), kShape, "data.event.issue_id"},
      {"EventIdSigned", "event_alert", event(R"("issue_id":"+5")"), kShape, "data.event.issue_id"},
      {"EventIdAndUrlMissing", "event_alert", event(R"("level":"error")"), kShape,
       "data.event.issue_id"},
      {"EventUrlWithoutId", "event_alert", event(R"("issue_url":"https://sentry.io/x/")"), kShape,
       "data.event.issue_url"},
      {"EventLevelNumber", "event_alert", event(R"("issue_id":"1","level":40)"), kShape,
       "data.event.level"},
      {"EventMissing", "event_alert", R"({"action":"triggered","data":{}})", kShape, "data.event"},
      {"ErrorIdFloat", "error", R"({"action":"created","data":{"error":{"issue_id":1.5}}})", kShape,
       "data.error.issue_id"},
      {"ErrorNotObject", "error", R"({"action":"created","data":{"error":true}})", kShape,
       "data.error"},
      {"SeerGroupMissing", "seer", R"({"action":"root_cause_started","data":{"run_id":1}})", kShape,
       "data.group_id"},
      {"SeerGroupBoolean", "seer", R"({"action":"pr_created","data":{"group_id":true}})", kShape,
       "data.group_id"},
      {"SeerRunIdLetters", "seer", R"({"action":"pr_created","data":{"group_id":1,"run_id":"r1"}})",
       kShape, "data.run_id"},
      {"DeepNesting", "issue", nested(70), kJson, "nesting deeper than 64"},
      {"DuplicateTopLevelKey", "issue", R"({"action":"created","action":"resolved","data":{}})",
       kJson, "duplicate key \"action\""},
      {"DuplicateNestedKey", "issue", issue(R"("id":"1","id":"2")"), kJson, "data.issue"},
      {"InvalidUtf8InString", "issue", "{\"action\":\"cr\xff\",\"data\":{}}", kJson, "byte"},
      {"OverlongUtf8", "issue", "{\"action\":\"\xc0\xaf\",\"data\":{}}", kJson, "byte"},
      {"LoneSurrogateEscape", "issue", R"({"action":"\ud800","data":{}})", kJson, "byte"},
      {"NaNToken", "issue", R"({"action":"created","data":{"x":NaN}})", kJson, "byte"},
      {"InfinityToken", "issue", R"({"action":"created","data":{"x":-Infinity}})", kJson, "byte"},
      {"TrailingGarbage", "issue", R"({"action":"created","data":{}} x)", kJson, "byte"},
      {"TwoDocuments", "issue", R"({"action":"created","data":{}}{})", kJson, "byte"},
      {"TrailingComma", "issue", R"({"action":"created","data":{},})", kJson, "byte"},
      {"SingleQuotes", "issue", R"({'action':'created','data':{}})", kJson, "byte"},
      {"Comment", "issue", R"({"action":"created",/*c*/"data":{}})", kJson, "byte"},
      {"NulByte", "issue", std::string("{\"action\":\"created\"\0,\"data\":{}}", 31), kJson, "byte"},
      {"RawControlCharInString", "issue", "{\"action\":\"a\nb\",\"data\":{}}", kJson, "byte"},
  };
  return all;
}

class MalformedBodyTest : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedBodyTest, IsRefusedWithCodeAndField) {
  const Malformed& m = GetParam();
  const auto parsed = parse_envelope(m.resource, m.body);
  ASSERT_FALSE(parsed.ok()) << "accepted: " << m.body;
  EXPECT_EQ(parsed.error().code, m.code) << parsed.error().message;
  EXPECT_NE(parsed.error().message.find(m.names), std::string::npos)
      << "message does not name \"" << m.names << "\": " << parsed.error().message;
}

TEST_P(MalformedBodyTest, MessageIsPrintableAscii) {
  const auto parsed = parse_envelope(GetParam().resource, GetParam().body);
  ASSERT_FALSE(parsed.ok());
  for (unsigned char c : parsed.error().message) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7F) << "byte " << int(c) << " in " << parsed.error().message;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, MalformedBodyTest, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(EnvelopeLimitsTest, AcceptsNestingOfExactly64) {
  // The body object and data are two levels; 62 arrays make 64.
  const auto parsed = parse_envelope("comment", nested(62));
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_FALSE(parse_envelope("comment", nested(63)).ok());
}

TEST(EnvelopeLimitsTest, SyntaxErrorNamesZeroBasedByteOffset) {
  // '}' at offset 13 ends the literal "tru".
  const auto parsed = parse_envelope("issue", R"({"action":tru})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("at byte offset 13:"), std::string::npos)
      << parsed.error().message;
}

TEST(EnvelopeLimitsTest, InvalidUtf8NamesOffsetOfBadByte) {
  const auto parsed = parse_envelope("issue", "{\"action\":\"cr\xff\",\"data\":{}}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("at byte offset 13:"), std::string::npos)
      << parsed.error().message;
  EXPECT_NE(parsed.error().message.find("UTF-8"), std::string::npos) << parsed.error().message;
}

TEST(EnvelopeLimitsTest, DuplicateKeyInArrayElementNamesIndex) {
  const auto parsed =
      parse_envelope("comment", R"({"action":"created","data":{"list":[{},{"a":1,"a":2}]}})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("data.list[1]"), std::string::npos)
      << parsed.error().message;
}

}  // namespace
}  // namespace autofixd::intake
