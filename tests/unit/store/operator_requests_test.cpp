// Operator requests: the CLI stores them, the daemon answers each once, and
// a start is recorded together with its answer.
#include "store_fixture.hpp"

namespace autofixd::store {
namespace {

class OperatorRequestsTest : public StoreTest {
 protected:
  std::int64_t ask(OperatorAction action, std::optional<std::int64_t> issue,
                   std::optional<std::int64_t> run = {}) {
    NewOperatorRequest r;
    r.action = action;
    if (issue) r.issue = IssueId{*issue};
    if (run) r.run = RunId{*run};
    r.by = "alice";
    r.requested_at = now_;
    auto id = store_->add_operator_request(r);
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }
};

TEST_F(OperatorRequestsTest, PendingRequestsAreListedByActionOldestFirst) {
  const auto start = ask(OperatorAction::start, 42);
  const auto cancel = ask(OperatorAction::cancel, std::nullopt, 7);
  const auto retry = ask(OperatorAction::retry, std::nullopt, 8);
  auto decided = store_->pending_operator_requests({OperatorAction::start, OperatorAction::retry}, 10);
  ASSERT_TRUE(decided);
  ASSERT_EQ(decided->size(), 2u);
  EXPECT_EQ((*decided)[0].id, start);
  EXPECT_EQ((*decided)[0].ask.issue, IssueId{42});
  EXPECT_EQ((*decided)[0].ask.by, "alice");
  EXPECT_EQ((*decided)[1].id, retry);
  auto cancels = store_->pending_operator_requests({OperatorAction::cancel}, 10);
  ASSERT_TRUE(cancels);
  ASSERT_EQ(cancels->size(), 1u);
  EXPECT_EQ((*cancels)[0].id, cancel);
  EXPECT_EQ((*cancels)[0].ask.run, RunId{7});
}

TEST_F(OperatorRequestsTest, AnAnswerIsGivenOnce) {
  const auto id = ask(OperatorAction::cancel, std::nullopt, 7);
  ASSERT_TRUE(store_->answer_operator_request(id, {"refused", "not_active", "ended"}, now_));
  ASSERT_TRUE(store_->answer_operator_request(id, {"done", "operator_cancel", "late"}, now_));
  auto read = store_->operator_request(id);
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->state, "refused");
  EXPECT_EQ((*read)->reason, "not_active");
  EXPECT_EQ((*read)->answered_at, now_);
  EXPECT_TRUE(store_->pending_operator_requests({OperatorAction::cancel}, 10)->empty());
}

TEST_F(OperatorRequestsTest, StartIsRecordedWithItsAnswerAndMarksItsRun) {
  const auto id = ask(OperatorAction::start, 42);
  auto record = start_decision(42);
  record.reason = "operator_start";
  auto recorded = store_->record_operator_decision(id, record, {"done", "operator_start", "ok"});
  ASSERT_TRUE(recorded) << recorded.error().message;
  ASSERT_TRUE(*recorded && (*recorded)->run);
  const RunId run = *(*recorded)->run;
  auto read = store_->operator_request(id);
  EXPECT_EQ((*read)->state, "done");
  EXPECT_EQ((*read)->new_run, run);
  EXPECT_EQ((*read)->decision_id, (*recorded)->decision_id);
  auto marks = store_->operator_started({run, RunId{run.value + 100}});
  ASSERT_TRUE(marks);
  ASSERT_EQ(marks->size(), 1u);
  EXPECT_EQ(marks->at(run.value), "operator_start by alice");
  // Answered already: nothing more is recorded.
  auto again = store_->record_operator_decision(id, record, {"done", "operator_start", "ok"});
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
}

TEST_F(OperatorRequestsTest, StartLosingToAnActiveRunIsRefused) {
  ASSERT_TRUE(store_->record_decision(start_decision(42)));
  const auto id = ask(OperatorAction::start, 42);
  auto recorded = store_->record_operator_decision(id, start_decision(42), {"done", "x", "y"});
  ASSERT_TRUE(recorded && *recorded);
  EXPECT_FALSE((*recorded)->run);
  auto read = store_->operator_request(id);
  EXPECT_EQ((*read)->state, "refused");
  EXPECT_EQ((*read)->reason, "already_running");
}

}  // namespace
}  // namespace autofixd::store
