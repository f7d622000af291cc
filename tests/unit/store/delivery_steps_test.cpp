// Store::apply_delivery_steps: a batch of deliveries' outcomes in one
// transaction, with the same effects as one transaction each.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/store.hpp"
#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

class DeliveryStepsTest : public StoreTest {
 protected:
  DeliveryId insert(std::string request_id, std::int64_t issue) {
    auto d = store_->insert_delivery(delivery(std::move(request_id), issue));
    EXPECT_TRUE(d);
    return d ? d->id : DeliveryId{0};
  }
};

TEST_F(DeliveryStepsTest, BatchOfStartsForOneIssueMakesOneRunAndProcessesEveryDelivery) {
  const auto a = insert("a", 42);
  const auto b = insert("b", 42);
  const auto c = insert("c", 7);
  EXPECT_EQ(store_->pending_delivery_count(), 3);
  auto applied = store_->apply_delivery_steps(
      {start_decision(42, a), start_decision(42, b), start_decision(7, c)});
  ASSERT_TRUE(applied) << applied.error().message;
  ASSERT_EQ(applied->size(), 3u);
  EXPECT_TRUE((*applied)[0].decision->run.has_value());
  EXPECT_TRUE((*applied)[1].decision->lost_to_active_run);
  EXPECT_TRUE((*applied)[2].decision->run.has_value());
  EXPECT_EQ(store_->pending_delivery_count(), 0);
  auto counts = store_->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->pending, 2);
  EXPECT_EQ(counts->deliveries_pending, 0);
}

TEST_F(DeliveryStepsTest, FinishAdvanceAndFailLeaveEachDeliveryAsTheirOwnCallsWould) {
  const auto ignored = insert("i", 1);
  const auto seer = insert("s", 2);
  const auto failing = insert("f", 3);
  auto applied = store_->apply_delivery_steps(
      {FinishDelivery{ignored, "ignored", ""}, AdvanceRun{seer, IssueId{2}, std::nullopt, now_},
       FailDelivery{failing, "HTTP 503", 1}});
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_FALSE((*applied)[1].run_moved);  // issue 2 has no running run
  auto dead = store_->list_deliveries("dead", 10);
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ(dead->front().id, failing);
  EXPECT_EQ(store_->pending_delivery_count(), 0);
  auto pending = store_->pending_deliveries(10);
  ASSERT_TRUE(pending);
  EXPECT_TRUE(pending->empty());
}

TEST_F(DeliveryStepsTest, FailingStepRollsBackTheWholeBatch) {
  const auto a = insert("a", 42);
  auto bad = start_decision(43, a);
  bad.outcome = "bogus";  // refused by the CHECK constraint
  auto applied = store_->apply_delivery_steps({start_decision(42, a), bad});
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, "store.constraint");
  EXPECT_EQ(store_->pending_delivery_count(), 1);
  auto counts = store_->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->pending, 0);
  EXPECT_EQ(counts->deliveries_pending, 1);
}

TEST_F(DeliveryStepsTest, HistoriesReadEachIssueAndTheSharedRuleBudget) {
  ASSERT_TRUE(store_->apply_delivery_steps(
      {start_decision(1, insert("a", 1)), start_decision(2, insert("b", 2))}));
  auto h = store_->histories({IssueId{1}, IssueId{3}}, now_ + std::chrono::hours(1));
  ASSERT_TRUE(h) << h.error().message;
  ASSERT_EQ(h->size(), 2u);
  EXPECT_TRUE((*h)[0].active_run);
  EXPECT_EQ((*h)[0].last_run_started, now_);
  EXPECT_FALSE((*h)[1].active_run);
  EXPECT_FALSE((*h)[1].last_run_started.has_value());
  EXPECT_EQ((*h)[1].usage.by_rule.at("backend").last_24h, 2);
}

}  // namespace
}  // namespace autofixd::store
