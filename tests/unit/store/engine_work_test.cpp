// The run engine's one call per idle tick must see what it would otherwise
// have asked for one by one: the kill switch, a waiting cancel, and work due
// exactly when due_runs or due_comments would return it.
#include <gtest/gtest.h>

#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

class EngineWorkTest : public StoreTest {
 protected:
  EngineWork work() {
    auto w = store_->engine_work();
    EXPECT_TRUE(w) << w.error().message;
    return w ? *w : EngineWork{};
  }

  bool due_now() {
    const EngineWork w = work();
    const bool due = w.next_due && *w.next_due <= now_;
    const bool listed =
        !store_->due_runs(now_, 10)->empty() || !store_->due_comments(now_, 10)->empty();
    EXPECT_EQ(due, listed) << "engine_work and due_runs/due_comments disagree";
    return due;
  }

  RunRow started_run(std::int64_t issue) {
    auto recorded = store_->record_decision(start_decision(issue));
    EXPECT_TRUE(recorded && recorded->run);
    return **store_->run(*recorded->run);
  }
};

TEST_F(EngineWorkTest, AnEmptyStoreHasNothingToDo) {
  const EngineWork w = work();
  EXPECT_FALSE(w.pause);
  EXPECT_FALSE(w.cancel_requests);
  EXPECT_FALSE(w.next_due);
}

TEST_F(EngineWorkTest, ARunIsDueAtItsNextPollAndACommentAtItsNextAttempt) {
  RunRow run = started_run(42);
  EXPECT_TRUE(due_now()) << "a new run starts at once";
  run.next_poll_at = now_ + std::chrono::minutes(2);
  ASSERT_TRUE(store_->save_run(run));
  EXPECT_FALSE(due_now());
  EXPECT_EQ(work().next_due, run.next_poll_at);
  now_ = *run.next_poll_at;
  EXPECT_TRUE(due_now());

  run.state = RunState::completed;
  run.next_poll_at.reset();
  ASSERT_TRUE(store_->finish_run(run, "comment body"));
  EXPECT_TRUE(due_now()) << "its comment is due";
}

TEST_F(EngineWorkTest, TheKillSwitchAndCancelRequestsAreSeen) {
  ASSERT_TRUE(store_->set_pause(PauseState{"deploy freeze", "alice", now_}));
  const EngineWork paused = work();
  ASSERT_TRUE(paused.pause);
  EXPECT_EQ(paused.pause->by, "alice");
  EXPECT_EQ(paused.pause->reason, "deploy freeze");

  NewOperatorRequest ask;
  ask.action = OperatorAction::start;
  ask.issue = IssueId{9};
  ask.by = "bob";
  ask.requested_at = now_;
  ASSERT_TRUE(store_->add_operator_request(ask));
  EXPECT_FALSE(work().cancel_requests) << "a start is the processor's";
  ask.action = OperatorAction::cancel;
  ask.issue.reset();
  ask.run = RunId{7};
  auto cancel = store_->add_operator_request(ask);
  ASSERT_TRUE(cancel);
  EXPECT_TRUE(work().cancel_requests);
  ASSERT_TRUE(
      store_->answer_operator_request(*cancel, {"refused", "unknown_run", "no run 7"}, now_));
  EXPECT_FALSE(work().cancel_requests);
}

}  // namespace
}  // namespace autofixd::store
