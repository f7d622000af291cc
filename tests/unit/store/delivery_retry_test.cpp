// Each pending delivery has its own next attempt (issue 14, item 6): one
// that failed waits out its backoff while the others are due.
#include <gtest/gtest.h>

#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

using std::chrono::seconds;

class DeliveryRetryTest : public StoreTest {
 protected:
  DeliveryId received(std::string request_id) {
    auto inserted = store_->insert_delivery(delivery(std::move(request_id)));
    EXPECT_TRUE(inserted) << inserted.error().message;
    return inserted->id;
  }
  std::vector<DeliveryId> due(SysTime at) {
    auto rows = store_->pending_deliveries(10, {}, at);
    EXPECT_TRUE(rows) << rows.error().message;
    std::vector<DeliveryId> ids;
    for (const auto& r : *rows) ids.push_back(r.id);
    return ids;
  }
};

TEST_F(DeliveryRetryTest, AFailedDeliveryWaitsItsOwnTimeWhileTheOthersAreDue) {
  const DeliveryId failing = received("failing");
  const DeliveryId next = received("next");
  ASSERT_TRUE(store_->fail_delivery(failing, "HTTP 500", 20, now_ + seconds(30)));
  EXPECT_EQ(due(now_), std::vector<DeliveryId>{next});
  EXPECT_EQ(due(now_ + seconds(30)), (std::vector<DeliveryId>{failing, next}))
      << "oldest first once due again";
  auto retry = store_->next_delivery_retry();
  ASSERT_TRUE(retry);
  EXPECT_EQ(*retry, now_ + seconds(30));
  EXPECT_EQ(store_->pending_delivery_count(), 2) << "a waiting delivery is still pending";
}

TEST_F(DeliveryRetryTest, NoRetryIsDueWhenNoneFailed) {
  received("fresh");
  auto retry = store_->next_delivery_retry();
  ASSERT_TRUE(retry);
  EXPECT_FALSE(retry->has_value());
}

TEST_F(DeliveryRetryTest, ReplayMakesADeadDeliveryDueAtOnce) {
  const DeliveryId dead = received("dead");
  ASSERT_TRUE(store_->fail_delivery(dead, "HTTP 500", 1, now_ + std::chrono::hours(1)));
  ASSERT_TRUE(store_->replay_delivery(dead));
  EXPECT_EQ(due(now_), std::vector<DeliveryId>{dead});
}

TEST_F(DeliveryRetryTest, RetryingWaitingWorkNowIncludesDeliveries) {
  const DeliveryId waiting = received("waiting");
  ASSERT_TRUE(store_->fail_delivery(waiting, "HTTP 401", 20, now_ + std::chrono::hours(1)));
  auto moved = store_->retry_waiting_now(now_);  // SIGHUP: the operator may have fixed it
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(*moved, 1);
  EXPECT_EQ(due(now_), std::vector<DeliveryId>{waiting});
}

TEST_F(DeliveryRetryTest, TheCountOfPendingIncludesThoseWaiting) {
  const DeliveryId a = received("a");
  received("b");
  ASSERT_TRUE(store_->fail_delivery(a, "HTTP 500", 20, now_ + seconds(60)));
  // A delivery another connection made pending (`autofixd replay`) is
  // counted at the next read that returns every due delivery.
  ASSERT_TRUE(store_->database().exec(
      "INSERT INTO deliveries (request_id, resource, action, handling, received_at) "
      "VALUES ('other', 'issue', 'created', 'evaluate', 0)"));
  EXPECT_EQ(due(now_).size(), 2u);
  EXPECT_EQ(store_->pending_delivery_count(), 3);
}

}  // namespace
}  // namespace autofixd::store
