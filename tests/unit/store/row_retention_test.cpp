// Store::prune_rows ([store] row_retention, issue 14 item 9): old rows go
// with their comments and bodies; whatever is still needed stays, and the
// foreign keys hold throughout.
#include <gtest/gtest.h>

#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

using std::chrono::hours;

class RowRetentionTest : public StoreTest {
 protected:
  std::int64_t count(const std::string& sql) {
    auto stmt = Statement::prepare(store_->database(), sql);
    EXPECT_TRUE(stmt) << sql;
    EXPECT_TRUE(stmt->step());
    return stmt->column_int(0);
  }
  void exec(const std::string& sql) { ASSERT_TRUE(store_->database().exec(sql)) << sql; }

  DeliveryId received(const std::string& request_id, std::int64_t issue) {
    auto inserted = store_->insert_delivery(delivery(request_id, issue));
    EXPECT_TRUE(inserted) << inserted.error().message;
    return inserted->id;
  }

  // A webhook for `issue` that started a run; the run ends `completed` with
  // its result comment in `comment_state`. Returns the run.
  RunId finished_run(std::int64_t issue, const std::string& comment_state = "posted") {
    const DeliveryId d =
        received("run-" + std::to_string(issue) + "-" + std::to_string(++serial_), issue);
    auto recorded = store_->record_decision(start_decision(issue, d));
    EXPECT_TRUE(recorded && recorded->run);
    auto run = store_->run(*recorded->run);
    RunRow row = **run;
    row.state = RunState::completed;
    row.finished_at = now_;
    row.next_poll_at.reset();
    EXPECT_TRUE(store_->finish_run(row, "the result"));
    exec("UPDATE comments SET state = '" + comment_state +
         "' WHERE run_id = " + std::to_string(row.id.value));
    return row.id;
  }
  RunId active_run(std::int64_t issue) {
    const DeliveryId d = received("active-" + std::to_string(++serial_), issue);
    auto recorded = store_->record_decision(start_decision(issue, d));
    EXPECT_TRUE(recorded && recorded->run);
    return *recorded->run;
  }
  // Every row so far becomes `age` old.
  void age_everything(hours age) {
    const auto at = std::to_string(to_unix_ms(now_ - age));
    exec("UPDATE deliveries SET received_at = " + at + ", processed_at = " + at);
    exec("UPDATE decisions SET decided_at = " + at);
    exec("UPDATE operator_requests SET requested_at = " + at);
    exec("UPDATE runs SET created_at = " + at + ", updated_at = " + at +
         ", finished_at = CASE WHEN finished_at IS NULL THEN NULL ELSE " + at + " END");
  }
  // One pass: each table walked to its end, `span` rows at a time.
  std::int64_t prune_all(std::int64_t span = 1000) {
    std::int64_t deleted = 0;
    for (const auto table : {RetainedTable::runs, RetainedTable::decisions,
                             RetainedTable::deliveries, RetainedTable::operator_requests}) {
      std::int64_t after = 0;
      for (int guard = 0; guard < 1000; ++guard) {
        auto pruned = store_->prune_rows(table, after, cutoff_, span);
        EXPECT_TRUE(pruned) << pruned.error().message;
        if (!pruned) return -1;
        deleted += pruned->deleted;
        if (pruned->done) break;
        after = pruned->next_after;
      }
    }
    return deleted;
  }

  const SysTime cutoff_ = now_ - hours(24 * 90);
  int serial_ = 0;
};

TEST_F(RowRetentionTest, OldRowsGoWithTheirCommentsAndBodies) {
  finished_run(1);
  const DeliveryId skipped = received("skipped", 2);
  DecisionRecord skip = start_decision(2, skipped);
  skip.outcome = "skip";
  skip.reason = "no_rule_matched";
  ASSERT_TRUE(store_->record_decision(skip));
  const DeliveryId ignored = received("ignored", 3);
  ASSERT_TRUE(store_->finish_delivery(ignored, "ignored", ""));
  const DeliveryId dead = received("dead", 4);
  ASSERT_TRUE(store_->fail_delivery(dead, "HTTP 500", 1));
  age_everything(hours(24 * 91));

  EXPECT_EQ(prune_all(), 1 + 2 + 4);  // a run; two decisions; four deliveries
  for (const char* table : {"runs", "comments", "decisions", "deliveries", "delivery_bodies"}) {
    EXPECT_EQ(count(std::string("SELECT COUNT(*) FROM ") + table), 0) << table;
  }
}

