// [[tracker]]: each run's result is posted to a second tracker.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using testing::error_of;
using testing::kMinimal;
using testing::parse;
using testing::TempDir;

// Header on line 3; kind, base_url, api_key_file, project_id on lines 4-7.
std::string tracker(const std::string& key_file, std::string_view extra = "") {
  return std::string(kMinimal) + "[[tracker]]\nkind = \"owlmetry\"\n" +
         "base_url = \"https://owlmetry.example.com/\"\n" + "api_key_file = \"" + key_file +
         "\"\n" + "project_id = \"6f1c\"\n" + std::string(extra);
}

TEST(TrackerConfig, ReadsEveryKey) {
  TempDir dir;
  const std::string key = dir.write("owl-key", "owl-secret\n");
  const Result<Config> c = parse(tracker(
      key,
      "sentry_projects = [\"ios-app\"]\nmatch = \"tag:owl_id\"\nset_status = \"in_progress\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->trackers.size(), 1u);
  const Tracker& t = c->trackers[0];
  EXPECT_EQ(t.kind, "owlmetry");
  EXPECT_EQ(t.base_url, "https://owlmetry.example.com");
  EXPECT_EQ(t.api_key_file, key);
  EXPECT_EQ(t.api_key, "owl-secret");
  EXPECT_EQ(t.project_id, "6f1c");
  EXPECT_EQ(t.sentry_projects, (std::vector<std::string>{"ios-app"}));
  EXPECT_EQ(t.match, "tag:owl_id");
  EXPECT_EQ(t.set_status, "in_progress");
  EXPECT_EQ(t.line, 3);
}

TEST(TrackerConfig, DefaultsToTitleMatchAndNoStatusChange) {
  TempDir dir;
  const Result<Config> c = parse(tracker(dir.write("k", "x")));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->trackers[0].match, "title");
  EXPECT_EQ(c->trackers[0].set_status, "");
}

TEST(TrackerConfig, RejectsUnknownKind) {
  EXPECT_EQ(error_of(std::string(kMinimal) +
                     "[[tracker]]\nkind = \"jira\"\nbase_url = \"https://j.example\"\n"
                     "api_key_file = \"/nonexistent\"\nproject_id = \"p\"\n"),
            "autofixd.toml:4: tracker[0].kind: \"jira\" is not a supported tracker kind (expected "
            "\"owlmetry\")\n"
            "autofixd.toml:6: tracker[0].api_key_file: cannot read \"/nonexistent\": No such file "
            "or directory (expected a readable file holding the secret)");
}

TEST(TrackerConfig, RejectsMissingRequiredKeysAtTableLine) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "[[tracker]]\nkind = \"owlmetry\"\n"),
            "autofixd.toml:3: tracker[0].base_url: missing (expected the tracker's https:// URL)\n"
            "autofixd.toml:3: tracker[0].api_key_file: missing (expected the path of a file "
            "holding the API key)\n"
            "autofixd.toml:3: tracker[0].project_id: missing (expected the tracker's project id)");
}

TEST(TrackerConfig, RejectsBadMatch) {
  TempDir dir;
  EXPECT_EQ(error_of(tracker(dir.write("k", "x"), "match = \"tag:\"\n")),
            "autofixd.toml:8: tracker[0].match: \"tag:\" is not a match mode (expected \"title\" "
            "or \"tag:NAME\")");
}

TEST(TrackerConfig, RejectsStatusThatCannotBeSet) {
  TempDir dir;
  EXPECT_EQ(error_of(tracker(dir.write("k", "x"), "set_status = \"resolved\"\n")),
            "autofixd.toml:8: tracker[0].set_status: \"resolved\" is not a status autofixd can set "
            "(expected one of in_progress, new, silenced, snoozed, or \"\" to leave it alone)");
}

TEST(TrackerConfig, RejectsUnknownKeyInTracker) {
  TempDir dir;
  EXPECT_EQ(error_of(tracker(dir.write("k", "x"), "api_key = \"x\"\n")),
            "autofixd.toml:8: tracker[0].api_key: unknown key (did you mean \"api_key_file\"?)");
}

}  // namespace
}  // namespace autofixd::config
