// BatchHistory: a start decided earlier in the same batch counts as stored.
#include <gtest/gtest.h>

#include "runs/processor.hpp"

namespace autofixd::runs {
namespace {

store::DecisionRecord decided(std::int64_t issue, std::string outcome, SysTime at) {
  store::DecisionRecord r;
  r.issue = IssueId{issue};
  r.outcome = std::move(outcome);
  r.rule = "backend";
  r.decided_at = at;
  return r;
}

const SysTime kNow = from_unix_ms(1'700'000'000'000);

TEST(BatchHistoryTest, EarlierStartMakesTheIssueActiveAndSpendsTheRuleBudget) {
  BatchHistory batch;
  batch.add(decided(42, "start", kNow));
  rules::History stored;
  stored.usage.by_rule["backend"] = {1, 3};
  stored.usage.paid = {1, 3};
  stored.usage.active_runs = 2;
  const auto same = batch.apply(stored, IssueId{42});
  EXPECT_TRUE(same.active_run);
  EXPECT_EQ(same.last_run_started, kNow);
  EXPECT_EQ(same.usage.by_rule.at("backend").last_24h, 4);
  EXPECT_EQ(same.usage.by_rule.at("backend").last_hour, 2);
  EXPECT_EQ(same.usage.paid.last_hour, 2);
  EXPECT_EQ(same.usage.active_runs, 3);
  const auto other = batch.apply(stored, IssueId{7});
  EXPECT_FALSE(other.active_run);
  EXPECT_FALSE(other.last_run_started.has_value());
  EXPECT_EQ(other.usage.by_rule.at("backend").last_24h, 4);
}

TEST(BatchHistoryTest, SkipsWatchesAndQueuedChangeNothing) {
  BatchHistory batch;
  for (const char* outcome : {"skip", "watch", "queued"}) batch.add(decided(42, outcome, kNow));
  const auto h = batch.apply(rules::History{}, IssueId{42});
  EXPECT_FALSE(h.active_run);
  EXPECT_FALSE(h.last_run_started.has_value());
  EXPECT_TRUE(h.usage.by_rule.empty());
  EXPECT_EQ(h.usage.paid.last_24h, 0);
}

TEST(BatchHistoryTest, WouldBeStartsSpendAsIfActingButMakeNothingActive) {
  BatchHistory batch;
  batch.add(decided(42, "observe", kNow));
  batch.add(decided(43, "dry_run", kNow));
  const auto h = batch.apply(rules::History{}, IssueId{42});
  EXPECT_FALSE(h.active_run);
  EXPECT_EQ(h.usage.would_be.last_hour, 2);
  EXPECT_EQ(h.usage.by_rule.at("backend").last_hour, 2);
  EXPECT_EQ(h.usage.paid.last_hour, 0);
  EXPECT_EQ(h.usage.active_runs, 0);
}

}  // namespace
}  // namespace autofixd::runs
