// What intake hands the store to count a delivery on its issue's skip: it
// must be word for word what the processor decides once a run is active.
#include <gtest/gtest.h>

#include "rules/evaluate.hpp"
#include "runs/repeat_hint.hpp"

namespace autofixd::runs {
namespace {

const SysTime kNow = from_unix_ms(1'700'000'000'000);

config::Rule rule(std::string name, std::vector<std::string> projects, std::int64_t min_events) {
  config::Rule r;
  r.name = std::move(name);
  r.projects = std::move(projects);
  r.min_events = min_events;
  r.cooldown = std::chrono::hours(1);
  r.max_runs_per_day = 1;
  return r;
}

config::Config two_rules() {
  config::Config c;
  c.rules = {rule("frontend", {"web"}, 10), rule("backend", {}, 100)};
  c.budget.max_active_runs = 1;
  return c;
}

intake::Envelope issue(std::int64_t events, std::string project = "api") {
  intake::Envelope e;
  e.resource = "issue";
  e.action = "created";
  e.handling = intake::Handling::evaluate;
  e.issue = IssueId{42};
  e.facts.issue = IssueId{42};
  e.facts.status = "unresolved";
  e.facts.project = std::move(project);
  e.facts.events = events;
  return e;
}

TEST(RepeatHint, IsWhatTheProcessorDecidesWhateverElseTheHistorySays) {
  const config::Config config = two_rules();
  const intake::Envelope e = issue(500);
  const auto hint = repeat_hint(config, e, kNow);
  ASSERT_TRUE(hint);
  EXPECT_EQ(hint->rule, "backend");
  // A history in which everything else would hold the issue back too: in
  // cooldown, every budget spent, automation paused.
  rules::History busy;
  busy.active_run = true;
  busy.last_run_started = kNow - std::chrono::minutes(5);
  busy.usage.active_runs = 1;
  busy.usage.paid.last_24h = 50;
  busy.usage.paused = "maintenance";
  const rules::Decision d = rules::evaluate(config.rules, e.facts, busy, kNow, config.budget);
  EXPECT_EQ(d.outcome, rules::Outcome::skip);
  EXPECT_EQ(d.reason, "already_running");
  EXPECT_EQ(hint->rule, d.rule);
  EXPECT_EQ(hint->detail, d.detail);
}

// Across facts that match either rule, neither, or are not unresolved:
// a hint exactly when evaluate() with an active run says already_running,
// and then the same rule and words.
TEST(RepeatHint, AgreesWithEvaluateOnEveryKindOfFacts) {
  const config::Config config = two_rules();
  rules::History running;
  running.active_run = true;
  for (const std::string project : {"web", "api", ""}) {
    for (const std::int64_t events : {0, 5, 20, 500}) {
      for (const std::string status : {"unresolved", "resolved", "ignored", ""}) {
        intake::Envelope e = issue(events, project);
        e.facts.status = status;
        const auto hint = repeat_hint(config, e, kNow);
        const auto d = rules::evaluate(config.rules, e.facts, running, kNow, config.budget);
        const bool skips = d.outcome == rules::Outcome::skip && d.reason == "already_running";
        ASSERT_EQ(hint.has_value(), skips) << project << " " << events << " " << status;
        if (hint) {
          EXPECT_EQ(hint->rule, d.rule);
          EXPECT_EQ(hint->detail, d.detail);
        }
      }
    }
  }
}

TEST(RepeatHint, NamesTheFirstRuleWhoseFiltersHold) {
  const auto hint = repeat_hint(two_rules(), issue(20, "web"), kNow);
  ASSERT_TRUE(hint);
  EXPECT_EQ(hint->rule, "frontend");
}

TEST(RepeatHint, NoneWhenTheDecisionWouldNotBeAlreadyRunning) {
  const config::Config config = two_rules();
  EXPECT_FALSE(repeat_hint(config, issue(5), kNow)) << "no rule matches: a watch";
  intake::Envelope resolved = issue(500);
  resolved.facts.status = "resolved";
  EXPECT_FALSE(repeat_hint(config, resolved, kNow));
  intake::Envelope seer = issue(500);
  seer.handling = intake::Handling::advance;
  EXPECT_FALSE(repeat_hint(config, seer, kNow)) << "a seer webhook moves a run";
  EXPECT_FALSE(repeat_hint(config::Config{}, issue(500), kNow)) << "no rules";
}

}  // namespace
}  // namespace autofixd::runs
