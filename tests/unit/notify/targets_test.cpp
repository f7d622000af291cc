// Which targets an outcome is news for, and the keys that keep each message single.
#include <gtest/gtest.h>

#include "notify/targets.hpp"

namespace autofixd::notify {
namespace {

config::Config with_targets() {
  config::Config c;
  config::Tracker ios;
  ios.name = "owl-ios";
  ios.sentry_projects = {"ios-app"};
  ios.set_status = "in_progress";
  config::Tracker all;
  all.name = "owl-all";  // every project, no status change
  config::NotifyTarget slack;
  slack.name = "slack";
  slack.kind = "slack";
  slack.outcomes = {"completed", "refused"};
  config::NotifyTarget pager;
  pager.name = "pager";
  pager.kind = "webhook";  // every outcome
  c.trackers = {ios, all};
  c.notify = {slack, pager};
  return c;
}

Outcome run_outcome(OutcomeKind kind, std::string project = "ios-app") {
  Outcome o;
  o.kind = kind;
  o.issue = IssueId{42};
  o.run = RunId{7};
  o.project = std::move(project);
  return o;
}

std::vector<std::string> targets_of(const std::vector<store::OutboxEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.target);
  return out;
}

TEST(OutboxEntries, AStartMovesTrackerStatusOnlyWhereOneIsSet) {
  const auto entries = outbox_entries(with_targets(), run_outcome(OutcomeKind::started));
  EXPECT_EQ(targets_of(entries), (std::vector<std::string>{"owl-ios", "pager"}));
  EXPECT_EQ(entries[0].event_key, "run:7:started");
  EXPECT_EQ(entries[0].outcome, "started");
  ASSERT_TRUE(entries[0].run);
  EXPECT_EQ(entries[0].run->value, 7);
  auto payload = outcome_from_json(entries[0].payload);
  ASSERT_TRUE(payload) << payload.error().message;
  EXPECT_EQ(payload->issue.value, 42);
}

TEST(OutboxEntries, ACompletedRunGoesToEveryTrackerOfItsProjectAndMatchingNotify) {
  EXPECT_EQ(targets_of(outbox_entries(with_targets(), run_outcome(OutcomeKind::completed))),
            (std::vector<std::string>{"owl-ios", "owl-all", "slack", "pager"}));
  EXPECT_EQ(
      targets_of(outbox_entries(with_targets(), run_outcome(OutcomeKind::completed, "backend"))),
      (std::vector<std::string>{"owl-all", "slack", "pager"}));
}

TEST(OutboxEntries, ARunThatNeverExistedIsNotATrackersNews) {
  EXPECT_EQ(targets_of(outbox_entries(with_targets(), run_outcome(OutcomeKind::refused))),
            (std::vector<std::string>{"slack", "pager"}));
  Outcome skipped = run_outcome(OutcomeKind::skipped_already_triggered);
  skipped.run.reset();
  const auto entries = outbox_entries(with_targets(), skipped, already_triggered_key(skipped.issue, 991));
  EXPECT_EQ(targets_of(entries), (std::vector<std::string>{"pager"}));
  EXPECT_EQ(entries[0].event_key, "issue:42:already_triggered:991");
}

TEST(OutboxEntries, NoTargetsNoEntries) {
  EXPECT_TRUE(outbox_entries(config::Config{}, run_outcome(OutcomeKind::completed)).empty());
}

TEST(OutcomeNames, MatchWhatTheConfigAccepts) {
  for (const std::string_view name : config::notify_outcome_names()) {
    const auto kind = outcome_from_string(name);
    ASSERT_TRUE(kind) << name;
    EXPECT_EQ(to_string(*kind), name);
  }
}

}  // namespace
}  // namespace autofixd::notify
