// parse_strict_json with a JsonKeep: what is stored, and that every check
// reads the members left out as strictly as the full parse does.

#include <array>

#include <gtest/gtest.h>

#include "intake/seen_keys.hpp"
#include "intake/strict_json.hpp"

namespace autofixd::intake {
namespace {

// {"id": whole, "user": {"name"}, "tags": {}} at the root.
constexpr std::array kUserMembers{whole("name")};
constexpr std::array kRootMembers{whole("id"), JsonKeep{"user", kUserMembers},
                                  JsonKeep{"tags", {}}};
constexpr JsonKeep kRoot{"", kRootMembers};

nlohmann::json pruned(std::string_view text) {
  auto parsed = parse_strict_json(text, &kRoot);
  if (!parsed) {
    ADD_FAILURE() << parsed.error().message;
    return nullptr;
  }
  return *parsed;
}

// The full parse's error and the pruned parse's error, which must match.
std::pair<std::string, std::string> errors(std::string_view text) {
  const auto full = parse_strict_json(text);
  const auto kept = parse_strict_json(text, &kRoot);
  return {full ? "accepted" : full.error().message, kept ? "accepted" : kept.error().message};
}

TEST(JsonKeepTest, StoresOnlyTheMembersNamed) {
  EXPECT_EQ(pruned(R"({"id":{"deep":[1,2]},"user":{"name":"a","email":"b"},"other":[1,{"x":2}]})"),
            nlohmann::json::parse(R"({"id":{"deep":[1,2]},"user":{"name":"a"}})"));
}

TEST(JsonKeepTest, AnObjectWithNoMembersNamedIsKeptEmpty) {
  EXPECT_EQ(pruned(R"({"tags":{"a":1,"b":{"c":2}}})"), nlohmann::json::parse(R"({"tags":{}})"));
}

TEST(JsonKeepTest, AFilterAppliesToObjectsOnly) {
  // "user" is filtered to "name", but an array or a string there is kept as
  // it is: a reader may quote it in the error it reports.
  EXPECT_EQ(pruned(R"({"user":[{"email":"b"}]})"),
            nlohmann::json::parse(R"({"user":[{"email":"b"}]})"));
  EXPECT_EQ(pruned(R"({"user":"someone"})"), nlohmann::json::parse(R"({"user":"someone"})"));
  EXPECT_EQ(pruned(R"([{"other":1}])"), nlohmann::json::parse(R"([{"other":1}])"));
}

TEST(JsonKeepTest, ValuesLeftOutAreStillValidated) {
  for (const char* text : {R"({"other":"\uD800"})", R"({"other":[1,]})", R"({"other":1e999})",
                           "{\"other\":\"a\xff\"}", R"({"other":{"a" 1}})", R"({"other":tru})"}) {
    const auto [full, kept] = errors(text);
    EXPECT_NE(full, "accepted") << text;
    EXPECT_EQ(kept, full) << text;
  }
}

TEST(JsonKeepTest, DuplicatesAmongMembersLeftOutAreRefusedWithTheSameWords) {
  for (const char* text : {
           R"({"other":1,"other":2})",              // left out, at the root
           R"({"user":{"email":1,"email":2}})",     // left out, in a filtered object
           R"({"user":{"name":"a","name":"b"}})",   // kept, in a filtered object
           R"({"other":{"a":{"k":1,"k":2}}})",      // deep inside a member left out
           R"({"other":[{"k":1},{"k":2,"k":3}]})",  // in an array left out
           R"({"tags":{"a":1,"b":2,"a":3}})",       // in an object kept empty
           R"({"id":{"k":1,"k":2}})",               // in a member kept whole
       }) {
    const auto [full, kept] = errors(text);
    EXPECT_NE(full, "accepted") << text;
    EXPECT_EQ(kept, full) << text;
  }
  EXPECT_EQ(errors(R"({"other":[{"k":1},{"k":2,"k":3}]})").second,
            "duplicate key \"k\" in other[1]");
}

TEST(JsonKeepTest, ADuplicateInALargeObjectLeftOutIsFoundPastANestedOne) {
  std::string members;
  for (int i = 0; i < 3 * static_cast<int>(SeenKeys::kScanned); ++i) {
    members += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  }
  const std::string inner = "\"inner\":{" + members + "\"k1\":0}";
  const auto [full, kept] = errors("{\"other\":{" + members + inner + ",\"k5\":5}}");
  EXPECT_EQ(full, "duplicate key \"k1\" in other.inner");
  EXPECT_EQ(kept, full);
  const auto [full2, kept2] =
      errors("{\"other\":{" + members + "\"inner\":{" + members + "\"x\":0},\"k5\":5}}");
  EXPECT_EQ(full2, "duplicate key \"k5\" in other");
  EXPECT_EQ(kept2, full2);
}

TEST(JsonKeepTest, TheSameNameInSiblingObjectsLeftOutIsNoDuplicate) {
  EXPECT_EQ(pruned(R"({"a":{"k":1},"b":{"k":2},"c":[{"k":3},{"k":4}],"user":{"k":5}})"),
            nlohmann::json::parse(R"({"user":{}})"));
}

TEST(JsonKeepTest, NestingLeftOutCountsTowardsTheLimit) {
  const std::string deep =
      "{\"other\":" + std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']') + "}";
  const auto [full, kept] = errors(deep);
  EXPECT_NE(full, "accepted");
  EXPECT_EQ(kept, full);
}

TEST(JsonKeepTest, EscapedNamesAreComparedDecoded) {
  const auto [full, kept] = errors(R"({"other":{"k":1,"\u006b":2}})");
  EXPECT_EQ(full, "duplicate key \"k\" in other");
  EXPECT_EQ(kept, full);
  EXPECT_EQ(pruned(R"({"\u0069d":7})"), nlohmann::json::parse(R"({"id":7})"));
}

TEST(SeenKeysTest, ASmallObjectComparesItsNamesOneByOne) {
  SeenKeys seen;
  SeenKeys::Object object = seen.open_object();
  EXPECT_TRUE(seen.insert(object, "a"));
  EXPECT_TRUE(seen.insert(object, ""));
  EXPECT_TRUE(seen.insert(object, "ab"));
  EXPECT_FALSE(seen.insert(object, "a"));
  EXPECT_FALSE(seen.insert(object, ""));
  EXPECT_FALSE(object.indexed);
}

TEST(SeenKeysTest, ALargeObjectIsIndexedAndFindsEveryDuplicate) {
  SeenKeys seen;
  SeenKeys::Object outer = seen.open_object();
  for (int i = 0; i < 20000; ++i) ASSERT_TRUE(seen.insert(outer, "k" + std::to_string(i)));
  EXPECT_TRUE(outer.indexed);
  for (int i = 0; i < 20000; i += 997) EXPECT_FALSE(seen.insert(outer, "k" + std::to_string(i)));
  EXPECT_FALSE(seen.insert(outer, "k0")) << "a name it had before it was indexed";
}

TEST(SeenKeysTest, NestedObjectsKeepTheirOwnNamesAndForgetThemOnClose) {
  SeenKeys seen;
  SeenKeys::Object outer = seen.open_object();
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(seen.insert(outer, "k" + std::to_string(i)));
  {
    SeenKeys::Object inner = seen.open_object();
    for (int i = 0; i < 40; ++i) ASSERT_TRUE(seen.insert(inner, "k" + std::to_string(i)));
    EXPECT_FALSE(seen.insert(inner, "k39"));
    seen.close_object(inner);
  }
  EXPECT_FALSE(seen.insert(outer, "k39")) << "the outer object's names survive the inner one";
  EXPECT_TRUE(seen.insert(outer, "k40"));
  seen.close_object(outer);
  // A sibling after both closed: the same names are new again, small or large.
  SeenKeys::Object sibling = seen.open_object();
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(seen.insert(sibling, "k" + std::to_string(i)));
  EXPECT_FALSE(seen.insert(sibling, "k7"));
}

}  // namespace
}  // namespace autofixd::intake
