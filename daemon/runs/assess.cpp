#include "intake/facts_from_issue.hpp"
#include "runs/processor.hpp"
#include "runs/seer_progress.hpp"
#include "runs/setup_cache.hpp"

namespace autofixd::runs {
namespace {

// Seer's latest run on the issue, as the rules see it.
rules::Facts::SeerRun latest_run(const sentry::AutofixState& state, const rules::History& history) {
  rules::Facts::SeerRun run;
  run.id = state.run_id.value_or(SentryRunId{0});
  run.uuid = state.sentry_run_uuid;
  run.processing =
      is_busy(seer_progress(state, {}).phase) || state.status == sentry::AutofixStatus::processing;
  run.at = state.updated_at ? state.updated_at : state.triggered_at;
  run.ours =
      history.last_seer_run && state.run_id && history.last_seer_run->sentry_run == *state.run_id;
  return run;
}

// Before a start: who else has run Seer here, and can Seer run at all
// (docs/sentry.md "Existing runs", "Setup preflight"). Errors: transient
// Sentry failures of the autofix state; the preflight never fails a decision.
net::awaitable<Status> read_seer_facts(sentry::SentryApi& api, SetupCache* setups,
                                       const rules::History& history, SysTime now,
                                       rules::Facts& facts) {
  auto state = co_await api.get_autofix(facts.issue);
  if (!state && state.error().code == "sentry.seer_disabled") {
    facts.seer_setup_problem = "seer_not_enabled";
    facts.seer_setup_detail = state.error().message;
    co_return Status{};
  }
  if (!state) co_return state.error();
  facts.latest_seer_run.reset();
  if (state->exists && state->run_id) facts.latest_seer_run = latest_run(*state, history);
  if (setups == nullptr) co_return Status{};
  auto cached = setups->find(facts.project, now);
  if (!cached) {
    auto setup = co_await api.get_autofix_setup(facts.issue);
    std::optional<sentry::SeerSetup> known;
    if (setup) known = *setup;
    setups->put(facts.project, known, now);
    cached = known;
  }
  if (*cached) {
    if (auto problem = setup_problem(**cached)) {
      facts.seer_setup_problem = problem->reason;
      facts.seer_setup_detail = problem->detail;
    }
  }
  co_return Status{};
}

// Each environment set a rule with thresholds names, read once per
// decision (docs/sentry.md "Environments"). Errors: transient failures.
net::awaitable<Status> read_environment_counts(sentry::SentryApi& api,
                                               const config::Config& config,
                                               rules::Facts& facts) {
  for (const config::Rule& rule : config.rules) {
    if (rule.environments.empty() || (!rule.min_events && !rule.min_users)) continue;
    const std::string key = rules::environments_key(rule.environments);
    if (facts.in_environments.contains(key)) continue;
    auto scoped = co_await api.get_issue_in(facts.issue, rule.environments);
    if (!scoped) {
      if (scoped.error().code == "sentry.transient") co_return scoped.error();
      // The issue was just read, so a 404 means Sentry knows no such
      // environment: nothing happened there.
      if (scoped.error().code == "sentry.not_found") facts.in_environments[key] = {0, 0};
      continue;  // else unknown: the rule waits (watched)
    }
    facts.in_environments[key] = {scoped->events_30d, scoped->user_count};
  }
  co_return Status{};
}

// A start needs fresh facts. Sentry refused the details (401/403, another
// 4xx) or answered something unreadable: the webhook's facts alone do not
// start a paid run. The issue is watched instead, so a fixed token or a
// Sentry that answers again lets it start at a re-check.
rules::Decision details_unavailable(rules::Decision decision, const Error& error) {
  decision.outcome = rules::Outcome::watch;
  decision.reason = "details_unavailable";
  decision.detail = "rule \"" + decision.rule +
                    "\" would start, but fresh issue details could not be read (" + error.message +
                    "); watched and re-checked instead of starting on the "
                    "webhook's facts";
  decision.recheck_at.reset();
  return decision;
}

// Issue details are read only when they can change what happens now: a
// would-be start is confirmed on fresh facts, and a fact some rule needs
// that the webhook did not carry is read. A skip, watch or queued decision
// the webhook's facts settle needs no request: a watch and a queued start
// are decided again on fresh facts before anything starts (re-check, queue
// drain). An issue with an active run of ours never starts now, whatever
// the details say (at most the decision is a watch, re-checked later).
bool worth_fetching(const config::Config& config, const rules::Facts& facts,
                    const rules::History& history, const rules::Decision& decision) {
  if (history.active_run) return false;
  return decision.outcome == rules::Outcome::start || rules::needs_more_facts(config.rules, facts);
}

}  // namespace

net::awaitable<Result<Assessment>> assess(sentry::SentryApi* api, const config::Config& config,
                                          rules::Facts facts, rules::History history,
                                          SysTime now, SetupCache* setups,
                                          const rules::OperatorAsk* ask) {
  // Observe mode and dry-run spend budgets as if they acted.
  history.usage.simulated = config.dry_run() || config.automation.mode == config::Mode::observe;
  Assessment a;
  a.facts = std::move(facts);
  auto evaluate = [&] {
    if (ask != nullptr) {
      return rules::evaluate_for_operator(config.rules, a.facts, history, now, config.budget,
                                          *ask);
    }
    return rules::evaluate(config.rules, a.facts, history, now, config.budget);
  };
  a.decision = evaluate();
  // An operator's decision is always taken on fresh facts.
  if (api == nullptr || (ask == nullptr && !worth_fetching(config, a.facts, history, a.decision))) {
    co_return a;
  }
  auto details = co_await api->get_issue(a.facts.issue);
  if (!details) {
    if (details.error().code == "sentry.transient") co_return details.error();
    a.details_error = details.error().message;
    if (details.error().code == "sentry.not_found") {
      a.decision.outcome = rules::Outcome::skip;
      a.decision.reason = "issue_not_found";
      a.decision.detail = "issue " + a.facts.issue.str() + " no longer exists in Sentry";
    } else if (a.decision.outcome == rules::Outcome::start) {
      a.decision = details_unavailable(std::move(a.decision), details.error());
    }
    co_return a;
  }
  a.details_fetched = true;
  a.facts = intake::merge_fresh(std::move(a.facts), intake::facts_from_issue(*details));
  if (auto read = co_await read_environment_counts(*api, config, a.facts); !read) {
    co_return read.error();
  }
  a.decision = evaluate();
  // Never pay twice: Seer's own state decides before any start (and shows
  // the run a rule may follow when the issue was triggered elsewhere).
  if (a.decision.outcome != rules::Outcome::start && a.decision.reason != "already_triggered") {
    co_return a;
  }
  if (auto read = co_await read_seer_facts(*api, setups, history, now, a.facts); !read) {
    if (read.error().code == "sentry.transient") co_return read.error();
    a.details_error = read.error().message;
  }
  a.decision = evaluate();
  co_return a;
}

}  // namespace autofixd::runs
