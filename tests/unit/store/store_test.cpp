#include "store/store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

TEST_F(StoreTest, CreatesParentDirectoryAndSchema) {
  EXPECT_TRUE(std::filesystem::exists(dir_ / "sub" / "a.db"));
  auto counts = store_->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->pending, 0);
}

TEST_F(StoreTest, SecondDeliveryWithSameRequestIdIsDuplicate) {
  auto first = store_->insert_delivery(delivery("abc"));
  auto second = store_->insert_delivery(delivery("abc"));
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(first->duplicate);
  EXPECT_TRUE(second->duplicate);
  EXPECT_EQ(first->id, second->id);
  auto pending = store_->pending_deliveries(10);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->size(), 1u);
}

TEST_F(StoreTest, BatchInsertReportsEachDeliveryInOrder) {
  auto results = store_->insert_deliveries({delivery("a"), delivery("b"), delivery("a")});
  ASSERT_TRUE(results) << results.error().message;
  ASSERT_EQ(results->size(), 3u);
  EXPECT_FALSE((*results)[0].duplicate);
  EXPECT_FALSE((*results)[1].duplicate);
  EXPECT_TRUE((*results)[2].duplicate);
}

TEST_F(StoreTest, StartDecisionCreatesOnePendingRunAndProcessesDelivery) {
  auto d = store_->insert_delivery(delivery("x"));
  ASSERT_TRUE(d);
  auto recorded = store_->record_decision(start_decision(42, d->id));
  ASSERT_TRUE(recorded) << recorded.error().message;
  ASSERT_TRUE(recorded->run.has_value());
  auto run = store_->run(*recorded->run);
  ASSERT_TRUE(run && run->has_value());
  EXPECT_EQ((*run)->state, RunState::pending);
  EXPECT_EQ((*run)->next_poll_at, now_);
  auto pending = store_->pending_deliveries(10);
  ASSERT_TRUE(pending);
  EXPECT_TRUE(pending->empty());
}

TEST_F(StoreTest, SecondStartForSameIssueBecomesActiveRunSkip) {
  ASSERT_TRUE(store_->record_decision(start_decision(42)));
  auto second = store_->record_decision(start_decision(42));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_FALSE(second->run.has_value());
  EXPECT_TRUE(second->lost_to_active_run);
  auto runs = store_->list_runs(std::nullopt, 10);
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->size(), 1u);
}

TEST_F(StoreTest, SchemaRefusesSecondActiveRunEvenWithoutCodeCheck) {
  ASSERT_TRUE(store_->record_decision(start_decision(42)));
  auto status = store_->database().exec(
      "INSERT INTO decisions (issue_id, decided_at, outcome, reason, detail, facts) "
      "VALUES (42, 0, 'start', 'matched', '', '{}');"
      "INSERT INTO runs (issue_id, decision_id, rule, stopping_point, instruction, state, "
      "created_at, updated_at) VALUES (42, last_insert_rowid(), 'r', 'root_cause', '', "
      "'running', 0, 0)");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, "store.constraint");
}

TEST_F(StoreTest, FinishedRunQueuesExactlyOneComment) {
  auto recorded = store_->record_decision(start_decision(42));
  ASSERT_TRUE(recorded && recorded->run);
  auto run = store_->run(*recorded->run);
  ASSERT_TRUE(run && *run);
  RunRow r = **run;
  r.state = RunState::completed;
  r.next_poll_at.reset();
  ASSERT_TRUE(store_->finish_run(r, "comment body"));
  ASSERT_TRUE(store_->finish_run(r, "comment body again"));
  auto comments = store_->due_comments(now_, 10);
  ASSERT_TRUE(comments);
  ASSERT_EQ(comments->size(), 1u);
  EXPECT_EQ((*comments)[0].body, "comment body");
}

