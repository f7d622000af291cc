// A store written by schema v3 (before the Seer lifecycle) keeps every
// decision, run and comment through v4 (run identity, comment kinds) and v5
// (decisions may be observe/queued; settings), with foreign keys intact.
#include "unit/store/old_store_fixture.hpp"

namespace autofixd::store {
namespace {

class SeerMigration : public OldStoreTest {
 protected:
  void SetUp() override {
    create(
        3,
        "INSERT INTO decisions (id, issue_id, decided_at, outcome, rule, reason, detail, facts) "
        "VALUES (1, 42, 1000, 'start', 'r', 'matched', 'd', '{}');"
        "INSERT INTO runs (id, issue_id, decision_id, rule, stopping_point, instruction, state, "
        "sentry_run_id, created_at, updated_at, started_at) VALUES (1, 42, 1, 'r', 'open_pr', '', "
        "'completed', 777, 1000, 2000, 1500);"
        "INSERT INTO comments (run_id, issue_id, sentry_run_id, body, state, next_attempt_at, "
        "created_at) VALUES (1, 42, 777, 'the result', 'pending', 2000, 2000);");
  }
};

TEST_F(SeerMigration, KeepsDecisionsRunsAndCommentsWithTheirLinks) {
  auto store = Store::open(path_);
  ASSERT_TRUE(store) << store.error().message;
  auto& db = store->database();
  EXPECT_EQ(first_int(db, "PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM decisions WHERE id = 1 AND outcome = 'start'"), 1);
  EXPECT_EQ(first_int(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);

  auto run = store->run(RunId{1});
  ASSERT_TRUE(run && run->has_value());
  EXPECT_EQ((*run)->origin, RunOrigin::started);
  EXPECT_EQ((*run)->sentry_run, SentryRunId{777});
  EXPECT_EQ((*run)->timeout_from, (*run)->started_at);  // the old runs' clock goes on

  auto comments = store->due_comments(from_unix_ms(5000), 10);
  ASSERT_TRUE(comments);
  ASSERT_EQ(comments->size(), 1u);
  EXPECT_EQ((*comments)[0].kind, CommentKind::result);
  EXPECT_EQ((*comments)[0].marker, "autofixd:run:777");
  EXPECT_EQ((*comments)[0].body, "the result");
}

TEST_F(SeerMigration, NewOutcomesAndAWaitingRunAreAllowedAfterwards) {
  auto store = Store::open(path_);
  ASSERT_TRUE(store) << store.error().message;
  auto& db = store->database();
  EXPECT_TRUE(
      db.exec("INSERT INTO decisions (issue_id, decided_at, outcome, reason, detail, facts) "
              "VALUES (43, 3000, 'observe', 'matched', 'd', '{}')"));
  // A run waiting for input is active: a second active run for the issue is refused.
  ASSERT_TRUE(
      db.exec("INSERT INTO decisions (id, issue_id, decided_at, outcome, reason, detail, "
              "facts) VALUES (10, 44, 3000, 'start', 'matched', 'd', '{}'),"
              "(11, 44, 3001, 'start', 'matched', 'd', '{}')"));
  ASSERT_TRUE(
      db.exec("INSERT INTO runs (issue_id, decision_id, rule, stopping_point, instruction, "
              "state, created_at, updated_at) VALUES (44, 10, 'r', 'root_cause', '', "
              "'needs_input', 3000, 3000)"));
  EXPECT_FALSE(
      db.exec("INSERT INTO runs (issue_id, decision_id, rule, stopping_point, "
              "instruction, state, created_at, updated_at) VALUES (44, 11, 'r', "
              "'root_cause', '', 'pending', 3001, 3001)"));
  EXPECT_TRUE(store->set_pause({"incident", "ops", from_unix_ms(4000)}));
  auto pause = store->pause_state();
  ASSERT_TRUE(pause && pause->has_value());
  EXPECT_EQ((*pause)->by, "ops");
  EXPECT_EQ((*pause)->reason, "incident");
  auto cleared = store->clear_pause();
  ASSERT_TRUE(cleared && cleared->has_value());
  auto none = store->pause_state();
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

}  // namespace
}  // namespace autofixd::store
