// Schema v10: a delivery's skip for an issue whose run of ours is active is
// counted on the issue's newest decision when that one says the same.
#include <gtest/gtest.h>

#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

class RepeatedDecisionsTest : public StoreTest {
 protected:
  // A delivery for `issue`, stored and decided as `outcome`/`reason`.
  RecordedDecision decide(std::int64_t issue, const std::string& outcome,
                          const std::string& reason, const std::string& detail = "busy") {
    auto inserted = store_->insert_delivery(delivery("req-" + std::to_string(++deliveries_), issue));
    EXPECT_TRUE(inserted) << inserted.error().message;
    DecisionRecord r = start_decision(issue, inserted->id);
    r.outcome = outcome;
    r.reason = reason;
    r.detail = detail;
    r.facts_json = R"({"events":)" + std::to_string(deliveries_) + "}";
    auto recorded = store_->record_decision(r);
    EXPECT_TRUE(recorded) << recorded.error().message;
    now_ += std::chrono::seconds(1);
    last_delivery_ = inserted->id;
    return recorded ? *recorded : RecordedDecision{};
  }

  std::vector<DecisionSummary> decisions(std::int64_t issue) {
    auto rows = store_->list_decisions({.issue = IssueId{issue}}, 100);
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? *rows : std::vector<DecisionSummary>{};
  }

  std::optional<std::int64_t> decision_of(DeliveryId id) {
    auto rows = store_->list_deliveries(std::nullopt, 1000);
    EXPECT_TRUE(rows) << rows.error().message;
    for (const auto& d : *rows) {
      if (d.id == id) return d.decision_id;
    }
    return std::nullopt;
  }

  int deliveries_ = 0;
  DeliveryId last_delivery_{0};
};

TEST_F(RepeatedDecisionsTest, AFloodForAnActiveRunIsOneDecisionWithACount) {
  const RecordedDecision first = decide(7, "skip", "already_running");
  EXPECT_FALSE(first.repeated);
  const DeliveryId first_delivery = last_delivery_;
  const SysTime first_at = now_ - std::chrono::seconds(1);
  for (int i = 0; i < 4; ++i) {
    const RecordedDecision again = decide(7, "skip", "already_running");
    EXPECT_TRUE(again.repeated);
    EXPECT_EQ(again.decision_id, first.decision_id);
  }
  const auto rows = decisions(7);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].repeats, 4);
  EXPECT_EQ(rows[0].decided_at, first_at);
  EXPECT_EQ(rows[0].last_repeated_at, now_ - std::chrono::seconds(1));
  EXPECT_EQ(rows[0].facts_json, R"({"events":1})") << "the first decision's facts stay";
  // Every delivery is processed and names the decision it led to.
  EXPECT_EQ(decision_of(first_delivery), first.decision_id);
  EXPECT_EQ(decision_of(last_delivery_), first.decision_id);
  EXPECT_EQ(store_->pending_delivery_count(), 0);
}

// Facts rendered on demand (runs/decision_record.cpp) are rendered for the
// decision that gets a row, and not for one counted as a repeat.
TEST_F(RepeatedDecisionsTest, FactsToRenderAreRenderedOnlyForANewRow) {
  int rendered = 0;
  auto record = [&](int events) {
    auto inserted = store_->insert_delivery(delivery("lazy-" + std::to_string(events), 8));
    EXPECT_TRUE(inserted);
    DecisionRecord r = start_decision(8, inserted->id);
    r.outcome = "skip";
    r.reason = "already_running";
    r.detail = "busy";
    r.facts_json.clear();
    r.render_facts = [&rendered, events] {
      ++rendered;
      return R"({"events":)" + std::to_string(events) + "}";
    };
    auto recorded = store_->record_decision(r);
    EXPECT_TRUE(recorded) << recorded.error().message;
    now_ += std::chrono::seconds(1);
  };
  record(1);
  EXPECT_EQ(rendered, 1);
  record(2);
  record(3);
  EXPECT_EQ(rendered, 1) << "repeats render nothing";
  const auto rows = decisions(8);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].facts_json, R"({"events":1})");
  EXPECT_EQ(rows[0].repeats, 2);
}