TEST_F(StoreTest, HistoryCountsRunsPerRuleInLast24Hours) {
  ASSERT_TRUE(store_->record_decision(start_decision(1)));
  ASSERT_TRUE(store_->record_decision(start_decision(2)));
  auto h = store_->history(IssueId{1}, now_ + std::chrono::hours(1));
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->active_run);
  EXPECT_EQ(h->usage.by_rule["backend"].last_24h, 2);
  EXPECT_EQ(h->usage.by_rule["backend"].last_hour, 0);  // exactly one hour ago: out
  EXPECT_EQ(h->usage.paid.last_24h, 2);
  EXPECT_EQ(h->usage.active_runs, 2);
  EXPECT_EQ(h->last_run_started, now_);
  auto inside = store_->history(IssueId{1}, now_ + std::chrono::hours(1) - std::chrono::milliseconds(1));
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->usage.paid.last_hour, 2);
  auto later = store_->history(IssueId{1}, now_ + std::chrono::hours(24));
  ASSERT_TRUE(later);
  EXPECT_EQ(later->usage.by_rule.count("backend"), 0u);
  EXPECT_EQ(later->usage.paid.last_24h, 0);
}

TEST_F(StoreTest, DeliveryIsDeadLetteredAfterMaxAttempts) {
  auto d = store_->insert_delivery(delivery("x"));
  ASSERT_TRUE(d);
  ASSERT_TRUE(store_->fail_delivery(d->id, "boom", 2));
  auto still = store_->pending_deliveries(10);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->size(), 1u);
  ASSERT_TRUE(store_->fail_delivery(d->id, "boom", 2));
  auto counts = store_->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->deliveries_dead, 1);
  EXPECT_EQ(counts->deliveries_pending, 0);
}

TEST_F(StoreTest, DeadDeliveryIsListedAndReplayedOnce) {
  auto d = store_->insert_delivery(delivery("dead-1"));
  ASSERT_TRUE(d);
  ASSERT_TRUE(store_->fail_delivery(d->id, "HTTP 503", 1));
  auto dead = store_->list_deliveries("dead", 10);
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].request_id, "dead-1");
  EXPECT_EQ((*dead)[0].attempts, 1);
  EXPECT_EQ((*dead)[0].last_error, "HTTP 503");

  auto replayed = store_->replay_delivery(d->id);
  ASSERT_TRUE(replayed);
  EXPECT_TRUE(*replayed);
  auto again = store_->replay_delivery(d->id);  // pending now, not dead
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  auto pending = store_->pending_deliveries(10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].attempts, 0);
}

TEST_F(StoreTest, EarlierRunIsRecognisedBySentryRunId) {
  auto first = store_->record_decision(start_decision(42));
  ASSERT_TRUE(first && first->run);
  RunRow r = **store_->run(*first->run);
  r.state = RunState::completed;
  r.sentry_run = SentryRunId{777};
  r.next_poll_at.reset();
  ASSERT_TRUE(store_->finish_run(r, ""));
  auto second = store_->record_decision(start_decision(42));
  ASSERT_TRUE(second && second->run);

  auto old = store_->is_earlier_run(IssueId{42}, SentryRunId{777}, *second->run);
  ASSERT_TRUE(old);
  EXPECT_TRUE(*old);
  auto fresh = store_->is_earlier_run(IssueId{42}, SentryRunId{778}, *second->run);
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(*fresh);
}

TEST_F(StoreTest, RetryWaitingNowMovesOnlyRunsWaitingAfterAFailure) {
  auto failing = store_->record_decision(start_decision(1));
  auto healthy = store_->record_decision(start_decision(2));
  ASSERT_TRUE(failing && healthy);
  RunRow a = **store_->run(*failing->run);
  a.attempts = 3;
  a.next_poll_at = now_ + std::chrono::minutes(10);
  ASSERT_TRUE(store_->save_run(a));
  RunRow b = **store_->run(*healthy->run);
  b.next_poll_at = now_ + std::chrono::minutes(10);
  ASSERT_TRUE(store_->save_run(b));

  auto moved = store_->retry_waiting_now(now_);
  ASSERT_TRUE(moved);
  EXPECT_EQ(*moved, 1);
  auto due = store_->due_runs(now_, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].id, a.id);
}

