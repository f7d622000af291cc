// The outbox: messages written with the state change they report, once
// per (target, event), sent on their own schedule, resent when dead.
#include <gtest/gtest.h>

#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

class OutboxTest : public StoreTest {
 protected:
  RunRow started_run() {
    auto recorded = store_->record_decision(start_decision(42));
    EXPECT_TRUE(recorded) << recorded.error().message;
    auto run = store_->run(*recorded->run);
    EXPECT_TRUE(run && *run);
    return **run;
  }
  static OutboxEntry entry(const RunRow& run, std::string target, std::string outcome) {
    OutboxEntry e;
    e.target = std::move(target);
    e.event_key = "run:" + run.id.str() + ":" + outcome;
    e.outcome = std::move(outcome);
    e.issue = run.issue;
    e.run = run.id;
    e.payload = R"({"kind":"started","issue":42})";
    return e;
  }
};

TEST_F(OutboxTest, AMessageIsWrittenWithItsRunStateAndOnlyOnce) {
  RunRow run = started_run();
  run.state = RunState::running;
  run.updated_at = now_;
  const std::vector<OutboxEntry> news{entry(run, "owl", "started"), entry(run, "slack", "started")};
  ASSERT_TRUE(store_->save_run(run, news));
  ASSERT_TRUE(store_->save_run(run, news)) << "saving the same news again is not an error";
  auto due = store_->due_outbox(now_, 10);
  ASSERT_TRUE(due) << due.error().message;
  ASSERT_EQ(due->size(), 2u) << "one row per target and event, however often it is written";
  EXPECT_EQ((*due)[0].entry.target, "owl");
  EXPECT_EQ((*due)[0].state, OutboxState::pending);
  EXPECT_EQ((*due)[0].entry.run->value, run.id.value);
  auto counts = store_->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->outbox_pending, 2);
}

TEST_F(OutboxTest, FinishingARunQueuesItsCommentAndItsMessagesTogether) {
  RunRow run = started_run();
  run.state = RunState::completed;
  run.updated_at = now_;
  ASSERT_TRUE(store_->finish_run(run, "the comment", "autofixd:run:9", {entry(run, "owl", "completed")}));
  EXPECT_EQ(store_->due_comments(now_, 10)->size(), 1u);
  EXPECT_EQ(store_->due_outbox(now_, 10)->size(), 1u);
}

TEST_F(OutboxTest, ARetryWaitsItsTurnAndADeadLetterCanBeResent) {
  RunRow run = started_run();
  ASSERT_TRUE(store_->save_run(run, {entry(run, "owl", "started")}));
  OutboxRow row = store_->due_outbox(now_, 10)->at(0);
  row.state = OutboxState::pending;
  row.attempts = 1;
  row.next_attempt_at = now_ + std::chrono::minutes(5);
  row.last_error = "tracker owl: HTTP 503";
  ASSERT_TRUE(store_->save_outbox(row));
  EXPECT_TRUE(store_->due_outbox(now_, 10)->empty());
  EXPECT_EQ(**store_->next_outbox_due(), now_ + std::chrono::minutes(5));
  ASSERT_EQ(*store_->retry_waiting_now(now_), 1) << "SIGHUP retries waiting messages too";
  EXPECT_EQ(store_->due_outbox(now_, 10)->size(), 1u);

  row.state = OutboxState::dead;
  ASSERT_TRUE(store_->save_outbox(row));
  EXPECT_EQ(store_->counts()->outbox_dead, 1);
  EXPECT_FALSE(*store_->resend_outbox(row.id + 1, now_));
  EXPECT_TRUE(*store_->resend_outbox(row.id, now_));
  auto again = store_->due_outbox(now_, 10);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].attempts, 0);
  EXPECT_EQ((*again)[0].last_error, "tracker owl: HTTP 503") << "the last error stays for the record";
}

TEST_F(OutboxTest, ADecisionsMessagesAreKeyedByIt) {
  DecisionRecord skip = start_decision(77);
  skip.outcome = "skip";
  skip.reason = "already_triggered";
  OutboxEntry e;
  e.target = "pager";
  e.outcome = "skipped_already_triggered";
  e.issue = IssueId{77};
  e.payload = "{}";
  skip.outbox = {e};
  auto recorded = store_->record_decision(skip);
  ASSERT_TRUE(recorded) << recorded.error().message;
  auto rows = store_->list_outbox(OutboxFilter{IssueId{77}});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].entry.event_key,
            "decision:" + std::to_string(recorded->decision_id) + ":skipped_already_triggered");
  EXPECT_EQ((*rows)[0].decision, recorded->decision_id);
  EXPECT_FALSE((*rows)[0].entry.run);
}

TEST_F(OutboxTest, ListsNewestFirstByStateIssueAndRun) {
  RunRow run = started_run();
  ASSERT_TRUE(store_->save_run(run, {entry(run, "a", "started"), entry(run, "b", "started")}));
  auto rows = store_->list_outbox(OutboxFilter{});
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].entry.target, "b");
  OutboxFilter dead;
  dead.state = OutboxState::dead;
  EXPECT_TRUE(store_->list_outbox(dead)->empty());
  OutboxFilter other_run;
  other_run.run = RunId{run.id.value + 100};
  EXPECT_TRUE(store_->list_outbox(other_run)->empty());
}

TEST_F(OutboxTest, RowRetentionKeepsARunUntilItsMessagesAreSentThenDeletesThemWithIt) {
  const SysTime old = now_ - std::chrono::hours(24 * 100);
  std::vector<RunId> ids;
  for (std::int64_t issue : {61, 62}) {
    auto recorded = store_->record_decision(start_decision(issue));
    ASSERT_TRUE(recorded) << recorded.error().message;
    RunRow run = **store_->run(*recorded->run);
    run.state = RunState::failed;
    run.finished_at = old;
    run.updated_at = old;
    ASSERT_TRUE(store_->finish_run(run, "", "", {entry(run, "pager", "refused")}));
    ids.push_back(run.id);
  }
  OutboxRow sent = store_->list_outbox(OutboxFilter{IssueId{61}})->at(0);
  sent.state = OutboxState::sent;
  ASSERT_TRUE(store_->save_outbox(sent));

  ASSERT_TRUE(store_->prune_rows(RetainedTable::runs, 0, now_ - std::chrono::hours(24 * 90), 1000));
  EXPECT_FALSE(*store_->run(ids[0])) << "its message was sent: the run and the message go";
  EXPECT_TRUE(store_->list_outbox(OutboxFilter{IssueId{61}})->empty());
  EXPECT_TRUE(*store_->run(ids[1])) << "a message still to send keeps its run";
  EXPECT_EQ(store_->list_outbox(OutboxFilter{IssueId{62}})->size(), 1u);
}

}  // namespace
}  // namespace autofixd::store