TEST_F(RepeatedDecisionsTest, ADifferentDecisionBetweenStartsANewRow) {
  decide(7, "skip", "already_running");
  decide(7, "watch", "below_min_events");
  decide(7, "skip", "already_running");
  decide(7, "skip", "already_running");
  const auto rows = decisions(7);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].reason, "already_running");
  EXPECT_EQ(rows[0].repeats, 1);
  EXPECT_EQ(rows[1].reason, "below_min_events");
  EXPECT_EQ(rows[2].repeats, 0);
}

TEST_F(RepeatedDecisionsTest, OnlySkipsForAnActiveRunAreCounted) {
  decide(7, "watch", "below_min_events");
  decide(7, "watch", "below_min_events");
  decide(8, "skip", "cooldown");
  decide(8, "skip", "cooldown");
  EXPECT_EQ(decisions(7).size(), 2u) << "a watch re-schedules its re-check: a row each";
  EXPECT_EQ(decisions(8).size(), 2u);
}

TEST_F(RepeatedDecisionsTest, OtherIssuesAndOtherWordsAreNotCounted) {
  decide(7, "skip", "already_running");
  decide(8, "skip", "already_running");
  decide(7, "skip", "already_running", "a different detail");
  EXPECT_EQ(decisions(7).size(), 2u);
  EXPECT_EQ(decisions(8).size(), 1u);
  EXPECT_EQ(decisions(7)[0].repeats, 0);
}

// Counted as the delivery is stored (its RepeatHint holds): one
// transaction, no pending row for the processor.
class RepeatAtIntakeTest : public RepeatedDecisionsTest {
 protected:
  void SetUp() override {
    RepeatedDecisionsTest::SetUp();
    started_ = decide(7, "start", "matched");  // run pending: active
    skip_ = decide(7, "skip", "already_running", kBusy);
  }

  InsertedDelivery store_with_hint(const std::string& request_id, std::int64_t issue = 7,
                                   RepeatHint hint = {"backend", kBusy}) {
    NewDelivery d = delivery(request_id, issue);
    d.repeat = std::move(hint);
    auto inserted = store_->insert_delivery(d);
    EXPECT_TRUE(inserted) << inserted.error().message;
    now_ += std::chrono::seconds(1);
    return inserted ? *inserted : InsertedDelivery{};
  }

  static constexpr const char* kBusy = "rule \"backend\" matched but a run is already active";
  RecordedDecision started_;
  RecordedDecision skip_;
};

TEST_F(RepeatAtIntakeTest, ADeliveryForAnActiveRunIsStoredProcessedAndCounted) {
  const auto pending_before = store_->pending_delivery_count();
  const InsertedDelivery a = store_with_hint("intake-1");
  const InsertedDelivery b = store_with_hint("intake-2");
  ASSERT_EQ(a.repeated_decision, skip_.decision_id);
  ASSERT_EQ(b.repeated_decision, skip_.decision_id);
  EXPECT_EQ(decision_of(a.id), skip_.decision_id);
  EXPECT_EQ(decisions(7)[0].repeats, 2);
  EXPECT_EQ(decisions(7)[0].last_repeated_at, now_ - std::chrono::seconds(1));
  EXPECT_EQ(store_->pending_delivery_count(), pending_before) << "nothing left to process";
  auto pending = store_->pending_deliveries(100, {}, std::nullopt);
  ASSERT_TRUE(pending) << pending.error().message;
  EXPECT_TRUE(pending->empty());
  // A retry of one is still a duplicate, and counts nothing more.
  const InsertedDelivery retry = store_with_hint("intake-1");
  EXPECT_TRUE(retry.duplicate);
  EXPECT_FALSE(retry.repeated_decision);
  EXPECT_EQ(decisions(7)[0].repeats, 2);
}

