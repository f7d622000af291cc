// A run row carries its decision's facts, for the comment that says what
// triggered the run.
#include <gtest/gtest.h>

#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

TEST_F(StoreTest, RunRowsCarryTheirDecisionsFacts) {
  DecisionRecord decision = start_decision(42);
  decision.facts_json = R"({"issue_id":"42","events":150,"users":12,"fixability":0.7})";
  auto recorded = store_->record_decision(decision);
  ASSERT_TRUE(recorded) << recorded.error().message;
  ASSERT_TRUE(recorded->run);

  auto one = store_->run(*recorded->run);
  ASSERT_TRUE(one && one->has_value());
  EXPECT_EQ((*one)->decision_facts, decision.facts_json);
  auto due = store_->due_runs(now_, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1U);
  EXPECT_EQ(due->front().decision_facts, decision.facts_json);

  // Saving the run leaves the decision alone.
  RunRow run = due->front();
  run.detail = "polled";
  run.decision_facts = "changed in memory only";
  ASSERT_TRUE(store_->save_run(run));
  auto again = store_->run(run.id);
  ASSERT_TRUE(again && again->has_value());
  EXPECT_EQ((*again)->decision_facts, decision.facts_json);
}

}  // namespace
}  // namespace autofixd::store