TEST_F(RowRetentionTest, WhatIsStillNeededStays) {
  const RunId active = active_run(10);                 // active, however old
  const RunId sibling = finished_run(11);              // same issue as an active run...
  const RunId unposted = finished_run(12, "pending");  // its comment is still to be posted
  const RunId gone = finished_run(13);
  const DeliveryId pending = received("pending", 14);  // not processed yet
  age_everything(hours(24 * 91));
  (void)active_run(11);  // ...which started later
  const RunId young = finished_run(15);

  prune_all();
  auto exists = [&](const char* table, std::int64_t id) {
    return count(std::string("SELECT COUNT(*) FROM ") + table +
                 " WHERE id = " + std::to_string(id)) == 1;
  };
  EXPECT_TRUE(exists("runs", active.value));
  EXPECT_EQ(count("SELECT COUNT(*) FROM decisions d JOIN runs r ON r.decision_id = d.id "
                  "WHERE r.id = " +
                  std::to_string(active.value)),
            1)
      << "an active run's decision stays";
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries dl JOIN decisions d ON d.delivery_id = dl.id "
                  "JOIN runs r ON r.decision_id = d.id WHERE r.id = " +
                  std::to_string(active.value)),
            1)
      << "and its delivery";
  EXPECT_TRUE(exists("runs", sibling.value)) << "the issue has an active run";
  EXPECT_TRUE(exists("runs", unposted.value)) << "its comment is still to be posted";
  EXPECT_FALSE(exists("runs", gone.value));
  EXPECT_TRUE(exists("runs", young.value));
  EXPECT_TRUE(exists("deliveries", pending.value));
  EXPECT_EQ(count("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
}

TEST_F(RowRetentionTest, AWalkGoesRangeByRangeAndStopsAtYoungRows) {
  for (int i = 0; i < 5; ++i) finished_run(100 + i);
  age_everything(hours(24 * 91));
  for (int i = 0; i < 3; ++i) finished_run(200 + i);
  EXPECT_EQ(prune_all(/*span=*/2), 5 * 3);  // run, decision and delivery of each old one
  EXPECT_EQ(count("SELECT COUNT(*) FROM runs"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries"), 3);

  auto first = store_->prune_rows(RetainedTable::runs, 0, cutoff_, 2);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->done) << "the first range already holds a young run";
  EXPECT_EQ(first->deleted, 0);
}

TEST_F(RowRetentionTest, AnEmptyTableIsDoneAtOnce) {
  auto pruned = store_->prune_rows(RetainedTable::deliveries, 0, cutoff_, 10);
  ASSERT_TRUE(pruned);
  EXPECT_TRUE(pruned->done);
  EXPECT_EQ(pruned->deleted, 0);
}

// `autofixd start/retry/cancel` leave a row each: an answered one goes with
// the run it started; a pending one stays, whatever its age.
TEST_F(RowRetentionTest, AnsweredOperatorRequestsGoOnceTheirRunHasGone) {
  auto ask = [&](std::int64_t issue) {
    NewOperatorRequest r;
    r.issue = IssueId{issue};
    r.by = "alice";
    r.requested_at = now_;
    auto id = store_->add_operator_request(r);
    EXPECT_TRUE(id) << id.error().message;
    return *id;
  };
  const std::int64_t refused = ask(1);
  ASSERT_TRUE(store_->answer_operator_request(refused, {"refused", "no_rule_matched", "-"}, now_));
  const std::int64_t waiting = ask(2);
  const std::int64_t started_kept = ask(3);
  const RunId kept_run = active_run(3);
  exec("UPDATE operator_requests SET state = 'done', new_run_id = " +
       std::to_string(kept_run.value) + " WHERE id = " + std::to_string(started_kept));
  const std::int64_t started_gone = ask(4);
  const RunId gone_run = finished_run(4);
  exec("UPDATE operator_requests SET state = 'done', new_run_id = " +
       std::to_string(gone_run.value) + " WHERE id = " + std::to_string(started_gone));
  const std::int64_t recent = ask(5);
  ASSERT_TRUE(store_->answer_operator_request(recent, {"refused", "no_rule_matched", "-"}, now_));
  age_everything(hours(24 * 100));
  exec("UPDATE operator_requests SET requested_at = " + std::to_string(to_unix_ms(now_)) +
       " WHERE id = " + std::to_string(recent));

  ASSERT_GE(prune_all(), 2);
  auto left = [&](std::int64_t id) {
    return count("SELECT COUNT(*) FROM operator_requests WHERE id = " + std::to_string(id)) == 1;
  };
  EXPECT_FALSE(left(refused));
  EXPECT_TRUE(left(waiting)) << "pending";
  EXPECT_TRUE(left(started_kept)) << "its run is active, so kept";
  EXPECT_FALSE(left(started_gone)) << "its run was deleted first";
  EXPECT_TRUE(left(recent)) << "younger than the cut-off";
}

}  // namespace
}  // namespace autofixd::store
