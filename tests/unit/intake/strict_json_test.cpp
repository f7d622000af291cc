#include "intake/strict_json.hpp"

#include <gtest/gtest.h>

#include "support/fixture.hpp"

namespace autofixd::intake {
namespace {

TEST(StrictJsonTest, BuildsSameDocumentAsNlohmannForFixtures) {
  for (const char* file : {"issue_created.json", "event_alert_triggered.json", "error_created.json",
                           "seer_root_cause_completed.json", "installation_created.json"}) {
    const std::string body = testing::read_fixture(std::string("webhooks/") + file);
    const auto strict = parse_strict_json(body);
    ASSERT_TRUE(strict.ok()) << file << ": " << strict.error().message;
    EXPECT_EQ(*strict, nlohmann::json::parse(body)) << file;
  }
}

TEST(StrictJsonTest, KeepsArraysOfContainersInOrder) {
  const auto parsed = parse_strict_json(R"([[1,[2]],{"a":[{},{"b":null}]},3,[]])");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->dump(), R"([[1,[2]],{"a":[{},{"b":null}]},3,[]])");
}

TEST(StrictJsonTest, SameKeyInSiblingObjectsIsNotADuplicate) {
  EXPECT_TRUE(parse_strict_json(R"({"a":{"id":1},"b":{"id":2},"c":[{"id":3},{"id":4}]})").ok());
}

TEST(StrictJsonTest, DuplicateAfterNestedArrayNamesPath) {
  const auto parsed = parse_strict_json(R"({"a":[[0],[1,{"k":1,"k":2}]]})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "duplicate key \"k\" in a[1][1]");
}

TEST(StrictJsonTest, PrintableEscapesControlAndHighBytes) {
  EXPECT_EQ(printable("a\nb\xff"), "a\\x0Ab\\xFF");
  EXPECT_EQ(printable("abcdef", 3), "abc...");
}

}  // namespace
}  // namespace autofixd::intake
