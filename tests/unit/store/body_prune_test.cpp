// Store::prune_bodies: which bodies go, which stay, and how a walk proceeds.

#include <gtest/gtest.h>

#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

class BodyPruneTest : public StoreTest {
 protected:
  DeliveryId received(std::string request_id, SysTime at) {
    NewDelivery d = delivery(std::move(request_id));
    d.received_at = at;
    d.body = R"({"action":"created"})";
    auto inserted = store_->insert_delivery(d);
    EXPECT_TRUE(inserted) << inserted.error().message;
    return inserted->id;
  }
  bool has_body(DeliveryId id) {
    auto stmt = Statement::prepare(store_->database(),
                                   "SELECT COUNT(*) FROM delivery_bodies WHERE delivery_id = ?1");
    EXPECT_TRUE(stmt);
    stmt->bind(1, id.value);
    EXPECT_TRUE(stmt->step());
    return stmt->column_int(0) == 1;
  }
  const SysTime old_ = now_ - std::chrono::hours(24 * 40);
  const SysTime cutoff_ = now_ - std::chrono::hours(24 * 30);
};

TEST_F(BodyPruneTest, DeletesOnlyOldBodiesOfDeliveriesThatAreDone) {
  const DeliveryId processed = received("processed", old_);
  const DeliveryId ignored = received("ignored", old_);
  const DeliveryId pending = received("pending", old_);
  const DeliveryId dead = received("dead", old_);
  const DeliveryId recent = received("recent", now_);
  ASSERT_TRUE(store_->record_decision(start_decision(42, processed)));
  ASSERT_TRUE(store_->finish_delivery(ignored, "ignored", ""));
  ASSERT_TRUE(store_->fail_delivery(dead, "Sentry down", 1));
  ASSERT_TRUE(store_->finish_delivery(recent, "processed", ""));

  auto pruned = store_->prune_bodies(processed, cutoff_, 1000);
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_EQ(pruned->deleted, 2);
  EXPECT_TRUE(pruned->reached_recent);
  EXPECT_FALSE(has_body(processed));
  EXPECT_FALSE(has_body(ignored));
  EXPECT_TRUE(has_body(pending)) << "a pending delivery is processed from its body";
  EXPECT_TRUE(has_body(dead)) << "a dead letter can be replayed";
  EXPECT_TRUE(has_body(recent));
  auto all = store_->list_deliveries(std::nullopt, 10);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 5u) << "the delivery rows stay";
}

TEST_F(BodyPruneTest, WalksRangeByRangeAndStopsAtTheFirstRecentDelivery) {
  std::vector<DeliveryId> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(received("old-" + std::to_string(i), old_));
  ids.push_back(received("young", now_));
  for (const DeliveryId id : ids) ASSERT_TRUE(store_->finish_delivery(id, "processed", ""));

  auto first = store_->first_body();
  ASSERT_TRUE(first && first->has_value());
  EXPECT_EQ(**first, ids[0]);
  auto pruned = store_->prune_bodies(ids[0], cutoff_, 2);
  ASSERT_TRUE(pruned);
  EXPECT_EQ(pruned->deleted, 2);
  EXPECT_FALSE(pruned->reached_recent);
  ASSERT_TRUE(pruned->next.has_value());
  EXPECT_EQ(*pruned->next, ids[2]);
  pruned = store_->prune_bodies(ids[2], cutoff_, 2);
  ASSERT_TRUE(pruned);
  EXPECT_EQ(pruned->deleted, 2);
  pruned = store_->prune_bodies(*pruned->next, cutoff_, 2);
  ASSERT_TRUE(pruned);
  EXPECT_EQ(pruned->deleted, 1);
  EXPECT_TRUE(pruned->reached_recent);
  EXPECT_FALSE(pruned->next.has_value());
  EXPECT_TRUE(has_body(ids[5]));
  first = store_->first_body();
  ASSERT_TRUE(first && first->has_value());
  EXPECT_EQ(**first, ids[5]);
}

TEST_F(BodyPruneTest, NextSkipsTheGapsEarlierPassesLeft) {
  const DeliveryId a = received("a", old_);
  const DeliveryId b = received("b", old_);
  const DeliveryId c = received("c", old_);
  ASSERT_TRUE(store_->finish_delivery(b, "processed", ""));
  ASSERT_TRUE(store_->prune_bodies(b, cutoff_, 1));
  auto pruned = store_->prune_bodies(a, cutoff_, 1);  // a is pending: kept
  ASSERT_TRUE(pruned);
  EXPECT_EQ(pruned->deleted, 0);
  ASSERT_TRUE(pruned->next.has_value());
  EXPECT_EQ(*pruned->next, c) << "b's body is gone: the walk goes on at c";
}

}  // namespace
}  // namespace autofixd::store
