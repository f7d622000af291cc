// The queue table and the budget counts: start order, a re-queued issue
// keeping its place, any other decision taking it out, and which runs and
// decisions count against budgets.
#include <gtest/gtest.h>

#include "store/store.hpp"
#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

class QueueRowsTest : public StoreTest {
 protected:
  DecisionRecord queued(std::int64_t issue, int rank, std::optional<std::int64_t> events,
                        std::optional<double> fixability, SysTime at) {
    DecisionRecord r = start_decision(issue);
    r.outcome = "queued";
    r.reason = "budget_exhausted";
    r.decided_at = at;
    r.priority_rank = rank;
    r.events = events;
    r.fixability = fixability;
    r.queue_expires_at = at + hours(24);
    return r;
  }

  std::vector<std::int64_t> order() {
    auto rows = store_->queued(100);
    EXPECT_TRUE(rows);
    std::vector<std::int64_t> ids;
    for (const auto& q : *rows) ids.push_back(q.issue.value);
    return ids;
  }
};

TEST_F(QueueRowsTest, StartOrderIsPriorityThenEventsThenFixabilityThenAge) {
  ASSERT_TRUE(store_->record_decision(queued(1, 2, 900, 0.9, now_)));  // low
  ASSERT_TRUE(store_->record_decision(queued(2, 0, 10, 0.1, now_)));   // high, few events
  ASSERT_TRUE(store_->record_decision(queued(3, 0, 50, 0.2, now_)));   // high, more events
  ASSERT_TRUE(store_->record_decision(queued(4, 0, 50, 0.8, now_)));   // same, fixable
  ASSERT_TRUE(store_->record_decision(queued(5, 3, std::nullopt, std::nullopt, now_)));  // none
  ASSERT_TRUE(store_->record_decision(queued(6, 0, 50, 0.8, now_ + minutes(1))));        // younger
  EXPECT_EQ(order(), (std::vector<std::int64_t>{4, 6, 3, 2, 1, 5}));
  auto rows = store_->queued(1);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].events, 50);
  EXPECT_EQ((*rows)[0].fixability, 0.8);
  EXPECT_EQ(store_->queue_size().value(), 6);
  auto unknown = store_->queued(100);
  EXPECT_FALSE(unknown->back().events);
  EXPECT_FALSE(unknown->back().fixability);
}

TEST_F(QueueRowsTest, RequeuedIssueKeepsItsPlaceAndExpiry) {
  ASSERT_TRUE(store_->record_decision(queued(1, 1, 10, 0.5, now_)));
  DecisionRecord again = queued(1, 1, 20, 0.5, now_ + hours(2));
  again.reason = "too_many_active_runs";
  ASSERT_TRUE(store_->record_decision(again));
  auto rows = store_->queued(10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].queued_at, now_);
  EXPECT_EQ((*rows)[0].expires_at, now_ + hours(24));
  EXPECT_EQ((*rows)[0].reason, "too_many_active_runs");
  EXPECT_EQ((*rows)[0].events, 20);
}

TEST_F(QueueRowsTest, AnyOtherDecisionTakesTheIssueOut) {
  ASSERT_TRUE(store_->record_decision(queued(1, 1, 10, 0.5, now_)));
  ASSERT_TRUE(store_->record_decision(queued(2, 1, 10, 0.5, now_)));
  ASSERT_TRUE(store_->record_decision(start_decision(1)));
  DecisionRecord skip = start_decision(2);
  skip.outcome = "skip";
  skip.reason = "queue_expired";
  ASSERT_TRUE(store_->record_decision(skip));
  EXPECT_TRUE(order().empty());
}

TEST_F(QueueRowsTest, BudgetUsageCountsPaidRunsWouldBeStartsAndActiveRuns) {
  ASSERT_TRUE(store_->record_decision(start_decision(1)));
  DecisionRecord followed = start_decision(2);
  followed.origin = RunOrigin::followed;
  ASSERT_TRUE(store_->record_decision(followed));
  DecisionRecord observed = start_decision(3);
  observed.outcome = "observe";
  observed.rule = "watcher";
  ASSERT_TRUE(store_->record_decision(observed));
  DecisionRecord old = start_decision(4);
  old.decided_at = now_ - hours(2);
  ASSERT_TRUE(store_->record_decision(old));

  auto usage = store_->budget_usage(now_ + minutes(1));
  ASSERT_TRUE(usage) << usage.error().message;
  EXPECT_EQ(usage->paid.last_hour, 1);  // the followed run costs nothing
  EXPECT_EQ(usage->paid.last_24h, 2);
  EXPECT_EQ(usage->would_be.last_hour, 1);
  EXPECT_EQ(usage->by_rule.at("backend").last_24h, 2);
  EXPECT_EQ(usage->by_rule.at("watcher").last_hour, 1);
  EXPECT_EQ(usage->active_runs, 2);  // pending runs 1 and 4; not the followed one
  EXPECT_TRUE(usage->paused.empty());

  ASSERT_TRUE(store_->set_pause({"incident", "ops", now_}));
  usage = store_->budget_usage(now_);
  ASSERT_TRUE(usage);
  EXPECT_NE(usage->paused.find("paused by ops"), std::string::npos);
  EXPECT_NE(usage->paused.find("incident"), std::string::npos);
}

}  // namespace
}  // namespace autofixd::store
