// The 24 h replay window over delivery bodies (issue 14, item 3): a body
// stored once is a duplicate under any Request-ID until the window is over,
// across restarts; a body that merely shares a digest prefix is stored.
#include <gtest/gtest.h>

#include "store/body_digests.hpp"
#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

class ReplayWindowTest : public StoreTest {
 protected:
  static BodyDigest digest(unsigned char first, unsigned char last = 0) {
    BodyDigest d{};
    d[0] = first;
    d[31] = last;
    return d;
  }
  Result<InsertedDelivery> receive(std::string request_id, const BodyDigest& body, SysTime at) {
    NewDelivery d = delivery(std::move(request_id));
    d.received_at = at;
    d.body_digest = body;
    return store_->insert_delivery(d);
  }
  std::int64_t count(const std::string& sql) {
    auto stmt = Statement::prepare(store_->database(), sql);
    EXPECT_TRUE(stmt);
    EXPECT_TRUE(stmt->step());
    return stmt->column_int(0);
  }
};

TEST_F(ReplayWindowTest, SameBodyUnderANewRequestIdIsADuplicateOfTheFirst) {
  auto first = receive("sentry-1", digest(1), now_);
  ASSERT_TRUE(first) << first.error().message;
  auto replay = receive("attacker-2", digest(1), now_ + std::chrono::hours(23));
  ASSERT_TRUE(replay) << replay.error().message;
  EXPECT_TRUE(replay->duplicate);
  EXPECT_TRUE(replay->same_body);
  EXPECT_EQ(replay->id, first->id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries"), 1);
  EXPECT_EQ(store_->pending_delivery_count(), 1);
}

TEST_F(ReplayWindowTest, SameBodyTwiceInOneBatchIsStoredOnce) {
  NewDelivery a = delivery("a");
  a.body_digest = digest(2);
  NewDelivery b = delivery("b");
  b.body_digest = digest(2);
  auto inserted = store_->insert_deliveries({a, b});
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_FALSE((*inserted)[0].duplicate);
  EXPECT_TRUE((*inserted)[1].duplicate);
  EXPECT_EQ((*inserted)[1].id, (*inserted)[0].id);
}

TEST_F(ReplayWindowTest, SameBodyAfterTheWindowIsANewDelivery) {
  ASSERT_TRUE(receive("day-1", digest(3), now_));
  auto next_day = receive("day-2", digest(3), now_ + std::chrono::hours(24) + Millis{1});
  ASSERT_TRUE(next_day) << next_day.error().message;
  EXPECT_FALSE(next_day->duplicate);
  // And the window starts again from the new delivery.
  auto replay = receive("day-2-again", digest(3), now_ + std::chrono::hours(30));
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->duplicate);
  EXPECT_EQ(replay->id, next_day->id);
}

TEST_F(ReplayWindowTest, BodiesSharingTheFirstEightDigestBytesAreBothStored) {
  auto first = receive("one", digest(4, 0xAA), now_);
  auto second = receive("two", digest(4, 0xBB), now_ + Millis{5});
  ASSERT_TRUE(first);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_FALSE(second->duplicate) << "a shared prefix is not the same body";
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries"), 2);
  // The first keeps the key, and its replays are still caught.
  auto replay = receive("one-again", digest(4, 0xAA), now_ + Millis{10});
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->duplicate);
  EXPECT_EQ(replay->id, first->id);
}

TEST_F(ReplayWindowTest, DeliveriesWithoutADigestAreNeverBodyDuplicates) {
  ASSERT_TRUE(store_->insert_delivery(delivery("sweep:1")));
  auto again = store_->insert_delivery(delivery("sweep:2"));  // same body "{}"
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->duplicate);
}

TEST_F(ReplayWindowTest, TheWindowSurvivesARestart) {
  ASSERT_TRUE(receive("before", digest(5), now_));
  store_.reset();
  auto reopened = Store::open((dir_ / "sub" / "a.db").string());
  ASSERT_TRUE(reopened) << reopened.error().message;
  store_.emplace(std::move(*reopened));
  auto replay = receive("after", digest(5), now_ + std::chrono::hours(1));
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->duplicate);
}

TEST_F(ReplayWindowTest, PruningDeletesOnlyDigestsPastTheWindow) {
  ASSERT_TRUE(receive("old", digest(6), now_ - std::chrono::hours(25)));
  ASSERT_TRUE(receive("young", digest(7), now_ - std::chrono::hours(1)));
  auto pruned = store_->prune_body_digests(now_ - kBodyReplayWindow, 100);
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_EQ(*pruned, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM body_digests"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries"), 2) << "deliveries are not digests";
}

}  // namespace
}  // namespace autofixd::store
