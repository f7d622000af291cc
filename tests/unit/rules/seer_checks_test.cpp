// A matched rule against Seer's own state: never pay twice for a run someone
// else started, follow it when told to, continue our own run instead of
// starting a new one, and skip when Seer cannot run.
#include <gtest/gtest.h>

#include "rules/evaluate.hpp"
#include "rule_fixtures.hpp"

namespace autofixd::rules {
namespace {

using namespace std::chrono_literals;
using testing::facts;
using testing::kNow;
using testing::rule;

Facts::SeerRun someone_elses_run(bool processing, SysTime at) {
  Facts::SeerRun run;
  run.id = SentryRunId{900};
  run.uuid = "0b5e2d4c-0000-4000-8000-000000000900";
  run.processing = processing;
  run.at = at;
  return run;
}

History with_our_completed_run(config::StoppingPoint point) {
  History h;
  h.last_run_started = kNow - 2h;
  h.last_seer_run = History::OurSeerRun{RunId{7}, SentryRunId{777}, "uuid-777", point, true};
  h.our_seer_activity = kNow - 1h;
  return h;
}

TEST(SeerChecks, SomeoneElsesProcessingRunIsAlreadyTriggered) {
  Facts f = facts();
  f.latest_seer_run = someone_elses_run(true, kNow - 30 * 24h);
  const Decision d = evaluate({rule("r")}, f, {}, kNow);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.reason, "already_triggered");
  EXPECT_NE(d.detail.find("900"), std::string::npos) << d.detail;
}

TEST(SeerChecks, AFinishedRunCountsOnlyWithinTheCooldownOrSevenDays) {
  Facts f = facts();
  f.latest_seer_run = someone_elses_run(false, kNow - 6 * 24h);
  EXPECT_EQ(evaluate({rule("r")}, f, {}, kNow).reason, "already_triggered");
  f.latest_seer_run = someone_elses_run(false, kNow - 8 * 24h);
  EXPECT_EQ(evaluate({rule("r")}, f, {}, kNow).outcome, Outcome::start);
  config::Rule short_cooldown = rule("r");
  short_cooldown.cooldown = 24h;
  f.latest_seer_run = someone_elses_run(false, kNow - 2 * 24h);
  EXPECT_EQ(evaluate({short_cooldown}, f, {}, kNow).outcome, Outcome::start);
}

TEST(SeerChecks, LastTriggeredWithoutAVisibleRunIsAlreadyTriggered) {
  Facts f = facts();
  f.seer_last_triggered = kNow - 3h;
  EXPECT_EQ(evaluate({rule("r")}, f, {}, kNow).reason, "already_triggered");
}

TEST(SeerChecks, OurOwnTriggerIsLeftToTheCooldown) {
  Facts f = facts();
  f.seer_last_triggered = kNow - 1h - 2min;  // our run was active until 1h ago
  History h = with_our_completed_run(config::StoppingPoint::open_pr);
  const Decision d = evaluate({rule("r")}, f, h, kNow);
  EXPECT_EQ(d.outcome, Outcome::start);
  EXPECT_NE(d.reason, "already_triggered");
}

TEST(SeerChecks, FollowTakesSomeoneElsesRunInsteadOfStarting) {
  config::Rule follow = rule("r");
  follow.on_existing_run = config::OnExistingRun::follow;
  Facts f = facts();
  f.latest_seer_run = someone_elses_run(true, kNow - 1min);
  const Decision d = evaluate({follow}, f, {}, kNow);
  EXPECT_EQ(d.outcome, Outcome::start);
  EXPECT_EQ(d.reason, "follow_existing");
  EXPECT_EQ(d.start_kind, StartKind::follow);
  EXPECT_EQ(d.sentry_run, SentryRunId{900});
}

TEST(SeerChecks, FollowNeedsARunToFollow) {
  config::Rule follow = rule("r");
  follow.on_existing_run = config::OnExistingRun::follow;
  Facts f = facts();
  f.seer_last_triggered = kNow - 3h;  // triggered, but GET shows no run
  EXPECT_EQ(evaluate({follow}, f, {}, kNow).reason, "already_triggered");
}

TEST(SeerChecks, ALaterStoppingPointContinuesOurCompletedRun) {
  Facts f = facts();
  const History h = with_our_completed_run(config::StoppingPoint::root_cause);
  config::Rule later = rule("prs");  // open_pr
  later.cooldown = 24h;              // the cooldown does not hold back a continuation
  const Decision d = evaluate({later}, f, h, kNow);
  EXPECT_EQ(d.outcome, Outcome::start);
  EXPECT_EQ(d.reason, "continue_run");
  EXPECT_EQ(d.start_kind, StartKind::continue_run);
  EXPECT_EQ(d.continues_run, RunId{7});
  EXPECT_EQ(d.sentry_run, SentryRunId{777});
  EXPECT_EQ(d.sentry_run_uuid, "uuid-777");
}

TEST(SeerChecks, ContinuationRespectsTheBudget) {
  config::Rule later = rule("prs");
  later.max_runs_per_day = 1;
  History h = with_our_completed_run(config::StoppingPoint::root_cause);
  h.usage.by_rule["prs"].last_24h = 1;
  const Decision d = evaluate({later}, facts(), h, kNow);
  EXPECT_EQ(d.outcome, Outcome::queued);
  EXPECT_EQ(d.reason, "rule_budget_exhausted");
}

TEST(SeerChecks, NoContinuationWhenAnotherRunReplacedOurs) {
  Facts f = facts();
  f.latest_seer_run = someone_elses_run(false, kNow - 10min);
  const Decision d =
      evaluate({rule("prs")}, f, with_our_completed_run(config::StoppingPoint::root_cause), kNow);
  EXPECT_EQ(d.reason, "already_triggered");
}

TEST(SeerChecks, SameOrEarlierStoppingPointIsNotAContinuation) {
  config::Rule same = rule("r");
  same.stopping_point = config::StoppingPoint::root_cause;
  same.cooldown = 24h;
  const Decision d =
      evaluate({same}, facts(), with_our_completed_run(config::StoppingPoint::root_cause), kNow);
  EXPECT_EQ(d.reason, "cooldown");
}

TEST(SeerChecks, ASetupProblemSkipsWithItsReason) {
  Facts f = facts();
  f.seer_setup_problem = "no_seer_quota";
  f.seer_setup_detail = "the organization has no Seer Autofix quota left";
  const Decision d = evaluate({rule("r")}, f, {}, kNow);
  EXPECT_EQ(d.outcome, Outcome::skip);
  EXPECT_EQ(d.reason, "no_seer_quota");
}

TEST(SeerChecks, SeerFactsAreStoredWithTheDecision) {
  Facts f = facts();
  f.latest_seer_run = someone_elses_run(true, kNow - 1min);
  f.seer_last_triggered = kNow - 1min;
  const std::string json = facts_to_json(f);
  EXPECT_NE(json.find("\"latest_seer_run\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"seer_last_triggered\""), std::string::npos) << json;
}

}  // namespace
}  // namespace autofixd::rules
