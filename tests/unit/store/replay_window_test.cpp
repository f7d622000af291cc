// The 24 h replay window over delivery bodies (issue 14, item 3): a body
// stored once is a duplicate under any Request-ID until the window is over,
// across restarts; a body that merely shares a digest prefix is stored.
// Since schema v11 the window's keys live in memory and only those memory
// lets go of are written to body_digests (issue 16); a Request-ID is a
// duplicate for the same 24 h.
#include <gtest/gtest.h>

#include "store/body_digests.hpp"
#include "unit/store/store_fixture.hpp"
#include "util/hmac.hpp"
#include "util/xxh128.hpp"

namespace autofixd::store {
namespace {

class ReplayWindowTest : public StoreTest {
 protected:
  static BodyDigest digest(unsigned char first, unsigned char last = 0) {
    BodyDigest d{};
    d[0] = first;
    d[15] = last;
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
  store_->set_recent_keys_limit(1);
  auto young = receive("young", digest(7), now_ - std::chrono::hours(1));
  ASSERT_TRUE(young);
  ASSERT_TRUE(receive("newest", digest(8), now_));
  auto spilled = store_->spill_recent_keys();
  ASSERT_TRUE(spilled) << spilled.error().message;
  EXPECT_EQ(*spilled, 2U) << "over the limit by one, and an eighth of the limit (at least one)";
  // Each delivery's Request-ID digest and body digest.
  EXPECT_EQ(count("SELECT COUNT(*) FROM body_digests"), 4);
  ASSERT_TRUE(store_->database().exec(
      "UPDATE body_digests SET received_at = received_at - 24 * 3600 * 1000 WHERE delivery_id = " +
      std::to_string(young->id.value)));
  auto pruned = store_->prune_body_digests(now_ - kBodyReplayWindow, 100);
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_EQ(*pruned, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM body_digests"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries"), 2) << "deliveries are not digests";
}

// The point of schema v11: storing a delivery writes no key to a B-tree
// ordered by digest while memory holds the window.
TEST_F(ReplayWindowTest, StoringADeliveryWritesNoDigestRow) {
  for (unsigned char i = 0; i < 50; ++i) ASSERT_TRUE(receive("r" + std::to_string(i), digest(i), now_));
  EXPECT_EQ(count("SELECT COUNT(*) FROM body_digests"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries WHERE length(body_digest) = 16"), 50);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND "
                  "tbl_name = 'deliveries' AND sql IS NULL"),
            0)
      << "no UNIQUE constraint's index on deliveries";
}

TEST_F(ReplayWindowTest, ARequestIdIsADuplicateForTheWindowAcrossRestarts) {
  auto first = receive("sentry-7", digest(9), now_);
  ASSERT_TRUE(first);
  auto retry = receive("sentry-7", digest(10), now_ + std::chrono::minutes(5));
  ASSERT_TRUE(retry);
  EXPECT_TRUE(retry->duplicate);
  EXPECT_FALSE(retry->same_body);
  EXPECT_EQ(retry->id, first->id);

  store_.reset();
  auto reopened = Store::open((dir_ / "sub" / "a.db").string());
  ASSERT_TRUE(reopened) << reopened.error().message;
  store_.emplace(std::move(*reopened));
  auto after = receive("sentry-7", digest(11), now_ + std::chrono::hours(23));
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->duplicate) << "read back from the delivery rows at start";
  EXPECT_EQ(after->id, first->id);

  auto next_day = receive("sentry-7", digest(12), now_ + std::chrono::hours(25));
  ASSERT_TRUE(next_day);
  EXPECT_FALSE(next_day->duplicate) << "the window is 24 h for a Request-ID too";
}

// More deliveries than memory holds: the oldest keys go to the table, and
// their duplicates are still caught, before and after a restart (which
// reads back only as many as memory holds).
TEST_F(ReplayWindowTest, KeysBeyondTheMemoryLimitAreCaughtThroughTheTable) {
  store_->set_recent_keys_limit(8);
  for (unsigned char i = 0; i < 20; ++i) {
    ASSERT_TRUE(receive("flood-" + std::to_string(i), digest(100 + i), now_ + Millis{i}));
  }
  auto spilled = store_->spill_recent_keys();
  ASSERT_TRUE(spilled) << spilled.error().message;
  EXPECT_EQ(*spilled, 13U) << "down to the limit, and an eighth of it more";
  EXPECT_EQ(store_->recent_keys_held(), 7U);
  EXPECT_EQ(count("SELECT COUNT(*) FROM body_digests"), 26);
  auto again = store_->spill_recent_keys();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0U) << "under the limit: nothing to do";

  auto check = [&](const std::string& when) {
    auto by_body = receive("replay-" + when, digest(100), now_ + std::chrono::hours(1));
    ASSERT_TRUE(by_body);
    EXPECT_TRUE(by_body->duplicate && by_body->same_body) << when;
    auto by_request = receive("flood-1", digest(200), now_ + std::chrono::hours(1));
    ASSERT_TRUE(by_request);
    EXPECT_TRUE(by_request->duplicate && !by_request->same_body) << when;
    auto newest = receive("flood-19", digest(201), now_ + std::chrono::hours(1));
    ASSERT_TRUE(newest);
    EXPECT_TRUE(newest->duplicate) << when;
  };
  check("before");

  store_.reset();
  auto reopened = Store::open((dir_ / "sub" / "a.db").string());
  ASSERT_TRUE(reopened) << reopened.error().message;
  store_.emplace(std::move(*reopened));
  store_->set_recent_keys_limit(8);
  auto loaded = store_->load_recent_keys();
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(store_->recent_keys_held(), 8U);
  check("after a restart");
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries"), 20);
}

