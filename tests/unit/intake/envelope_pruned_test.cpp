// parse_envelope builds only the members its readers look at
// (payload_members.hpp). Whatever the body, that must read exactly as the
// full DOM does: the same envelope, or the same error.

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "intake/envelope.hpp"
#include "support/fixture.hpp"

namespace autofixd::intake {
namespace {

constexpr std::string_view kResources[] = {"issue",   "event_alert",  "error", "seer",
                                           "comment", "installation", ""};

struct Fixture {
  const char* file;
  std::string_view resource;  // the Sentry-Hook-Resource it comes with
};
constexpr Fixture kFixtures[] = {{"issue_created.json", "issue"},
                                 {"issue_resolved.json", "issue"},
                                 {"event_alert_triggered.json", "event_alert"},
                                 {"error_created.json", "error"},
                                 {"seer_root_cause_completed.json", "seer"},
                                 {"comment_created.json", "comment"},
                                 {"installation_created.json", "installation"}};

std::string outcome(const Result<Envelope>& parsed) {
  if (!parsed) return parsed.error().code + ": " + parsed.error().message;
  return "envelope for " + (parsed->issue ? parsed->issue->str() : std::string("no issue"));
}

void expect_same_read(std::string_view resource, const std::string& body, const std::string& what) {
  const auto pruned = parse_envelope(resource, body, Dom::pruned);
  const auto full = parse_envelope(resource, body, Dom::full);
  ASSERT_EQ(outcome(pruned), outcome(full)) << what << " as " << resource;
  if (pruned) {
    EXPECT_TRUE(*pruned == *full) << what << " as " << resource << ": envelopes differ";
  }
}

// Calls `visit(path, value)` for every member of every object in `doc`.
template <typename Visit>
void each_member(nlohmann::json& doc, const std::string& path, Visit& visit) {
  if (doc.is_object()) {
    for (auto& [name, value] : doc.items()) {
      const std::string at = path.empty() ? name : path + "." + name;
      visit(at, value);
      each_member(value, at, visit);
    }
  } else if (doc.is_array()) {
    for (std::size_t i = 0; i < doc.size(); ++i) {
      each_member(doc[i], path + "[" + std::to_string(i) + "]", visit);
    }
  }
}

TEST(EnvelopePrunedTest, EveryFixtureReadsAsTheFullDocumentUnderEveryResource) {
  for (const Fixture& fixture : kFixtures) {
    const char* file = fixture.file;
    const std::string body = testing::read_fixture(std::string("webhooks/") + file);
    for (const std::string_view resource : kResources) expect_same_read(resource, body, file);
  }
}

// A member a reader looks at but the pruned DOM leaves out reads as absent:
// a wrong type there is then an error in one read and not in the other.
// Each fixture is read as the resource it comes with.
TEST(EnvelopePrunedTest, AWrongTypeAnywhereInAFixtureReadsTheSameBothWays) {
  const nlohmann::json kWrong[] = {nlohmann::json::parse(R"({"x":[1]})"),
                                   nlohmann::json::array({1}), "text", -1, nullptr};
  for (const auto& [file, resource] : kFixtures) {
    const nlohmann::json original =
        nlohmann::json::parse(testing::read_fixture(std::string("webhooks/") + file));
    std::vector<std::string> paths;
    auto collect = [&](const std::string& path, nlohmann::json&) { paths.push_back(path); };
    nlohmann::json copy = original;
    each_member(copy, "", collect);
    ASSERT_GT(paths.size(), 10u) << file;
    for (std::size_t target = 0; target < paths.size(); ++target) {
      for (const nlohmann::json& wrong : kWrong) {
        nlohmann::json mutated = original;
        std::size_t index = 0;
        auto replace = [&](const std::string&, nlohmann::json& value) {
          if (index++ == target) value = wrong;
        };
        each_member(mutated, "", replace);
        const std::string what =
            std::string(file) + " with " + paths[target] + " = " + wrong.dump();
        expect_same_read(resource, mutated.dump(), what);
      }
    }
  }
}

// Members the fixtures lack but a reader looks at, each set: a field missing
// from payload_members.cpp shows up here as a fact the pruned read lacks.
TEST(EnvelopePrunedTest, AnIssueWithEveryFieldSetKeepsEveryFact) {
  nlohmann::json issue = nlohmann::json::parse(testing::read_fixture("sentry/issue_details.json"));
  issue["seerAutofixLastTriggered"] = "2025-09-21T10:00:00Z";
  issue["seerExplorerAutofixLastTriggered"] = "2025-09-22T10:00:00Z";
  issue["web_url"] = nullptr;  // permalink stands in
  issue["stats"] = nlohmann::json::parse(R"({"30d":[[1758585600,3],[1758672000,4]]})");
  const nlohmann::json body = {{"action", "created"},
                               {"installation", {{"uuid", "a8e5d37a"}}},
                               {"data", {{"issue", issue}}}};
  expect_same_read("issue", body.dump(), "issue_details.json as a webhook");
  const auto pruned = parse_envelope("issue", body.dump());
  ASSERT_TRUE(pruned.ok()) << pruned.error().message;
  const rules::Facts& facts = pruned->facts;
  EXPECT_EQ(facts.project, "backend");
  EXPECT_EQ(facts.short_id, "BACKEND-3F");
  EXPECT_EQ(facts.web_url, "https://acme.sentry.io/issues/1170820242/");
  EXPECT_EQ(facts.substatus, "ongoing");
  EXPECT_EQ(facts.priority, "high");
  EXPECT_EQ(facts.category, "error");
  EXPECT_EQ(facts.events, 150);
  EXPECT_EQ(facts.users, 12);
  EXPECT_EQ(facts.fixability, 0.62);
  EXPECT_EQ(facts.unhandled, true);
  EXPECT_TRUE(facts.first_seen.has_value());
  EXPECT_TRUE(facts.seer_last_triggered.has_value());
  EXPECT_EQ(facts.culprit, "app.billing.invoice in compute_total");
}

TEST(EnvelopePrunedTest, AnEventWithProjectSlugAndIssueUrlOnlyKeepsBoth) {
  for (const std::string_view resource : {"error", "event_alert"}) {
    const std::string key = resource == "error" ? "error" : "event";
    const nlohmann::json body = {
        {"action", resource == "error" ? "created" : "triggered"},
        {"data",
         {{key,
           {{"issue_url", "https://sentry.io/api/0/organizations/acme/issues/42/"},
            {"project_slug", "backend"},
            {"level", "fatal"},
            {"title", "boom"},
            {"exception", {{"values", nlohmann::json::array({{{"type", "E"}}})}}}}}}}};
    expect_same_read(resource, body.dump(), "an event with issue_url");
    const auto pruned = parse_envelope(resource, body.dump());
    ASSERT_TRUE(pruned.ok()) << pruned.error().message;
    EXPECT_EQ(pruned->issue->value, 42);
    EXPECT_EQ(pruned->facts.project, "backend");
    EXPECT_EQ(pruned->facts.level, "fatal");
    EXPECT_EQ(pruned->facts.title, "boom");
  }
}

}  // namespace
}  // namespace autofixd::intake