TEST_F(StoreTest, WatchDecisionSchedulesRecheck) {
  auto none = store_->next_watch_due();
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  auto watch = start_decision(7);
  watch.outcome = "watch";
  watch.reason = "below_min_events";
  watch.recheck_at = now_ + std::chrono::minutes(5);
  watch.watch_expires_at = now_ + std::chrono::hours(1);
  ASSERT_TRUE(store_->record_decision(watch));
  auto due = store_->next_watch_due();
  ASSERT_TRUE(due && due->has_value());
  EXPECT_EQ(**due, now_ + std::chrono::minutes(5));
}

TEST_F(StoreTest, ReopeningKeepsData) {
  ASSERT_TRUE(store_->insert_delivery(delivery("keep")));
  store_.reset();
  auto reopened = Store::open((dir_ / "sub" / "a.db").string());
  ASSERT_TRUE(reopened);
  auto pending = reopened->pending_deliveries(10);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->size(), 1u);
}

}  // namespace
}  // namespace autofixd::store

namespace autofixd::store {
namespace {

TEST_F(StoreTest, PollNowTouchesOnlyARunningRun) {
  auto recorded = store_->record_decision(start_decision(42));
  ASSERT_TRUE(recorded && recorded->run);
  auto pending = store_->poll_running_run_now(IssueId{42}, std::nullopt, now_);
  ASSERT_TRUE(pending);
  EXPECT_FALSE(*pending);  // pending, not running: left alone

  auto row = **store_->run(*recorded->run);
  row.state = RunState::running;
  row.sentry_run = SentryRunId{777};
  row.next_poll_at = now_ + std::chrono::minutes(2);
  ASSERT_TRUE(store_->save_run(row));
  // A seer webhook about another Seer run does not move ours.
  auto other = store_->poll_running_run_now(IssueId{42}, SentryRunId{778}, now_);
  ASSERT_TRUE(other);
  EXPECT_FALSE(*other);
  auto moved = store_->poll_running_run_now(IssueId{42}, SentryRunId{777}, now_);
  ASSERT_TRUE(moved);
  EXPECT_TRUE(*moved);
  EXPECT_EQ((**store_->run(*recorded->run)).next_poll_at, now_);

  row.state = RunState::completed;
  row.next_poll_at.reset();
  ASSERT_TRUE(store_->finish_run(row, "done"));
  auto after = store_->poll_running_run_now(IssueId{42}, std::nullopt, now_);
  ASSERT_TRUE(after);
  EXPECT_FALSE(*after);
  EXPECT_EQ((**store_->run(*recorded->run)).state, RunState::completed);
}

}  // namespace
}  // namespace autofixd::store

namespace autofixd::store {
namespace {

class UnseenIssuesTest : public StoreTest {};

TEST_F(UnseenIssuesTest, IssuesWithADecisionOrAPendingDeliveryAreKnown) {
  ASSERT_TRUE(store_->record_decision(start_decision(1)));   // decided
  ASSERT_TRUE(store_->insert_delivery(delivery("d-2", 2)));  // delivered, not yet decided
  auto unseen = store_->unseen_issues({IssueId{1}, IssueId{2}, IssueId{3}, IssueId{4}});
  ASSERT_TRUE(unseen) << unseen.error().message;
  EXPECT_EQ(*unseen, (std::vector<IssueId>{IssueId{3}, IssueId{4}}));
}

TEST_F(UnseenIssuesTest, EmptyListIsEmpty) {
  auto unseen = store_->unseen_issues({});
  ASSERT_TRUE(unseen);
  EXPECT_TRUE(unseen->empty());
}

}  // namespace
}  // namespace autofixd::store