// The table knows a key, not a digest: what it names is confirmed against
// the delivery's row, so a body that only shares the first 8 bytes with a
// spilled one is stored.
TEST_F(ReplayWindowTest, ASpilledKeySharedByAnotherBodyIsNoDuplicate) {
  store_->set_recent_keys_limit(1);
  auto first = receive("one", digest(4, 0xAA), now_);
  ASSERT_TRUE(first);
  ASSERT_TRUE(receive("two", digest(5), now_ + Millis{1}));
  auto spilled = store_->spill_recent_keys();
  ASSERT_TRUE(spilled) << spilled.error().message;
  ASSERT_GE(*spilled, 1U);
  auto sharing = receive("three", digest(4, 0xBB), now_ + Millis{2});
  ASSERT_TRUE(sharing) << sharing.error().message;
  EXPECT_FALSE(sharing->duplicate) << "a shared prefix is not the same body";
  auto replay = receive("one-again", digest(4, 0xAA), now_ + Millis{3});
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->duplicate && replay->same_body);
  EXPECT_EQ(replay->id, first->id);
}

// A key left in memory by an insert whose transaction rolled back names a
// row that is not there (or, once the id is taken again, another delivery):
// it never makes a delivery a duplicate.
TEST_F(ReplayWindowTest, AKeyLeftByARolledBackInsertIsNoDuplicate) {
  ASSERT_TRUE(store_->load_recent_keys());
  ASSERT_TRUE(store_->database().exec("BEGIN IMMEDIATE"));
  ASSERT_TRUE(receive("lost", digest(20), now_));
  ASSERT_TRUE(store_->database().exec("ROLLBACK"));
  auto other = receive("other", digest(21), now_);  // takes the rolled-back row's id
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->duplicate);
  auto retried = receive("lost", digest(20), now_ + Millis{1});
  ASSERT_TRUE(retried);
  EXPECT_FALSE(retried->duplicate) << "Sentry's retry of the delivery that was not stored";
  auto again = receive("lost", digest(20), now_ + Millis{2});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->id, retried->id);
}

// Rows written by earlier builds hold their body's SHA-256; the daemon now digests
// bodies with XXH3-128. A copy of such a body, arriving within 24 h of it
// after the upgrade, must still be caught.
class LegacyDigestTest : public ReplayWindowTest {
 protected:
  static constexpr const char* kBody = R"({"action":"created","data":{"issue":{"id":"7"}}})";

  // A delivery of `body` as an earlier build stored it.
  DeliveryId stored_by_older_version(std::string request_id, std::string body, SysTime at) {
    NewDelivery d = delivery(std::move(request_id));
    d.body = std::move(body);
    d.received_at = at;
    d.body_digest = xxh3_128(d.body);
    auto inserted = store_->insert_delivery(d);
    EXPECT_TRUE(inserted) << inserted.error().message;
    auto set = Statement::prepare(store_->database(),
                                  "UPDATE deliveries SET body_digest = ?1 WHERE id = ?2");
    EXPECT_TRUE(set);
    set->bind_blob(1, digests::bytes_of(sha256(d.body))).bind(2, inserted->id.value);
    EXPECT_TRUE(set->run());
    return inserted->id;
  }
  void upgrade() {
    store_.reset();
    auto reopened = Store::open((dir_ / "sub" / "a.db").string());
    ASSERT_TRUE(reopened) << reopened.error().message;
    store_.emplace(std::move(*reopened));
  }
  Result<InsertedDelivery> copy_of(std::string request_id, std::string body, SysTime at) {
    NewDelivery d = delivery(std::move(request_id));
    d.body = std::move(body);
    d.received_at = at;
    d.body_digest = xxh3_128(d.body);
    return store_->insert_delivery(d);
  }
};

TEST_F(LegacyDigestTest, ACopyOfABodyStoredBeforeTheUpgradeIsADuplicate) {
  const DeliveryId old = stored_by_older_version("sentry-1", kBody, now_);
  upgrade();
  auto copy = copy_of("attacker-2", kBody, now_ + std::chrono::hours(23));
  ASSERT_TRUE(copy) << copy.error().message;
  EXPECT_TRUE(copy->duplicate && copy->same_body);
  EXPECT_EQ(copy->id, old);
  auto other = copy_of("sentry-3", R"({"action":"resolved"})", now_ + std::chrono::hours(23));
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->duplicate);
}

TEST_F(LegacyDigestTest, ACopyIsCaughtWhenTheOldKeyWasMovedToTheTable) {
  const DeliveryId old = stored_by_older_version("sentry-1", kBody, now_);
  ASSERT_TRUE(copy_of("sentry-2", R"({"action":"resolved"})", now_ + Millis{1}));
  upgrade();
  store_->set_recent_keys_limit(1);  // the old delivery's keys go to body_digests at load
  auto copy = copy_of("attacker-3", kBody, now_ + std::chrono::hours(2));
  ASSERT_TRUE(copy) << copy.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM body_digests WHERE delivery_id = " +
                  std::to_string(old.value)),
            2)
      << "its Request-ID's key and its body's SHA-256 key";
  EXPECT_TRUE(copy->duplicate && copy->same_body);
  EXPECT_EQ(copy->id, old);
}

TEST_F(LegacyDigestTest, NewDeliveriesStoreTheBodysXxh3) {
  ASSERT_TRUE(copy_of("new", kBody, now_));
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries WHERE length(body_digest) = 16"), 1);
}

}  // namespace
}  // namespace autofixd::store
