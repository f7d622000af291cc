// A store written by schema v10 goes to v11 (the replay window in memory):
// the deliveries table loses its UNIQUE Request-ID index and every row keeps
// its columns and links, each body digest moves onto its delivery, and the
// deliveries of the last 24 h are still duplicates after the upgrade.
#include "store/body_digests.hpp"
#include "unit/store/old_store_fixture.hpp"
#include "util/hex.hpp"
#include "util/hmac.hpp"
#include "util/xxh128.hpp"

namespace autofixd::store {
namespace {

// Delivery 2's body; version 10 knew it by its SHA-256.
constexpr const char* kRecentBody = "{\"a\":1}";

std::string hex(const Sha256Digest& d) { return lower_hex(d); }

class V11Migration : public OldStoreTest {
 protected:
  void SetUp() override {
    // Delivery 1 (long ago) was decided; delivery 2 (an hour ago) is
    // pending, with its body's digest in the window.
    create(
        10,
        "INSERT INTO deliveries (id, request_id, resource, action, handling, issue_id, "
        "received_at, state, attempts, last_error, processed_at, next_attempt_at, decision_id) "
        "VALUES (1, 'old', 'issue', 'created', 'evaluate', 42, 1000, 'processed', 2, 'was slow', "
        "2000, 1500, 1),"
        "(2, 'recent', 'issue', 'created', 'evaluate', 43, " +
            std::to_string(now_ms_ - 3600000) +
            ", 'pending', 0, NULL, NULL, 0, NULL);"
            "INSERT INTO delivery_bodies (delivery_id, body) VALUES (1, '{}'), (2, '{\"a\":1}');"
            "INSERT INTO decisions (id, delivery_id, issue_id, decided_at, outcome, rule, reason, "
            "detail, facts) VALUES (1, 1, 42, 2000, 'skip', 'r', 'no_rule_matched', 'd', '{}');"
            "INSERT INTO body_digests (key, digest, delivery_id, received_at) VALUES (" +
            std::to_string(static_cast<std::int64_t>(digests::key_of(sha256(kRecentBody)))) +
            ", x'" + hex(sha256(kRecentBody)) + "', 2, " +
            std::to_string(now_ms_ - 3600000) + ");");
  }

  Result<InsertedDelivery> receive(Store& store, std::string request_id, std::string body) {
    NewDelivery d{std::move(request_id), "issue", "created", "evaluate", IssueId{43},
                  std::move(body), from_unix_ms(now_ms_)};
    d.body_digest = xxh3_128(d.body);
    return store.insert_delivery(d);
  }

  const std::int64_t now_ms_ = to_unix_ms(std::chrono::system_clock::now());
};

TEST_F(V11Migration, KeepsEveryColumnAndLinkAndMovesTheDigestOntoTheDelivery) {
  auto store = Store::open(path_);
  ASSERT_TRUE(store) << store.error().message;
  auto& db = store->database();
  EXPECT_EQ(first_int(db, "PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
  EXPECT_EQ(first_int(db,
                      "SELECT COUNT(*) FROM deliveries WHERE id = 1 AND request_id = 'old' "
                      "AND state = 'processed' AND attempts = 2 AND last_error = 'was slow' "
                      "AND processed_at = 2000 AND next_attempt_at = 1500 AND "
                      "decision_id = 1 AND body_digest IS NULL"),
            1);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM deliveries WHERE id = 2 AND body_digest = x'" +
                              hex(sha256(kRecentBody)) + "'"),
            1);
  EXPECT_EQ(first_int(db,
                      "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'deliveries' AND "
                      "name LIKE 'sqlite_autoindex%'"),
            0)
      << "the UNIQUE Request-ID index is gone";
  auto pending = store->pending_deliveries(10, {});
  ASSERT_TRUE(pending) << pending.error().message;
  ASSERT_EQ(pending->size(), 1U);
  EXPECT_EQ((*pending)[0].body, "{\"a\":1}");
}

TEST_F(V11Migration, DeliveriesOfTheLastDayAreStillDuplicates) {
  auto store = Store::open(path_);
  ASSERT_TRUE(store) << store.error().message;
  auto replay = receive(*store, "fresh-id", kRecentBody);
  ASSERT_TRUE(replay) << replay.error().message;
  EXPECT_TRUE(replay->duplicate && replay->same_body);
  EXPECT_EQ(replay->id.value, 2);
  auto retry = receive(*store, "recent", "{\"b\":9}");
  ASSERT_TRUE(retry);
  EXPECT_TRUE(retry->duplicate && !retry->same_body);
  EXPECT_EQ(retry->id.value, 2);
  auto old = receive(*store, "old", "{\"c\":10}");
  ASSERT_TRUE(old);
  EXPECT_FALSE(old->duplicate) << "a Request-ID older than the window is a new delivery";
}

}  // namespace
}  // namespace autofixd::store
