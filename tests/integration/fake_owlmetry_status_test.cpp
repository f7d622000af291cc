// FakeOwlmetry's PATCH status: the seed's transition table, resolved
// needing a version, and the fields each move sets or clears.

#include <algorithm>
#include <map>

#include "integration/fake_owlmetry_fixture.hpp"

namespace autofixd::testing {
namespace {

using Json = nlohmann::json;

// The seed's table, written out again here so that a slip in the fake's
// copy shows.
const std::map<std::string, std::vector<std::string>> kAllowed{
    {"new", {"in_progress", "resolved", "silenced", "snoozed"}},
    {"in_progress", {"new", "resolved", "silenced", "snoozed"}},
    {"resolved", {"new", "silenced", "snoozed"}},
    {"regressed", {"in_progress", "resolved", "silenced", "snoozed"}},
    {"silenced", {"new", "in_progress", "resolved", "snoozed"}},
    {"snoozed", {"new", "in_progress", "resolved", "silenced"}},
};

Json move_to(const std::string& status) {
  Json body{{"status", status}};
  if (status == "resolved") body["resolved_at_version"] = "2.1.0";
  return body;
}

OwlIssueSpec in_status(const std::string& status) {
  OwlIssueSpec spec{.status = status};
  if (status == "resolved") spec.resolved_at_version = "2.0.0";
  return spec;
}

TEST_F(FakeOwlmetryTest, EveryTransitionInTheTableIsApplied) {
  std::size_t moves = 0;
  for (const auto& [from, targets] : kAllowed) {
    for (const auto& to : targets) {
      auto issue = owl_.add_issue(kProject, in_status(from));
      auto answer = patch_status(issue, move_to(to));
      EXPECT_EQ(answer.status, 200) << from << " → " << to << ": " << answer.body;
      EXPECT_EQ(json(answer)["status"], to);
      EXPECT_EQ(owl_.status(kProject, issue), to) << from << " → " << to;
      EXPECT_EQ(owl_.status_history(kProject, issue), std::vector<std::string>{to});
      ++moves;
    }
  }
  EXPECT_EQ(moves, 23u);
}

TEST_F(FakeOwlmetryTest, EveryTransitionOutsideTheTableIs400AndChangesNothing) {
  std::size_t refused = 0;
  for (const auto& from : owl_statuses()) {
    for (const auto& to : owl_statuses()) {
      const auto& allowed = kAllowed.at(from);
      if (std::find(allowed.begin(), allowed.end(), to) != allowed.end()) continue;
      auto issue = owl_.add_issue(kProject, in_status(from));
      auto answer = patch_status(issue, move_to(to));
      EXPECT_EQ(answer.status, 400) << from << " → " << to;
      EXPECT_TRUE(json(answer).contains("error")) << answer.body;
      EXPECT_EQ(owl_.status(kProject, issue), from);
      EXPECT_TRUE(owl_.status_history(kProject, issue).empty());
      ++refused;
    }
  }
  EXPECT_EQ(refused, 36u - 23u);  // includes each status to itself and anything to regressed
}

TEST_F(FakeOwlmetryTest, UnknownStatusOrMalformedBodyIs400) {
  auto issue = owl_.add_issue(kProject);

  EXPECT_EQ(patch_status(issue, {{"status", "done"}}).status, 400);
  EXPECT_EQ(patch_status(issue, {{"state", "in_progress"}}).status, 400);
  EXPECT_EQ(patch_status(issue, {{"status", 3}}).status, 400);
  EXPECT_EQ(call("PATCH", FakeOwlmetry::issue_path(kProject, issue), "not json").status, 400);
  EXPECT_EQ(owl_.status(kProject, issue), "new");
}

TEST_F(FakeOwlmetryTest, ResolvingNeedsANonEmptyVersion) {
  auto issue = owl_.add_issue(kProject);

  EXPECT_EQ(patch_status(issue, {{"status", "resolved"}}).status, 400);
  EXPECT_EQ(patch_status(issue, {{"status", "resolved"}, {"resolved_at_version", ""}}).status, 400);
  EXPECT_EQ(owl_.status(kProject, issue), "new");
  auto resolved = patch_status(issue, {{"status", "resolved"}, {"resolved_at_version", "3.0"}});
  EXPECT_EQ(resolved.status, 200);
  EXPECT_EQ(json(resolved)["resolved_at_version"], "3.0");
}

TEST_F(FakeOwlmetryTest, ReopeningClearsTheResolvedVersion) {
  auto issue = owl_.add_issue(kProject, in_status("resolved"));

  auto answer = patch_status(issue, {{"status", "new"}});

  ASSERT_EQ(answer.status, 200);
  EXPECT_TRUE(json(answer)["resolved_at_version"].is_null());
  EXPECT_FALSE(owl_.issue(kProject, issue)->resolved_at_version.has_value());
}

TEST_F(FakeOwlmetryTest, SnoozingSetsSnoozedAtAndLeavingClearsIt) {
  auto issue = owl_.add_issue(kProject);

  auto snoozed = json(patch_status(issue, {{"status", "snoozed"}}));
  auto woken = json(patch_status(issue, {{"status", "in_progress"}}));

  EXPECT_TRUE(snoozed["snoozed_at"].is_string());
  EXPECT_TRUE(woken["snoozed_at"].is_null());
  EXPECT_EQ(owl_.status_history(kProject, issue),
            (std::vector<std::string>{"snoozed", "in_progress"}));
}

TEST_F(FakeOwlmetryTest, TheScanJobCanRegressAnIssueWithoutATransitionCheck) {
  auto issue = owl_.add_issue(kProject, in_status("resolved"));

  owl_.set_status(kProject, issue, "regressed");

  EXPECT_EQ(owl_.status(kProject, issue), "regressed");
  EXPECT_EQ(patch_status(issue, {{"status", "in_progress"}}).status, 200);
}

}  // namespace
}  // namespace autofixd::testing
