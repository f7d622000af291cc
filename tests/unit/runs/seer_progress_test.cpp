// Where a Seer run stands against its stopping point, over every phase of
// both state shapes (fixtures shaped like Sentry's GET .../autofix/).
#include <gtest/gtest.h>

#include "runs/seer_progress.hpp"
#include "sentry/autofix_state.hpp"
#include "support/fixture.hpp"

namespace autofixd::runs {
namespace {

using config::StoppingPoint;

sentry::AutofixState state_from(const std::string& fixture) {
  auto state = sentry::parse_autofix_state(testing::read_fixture("sentry/" + fixture));
  EXPECT_TRUE(state) << fixture;
  return state ? *state : sentry::AutofixState{};
}

SeerProgress progress(const std::string& fixture, StoppingPoint point, bool agent = false) {
  return seer_progress(state_from(fixture), SeerTarget{point, agent});
}

TEST(SeerProgress, CompletedAfterRootCauseIsBetweenStepsForALaterStoppingPoint) {
  const auto p = progress("autofix_agent_between_root_cause.json", StoppingPoint::open_pr);
  EXPECT_EQ(p.phase, SeerPhase::between_steps);
  EXPECT_EQ(p.reached, "root_cause");
}

TEST(SeerProgress, CompletedAfterRootCauseFinishesARootCauseRun) {
  const auto p = progress("autofix_agent_between_root_cause.json", StoppingPoint::root_cause);
  EXPECT_EQ(p.phase, SeerPhase::finished);
}

TEST(SeerProgress, ALoadingBlockKeepsACompletedRunWorking) {
  const auto p = progress("autofix_agent_completed_block_loading.json", StoppingPoint::root_cause);
  EXPECT_EQ(p.phase, SeerPhase::working);
}

TEST(SeerProgress, APullRequestBeingCreatedIsNotTheEnd) {
  const auto p = progress("autofix_agent_pr_creating.json", StoppingPoint::open_pr);
  EXPECT_EQ(p.phase, SeerPhase::working);
  EXPECT_EQ(p.waiting_on, "pull request being created");
}

TEST(SeerProgress, CodeChangesWithoutAPullRequestAreBetweenStepsForOpenPr) {
  EXPECT_EQ(progress("autofix_agent_between_code_changes.json", StoppingPoint::open_pr).phase,
            SeerPhase::between_steps);
  EXPECT_EQ(progress("autofix_agent_between_code_changes.json", StoppingPoint::code_changes).phase,
            SeerPhase::finished);
  EXPECT_EQ(progress("autofix_agent_between_code_changes.json", StoppingPoint::solution).phase,
            SeerPhase::finished);
}

TEST(SeerProgress, OpenPrFinishesOnceThePullRequestExistsOrFailed) {
  const auto done = progress("autofix_agent_completed.json", StoppingPoint::open_pr);
  EXPECT_EQ(done.phase, SeerPhase::finished);
  EXPECT_EQ(done.reached, "open_pr");
  EXPECT_EQ(progress("autofix_agent_pr_error.json", StoppingPoint::open_pr).phase,
            SeerPhase::finished);
}

TEST(SeerProgress, ProcessingIsWorkingWhateverTheBlocksSay) {
  EXPECT_EQ(progress("autofix_agent_processing.json", StoppingPoint::root_cause).phase,
            SeerPhase::working);
}

TEST(SeerProgress, ErrorFailsAndAwaitingInputNeedsAPerson) {
  EXPECT_EQ(progress("autofix_agent_error.json", StoppingPoint::open_pr).phase, SeerPhase::failed);
  EXPECT_EQ(progress("autofix_agent_awaiting_input.json", StoppingPoint::open_pr).phase,
            SeerPhase::needs_input);
}

TEST(SeerProgress, ACodingAgentRunFinishesWhenEveryAgentHasFinished) {
  EXPECT_EQ(progress("autofix_agent_between_root_cause.json", StoppingPoint::code_changes, true).phase,
            SeerPhase::between_steps);
  EXPECT_EQ(progress("autofix_agent_coding_agent_running.json", StoppingPoint::code_changes, true).phase,
            SeerPhase::working);
  const auto done =
      progress("autofix_agent_coding_agent_completed.json", StoppingPoint::code_changes, true);
  EXPECT_EQ(done.phase, SeerPhase::finished);
  const auto state = state_from("autofix_agent_coding_agent_completed.json");
  ASSERT_EQ(state.pull_requests.size(), 1u);
  EXPECT_EQ(state.pull_requests[0].url, "https://github.com/acme/backend/pull/4712");
}

TEST(SeerProgress, AfterTheSolutionAHandOffIsAwaited) {
  // Solution done, no agent yet: the hand-off is the next step, not the end.
  auto state = state_from("autofix_agent_coding_agent_running.json");
  state.coding_agents.clear();
  EXPECT_EQ(seer_progress(state, {StoppingPoint::code_changes, true}).waiting_on,
            "coding agent hand-off");
}

TEST(SeerProgress, LegacyCompletedWithEveryStepDoneIsFinished) {
  EXPECT_EQ(progress("autofix_legacy_completed.json", StoppingPoint::open_pr).phase,
            SeerPhase::finished);
  EXPECT_EQ(progress("autofix_legacy_processing.json", StoppingPoint::root_cause).phase,
            SeerPhase::working);
  EXPECT_EQ(progress("autofix_legacy_error.json", StoppingPoint::root_cause).phase,
            SeerPhase::failed);
}

TEST(SeerProgress, LegacyCompletedWithAStepStillProcessingIsWorking) {
  auto state = state_from("autofix_legacy_completed.json");
  state.legacy_step_statuses.back() = "PROCESSING";
  EXPECT_EQ(seer_progress(state, {StoppingPoint::open_pr, false}).phase, SeerPhase::working);
}

TEST(SeerProgress, FingerprintChangesWithProgressOnly) {
  const auto a = state_from("autofix_agent_between_root_cause.json");
  EXPECT_EQ(progress_fingerprint(a), progress_fingerprint(state_from("autofix_agent_between_root_cause.json")));
  EXPECT_NE(progress_fingerprint(a), progress_fingerprint(state_from("autofix_agent_completed.json")));
  EXPECT_NE(progress_fingerprint(state_from("autofix_agent_pr_creating.json")),
            progress_fingerprint(state_from("autofix_agent_completed.json")));
}

TEST(SeerSteps, OrderAndNext) {
  EXPECT_LT(step_rank("root_cause"), step_rank("solution"));
  EXPECT_LT(step_rank("code_changes"), step_rank("open_pr"));
  EXPECT_EQ(step_rank("pr_iteration"), -1);
  EXPECT_EQ(next_step("root_cause"), "solution");
  EXPECT_EQ(next_step("code_changes"), "open_pr");
  EXPECT_EQ(next_step("open_pr"), "");
  EXPECT_EQ(step_name(StoppingPoint::code_changes), "code_changes");
}

}  // namespace
}  // namespace autofixd::runs
