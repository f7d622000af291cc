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
  stored.runs_last_24h["backend"] = 3;
  const auto same = batch.apply(stored, IssueId{42});
  EXPECT_TRUE(same.active_run);
  EXPECT_EQ(same.last_run_started, kNow);
  EXPECT_EQ(same.runs_last_24h.at("backend"), 4);
  const auto other = batch.apply(stored, IssueId{7});
  EXPECT_FALSE(other.active_run);
  EXPECT_FALSE(other.last_run_started.has_value());
  EXPECT_EQ(other.runs_last_24h.at("backend"), 4);
}

TEST(BatchHistoryTest, SkipsWatchesAndDryRunsChangeNothing) {
  BatchHistory batch;
  for (const char* outcome : {"skip", "watch", "dry_run"}) batch.add(decided(42, outcome, kNow));
  const auto h = batch.apply(rules::History{}, IssueId{42});
  EXPECT_FALSE(h.active_run);
  EXPECT_FALSE(h.last_run_started.has_value());
  EXPECT_TRUE(h.runs_last_24h.empty());
}

}  // namespace
}  // namespace autofixd::runs
