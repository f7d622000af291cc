// A store written by schema v6 goes to v7 (per-delivery retries, the body
// replay window, the index row retention needs) with every row and link
// intact, and row retention then works on its old rows.
#include "unit/store/old_store_fixture.hpp"

namespace autofixd::store {
namespace {

class V7Migration : public OldStoreTest {
 protected:
  void SetUp() override {
    // Delivery 1 led to a finished run with a posted comment, long ago;
    // delivery 2 to the issue's active run; delivery 3 waits to be processed.
    create(6,
           "INSERT INTO deliveries (id, request_id, resource, action, handling, issue_id, "
           "received_at, state, processed_at) VALUES "
           "(1, 'old', 'issue', 'created', 'evaluate', 42, 1000, 'processed', 1000),"
           "(2, 'active', 'issue', 'created', 'evaluate', 43, 1000, 'processed', 1000),"
           "(3, 'waiting', 'issue', 'created', 'evaluate', 44, 1000, 'pending', NULL);"
           "INSERT INTO delivery_bodies (delivery_id, body) VALUES (1, '{}'), (2, '{}'), (3, '{}');"
           "INSERT INTO decisions (id, delivery_id, issue_id, decided_at, outcome, rule, reason, "
           "detail, facts) VALUES (1, 1, 42, 1000, 'start', 'r', 'matched', 'd', '{}'),"
           "(2, 2, 43, 1000, 'start', 'r', 'matched', 'd', '{}');"
           "INSERT INTO runs (id, issue_id, decision_id, rule, stopping_point, instruction, state, "
           "created_at, updated_at, finished_at) VALUES "
           "(1, 42, 1, 'r', 'root_cause', '', 'completed', 1000, 2000, 2000),"
           "(2, 43, 2, 'r', 'root_cause', '', 'running', 1000, 2000, NULL);"
           "INSERT INTO comments (run_id, kind, issue_id, marker, body, state, next_attempt_at, "
           "created_at, posted_at) VALUES (1, 'result', 42, 'autofixd:run:1', 'done', 'posted', "
           "2000, 2000, 2000);");
  }
};

TEST_F(V7Migration, KeepsEveryRowAndTheWaitingDeliveryIsDueAtOnce) {
  auto store = Store::open(path_);
  ASSERT_TRUE(store) << store.error().message;
  auto& db = store->database();
  EXPECT_EQ(first_int(db, "PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM deliveries"), 3);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM comments"), 1);
  auto due = store->pending_deliveries(10, {}, from_unix_ms(5000));
  ASSERT_TRUE(due) << due.error().message;
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].request_id, "waiting");
  EXPECT_EQ(store->pending_delivery_count(), 1);
}

TEST_F(V7Migration, RowRetentionDeletesTheOldFinishedRunAndKeepsTheActiveOne) {
  auto store = Store::open(path_);
  ASSERT_TRUE(store) << store.error().message;
  for (const auto table :
       {RetainedTable::runs, RetainedTable::decisions, RetainedTable::deliveries}) {
    auto pruned = store->prune_rows(table, 0, from_unix_ms(1'000'000), 100);
    ASSERT_TRUE(pruned) << pruned.error().message;
    EXPECT_TRUE(pruned->done);
  }
  auto& db = store->database();
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM runs WHERE id = 1"), 0);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM comments"), 0);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM runs WHERE id = 2"), 1);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM decisions"), 1);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM deliveries WHERE id IN (2, 3)"), 2);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM deliveries WHERE id = 1"), 0);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM delivery_bodies"), 2);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
}

TEST_F(V7Migration, ReplaysAreCaughtAfterTheUpgrade) {
  auto store = Store::open(path_);
  ASSERT_TRUE(store) << store.error().message;
  NewDelivery d{"new-1", "issue", "created", "evaluate", IssueId{45}, "{}", from_unix_ms(5000)};
  d.body_digest = BodyDigest{};
  ASSERT_TRUE(store->insert_delivery(d));
  d.request_id = "new-2";
  auto again = store->insert_delivery(d);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->duplicate);
}

}  // namespace
}  // namespace autofixd::store
