// The processor's one call per idle tick must see every kind of work it
// would otherwise have asked for one by one, and nothing that is not due.
#include <gtest/gtest.h>

#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

class ProcessorWorkTest : public StoreTest {
 protected:
  ProcessorWork work() {
    auto w = store_->processor_work(now_);
    EXPECT_TRUE(w) << w.error().message;
    return w ? *w : ProcessorWork{};
  }

  // A delivery for `issue`, decided `outcome` for `reason`, watched or
  // queued for a day.
  DecisionRecord decided(std::int64_t issue, const std::string& outcome,
                         const std::string& reason) {
    auto inserted = store_->insert_delivery(delivery("req-" + outcome, issue));
    EXPECT_TRUE(inserted) << inserted.error().message;
    DecisionRecord r = start_decision(issue, inserted->id);
    r.outcome = outcome;
    r.reason = reason;
    if (outcome == "watch") r.recheck_at = now_ + std::chrono::minutes(5);
    r.watch_expires_at = r.queue_expires_at = now_ + std::chrono::hours(24);
    auto recorded = store_->record_decision(r);
    EXPECT_TRUE(recorded) << recorded.error().message;
    return r;
  }
};

TEST_F(ProcessorWorkTest, AnEmptyStoreHasNothingToDo) {
  const ProcessorWork w = work();
  EXPECT_EQ(w.queued, 0);
  EXPECT_FALSE(w.operator_requests);
  EXPECT_FALSE(w.deliveries_due);
  EXPECT_FALSE(w.watches_due);
  EXPECT_FALSE(w.next_due);
}

TEST_F(ProcessorWorkTest, ADeliveryIsDueUntilItWaitsForARetry) {
  auto inserted = store_->insert_delivery(delivery("req-1"));
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_TRUE(work().deliveries_due);
  const SysTime retry_at = now_ + std::chrono::seconds(30);
  ASSERT_TRUE(store_->fail_delivery(inserted->id, "Sentry answered 503", 5, retry_at));
  ProcessorWork w = work();
  EXPECT_FALSE(w.deliveries_due);
  EXPECT_EQ(w.next_due, retry_at);
  now_ = retry_at;
  EXPECT_TRUE(work().deliveries_due);
}

TEST_F(ProcessorWorkTest, AWatchIsDueAtItsReCheck) {
  const DecisionRecord r = decided(7, "watch", "below_min_events");
  ProcessorWork w = work();
  EXPECT_FALSE(w.watches_due);
  EXPECT_FALSE(w.deliveries_due) << "decided";
  EXPECT_EQ(w.next_due, *r.recheck_at);
  now_ = *r.recheck_at;
  EXPECT_TRUE(work().watches_due);
}

TEST_F(ProcessorWorkTest, QueuedStartsAndOperatorRequestsAreSeen) {
  decided(8, "queued", "budget_exhausted");
  EXPECT_EQ(work().queued, 1);
  EXPECT_FALSE(work().operator_requests);
  NewOperatorRequest ask;
  ask.issue = IssueId{9};
  ask.by = "alice";
  ask.requested_at = now_;
  ASSERT_TRUE(store_->add_operator_request(ask));
  EXPECT_TRUE(work().operator_requests);
}

}  // namespace
}  // namespace autofixd::store