TEST_F(RepeatAtIntakeTest, WithoutAnActiveRunTheDeliveryWaitsForTheProcessor) {
  // The run ends: the next delivery may start one, so it is decided later.
  RunRow run = **store_->run(*started_.run);
  run.state = RunState::completed;
  ASSERT_TRUE(store_->save_run(run, {}));
  const InsertedDelivery d = store_with_hint("after-the-run");
  EXPECT_FALSE(d.repeated_decision);
  EXPECT_FALSE(decision_of(d.id));
  EXPECT_EQ(decisions(7)[0].repeats, 0);
  auto pending = store_->pending_deliveries(100, {}, std::nullopt);
  ASSERT_TRUE(pending) << pending.error().message;
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].id, d.id);
}

TEST_F(RepeatAtIntakeTest, AHintThatIsNotTheNewestDecisionWordForWordWaits) {
  EXPECT_FALSE(store_with_hint("other-rule", 7, {"frontend", kBusy}).repeated_decision);
  EXPECT_FALSE(store_with_hint("other-words", 7, {"backend", "busy"}).repeated_decision);
  // Issue 8 has no run and no decision.
  EXPECT_FALSE(store_with_hint("other-issue", 8).repeated_decision);
  // The newest decision of issue 7 is its start again: the hint waits too.
  decide(7, "watch", "below_min_events");
  EXPECT_FALSE(store_with_hint("newest-is-a-watch").repeated_decision);
  EXPECT_EQ(decisions(7)[1].repeats, 0);
  EXPECT_EQ(store_->pending_delivery_count(), 4);
}

// One group commit stores many deliveries at once: each is counted, the
// issues without an active run wait, and a copy within the batch is a
// duplicate that counts nothing.
TEST_F(RepeatAtIntakeTest, ABatchCountsEveryRepeatOnceAndLeavesTheRestPending) {
  std::vector<NewDelivery> batch;
  for (int i = 0; i < 5; ++i) {
    NewDelivery d = delivery("batch-" + std::to_string(i), 7);
    d.received_at = now_ + std::chrono::seconds(i);
    d.repeat = RepeatHint{"backend", kBusy};
    batch.push_back(d);
  }
  NewDelivery other = delivery("batch-other", 8);
  other.repeat = RepeatHint{"backend", kBusy};
  batch.insert(batch.begin() + 2, other);
  batch.push_back(batch.front());  // the same Request-ID again
  auto inserted = store_->insert_deliveries(batch);
  ASSERT_TRUE(inserted) << inserted.error().message;
  ASSERT_EQ(inserted->size(), 7u);
  for (const std::size_t i : {0u, 1u, 3u, 4u, 5u}) {
    EXPECT_EQ((*inserted)[i].repeated_decision, skip_.decision_id) << i;
  }
  EXPECT_FALSE((*inserted)[2].repeated_decision) << "issue 8 has no active run";
  EXPECT_TRUE((*inserted)[6].duplicate);
  EXPECT_EQ(decisions(7)[0].repeats, 5);
  EXPECT_EQ(decisions(7)[0].last_repeated_at, now_ + std::chrono::seconds(4));
  EXPECT_EQ(store_->pending_delivery_count(), 1);
}

TEST_F(RepeatedDecisionsTest, RetentionKeepsADecisionRepeatedSinceTheCutOff) {
  decide(7, "skip", "already_running");
  decide(9, "skip", "already_running");
  now_ += std::chrono::hours(48);
  decide(7, "skip", "already_running");
  const SysTime cutoff = now_ - std::chrono::hours(24);
  auto pruned = store_->prune_rows(RetainedTable::decisions, 0, cutoff, 1000);
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_TRUE(decisions(9).empty()) << "decided 48 h ago and not since: pruned";
  ASSERT_EQ(decisions(7).size(), 1u) << "decided 48 h ago, repeated just now: kept";
  EXPECT_EQ(decisions(7)[0].repeats, 1);
}

}  // namespace
}  // namespace autofixd::store
