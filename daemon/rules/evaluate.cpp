#include "rules/evaluate.hpp"

#include <algorithm>

#include "rules/budget.hpp"
#include "rules/filters.hpp"
#include "rules/seer_checks.hpp"
#include "rules/text.hpp"
#include "util/duration.hpp"
#include "util/time_format.hpp"

namespace autofixd::rules {
namespace {

// Sentry's statuses besides "unresolved" (resolved, ignored, and rarer ones
// such as reprocessing) all mean "do not start"; empty means not known yet.
bool is_unresolved(const std::string& status) {
  return status.empty() || text::iequals(status, "unresolved");
}

// "resolved", "ignored", or "not_unresolved" for Sentry's rarer statuses.
std::string not_unresolved_reason(const std::string& status) {
  if (text::iequals(status, "resolved")) return "resolved";
  if (text::iequals(status, "ignored")) return "ignored";
  return "not_unresolved";
}

Decision decided_by(const config::Rule& rule, Outcome outcome, std::string reason,
                    std::string detail) {
  Decision d;
  d.outcome = outcome;
  d.rule = rule.name;
  d.reason = std::move(reason);
  d.detail = std::move(detail);
  d.stopping_point = rule.stopping_point;
  d.instruction = rule.instruction;
  return d;
}

std::string matched_sentence(const config::Rule& rule, const std::vector<filters::Check>& checks) {
  std::vector<std::string> parts;
  for (const filters::Check& check : checks) parts.push_back(check.detail);
  const std::string head = "rule " + text::quoted(rule.name) + " matched";
  if (parts.empty()) return head + ": it has no filters";
  return head + ": " + text::join(parts, ", ");
}

// A start the budgets or the kill switch hold back is queued, not dropped.
std::optional<Decision> held(const config::Rule& rule, const config::BudgetConfig& budget,
                             const History& history, const std::string& head, bool paid) {
  auto hold = budget_hold(budget, rule, history.usage, paid);
  if (!hold) return std::nullopt;
  return decided_by(rule, Outcome::queued, hold->reason,
                    head + "it is queued until there is room: " + hold->detail);
}

// Seer's own state: continue our run, stop for a setup problem, or skip or
// follow a run someone else started. nullopt: nothing stands in the way.
std::optional<Decision> decide_against_seer(const config::Rule& rule,
                                            const config::BudgetConfig& budget,
                                            const Facts& facts, const History& history,
                                            SysTime now, const std::string& head) {
  if (auto earlier = continuable_run(rule, facts, history)) {
    if (auto wait = held(rule, budget, history, head, true)) return wait;
    Decision d = decided_by(rule, Outcome::start, "continue_run",
                            "rule " + text::quoted(rule.name) + " matched: continuing Seer run " +
                                earlier->sentry_run.str() + " from " +
                                std::string(config::to_string(earlier->stopping_point)) + " to " +
                                std::string(config::to_string(rule.stopping_point)));
    d.start_kind = StartKind::continue_run;
    d.continues_run = earlier->run;
    d.sentry_run = earlier->sentry_run;
    d.sentry_run_uuid = earlier->sentry_run_uuid;
    return d;
  }
  if (!facts.seer_setup_problem.empty()) {
    return decided_by(rule, Outcome::skip, facts.seer_setup_problem,
                      head + "Seer cannot run here: " + facts.seer_setup_detail);
  }
  auto triggered = already_triggered(rule, facts, history, now);
  if (!triggered) return std::nullopt;
  const auto other = followable_run(facts);
  if (rule.on_existing_run == config::OnExistingRun::follow && other) {
    if (auto wait = held(rule, budget, history, head, false)) return wait;
    Decision d = decided_by(rule, Outcome::start, "follow_existing",
                            "rule " + text::quoted(rule.name) + " matched: following Seer run " +
                                other->id.str() + " (" + *triggered + ")");
    d.start_kind = StartKind::follow;
    d.sentry_run = other->id;
    d.sentry_run_uuid = other->uuid;
    return d;
  }
  return decided_by(rule, Outcome::skip, "already_triggered", head + *triggered);
}

Decision already_running(const config::Rule& rule) {
  return decided_by(rule, Outcome::skip, "already_running",
                    "rule " + text::quoted(rule.name) +
                        " matched but a run is already active for this issue");
}

// The rule's filters hold; what is left is Seer's own state and the
// per-issue and per-rule pacing.
Decision decide_matched(const config::Rule& rule, const config::BudgetConfig& budget,
                        const std::vector<filters::Check>& checks, const Facts& facts,
                        const History& history, SysTime now, bool cooldown_applies = true) {
  if (history.active_run) return already_running(rule);
  const std::string head = "rule " + text::quoted(rule.name) + " matched but ";
  if (auto seer = decide_against_seer(rule, budget, facts, history, now, head)) return *seer;
  if (cooldown_applies && rule.cooldown > Millis{0} && history.last_run_started &&
      now - *history.last_run_started < rule.cooldown) {
    const SysTime last = *history.last_run_started;
    Decision d = decided_by(rule, Outcome::skip, "cooldown",
                            head + "the issue is in cooldown until " +
                                format_utc(last + rule.cooldown) + " (last run started " +
                                format_utc(last) + ", cooldown " + format_duration(rule.cooldown) +
                                "); it is looked at again then");
    d.recheck_at = last + rule.cooldown;
    return d;
  }
  if (auto wait = held(rule, budget, history, head, true)) return *wait;
  return decided_by(rule, Outcome::start, "matched", matched_sentence(rule, checks));
}

// The stable reason code of a watch: what the first rule that may still
// match is waiting for (DESIGN.md reason codes).
std::string watch_reason(const Rejection& r) {
  if (r.filter == "min_events") return "below_min_events";
  if (r.filter == "min_users") return "below_min_users";
  return r.reason;  // fixability_too_low, fixability_unknown
}

Decision no_rule_held(std::vector<Rejection> rejections) {
  Decision d;
  const auto waiting = std::find_if(rejections.begin(), rejections.end(),
                                    [](const Rejection& r) { return r.can_change; });
  std::vector<std::string> parts;
  for (const Rejection& r : rejections) parts.push_back(r.rule + ": " + r.detail);
  if (waiting != rejections.end()) {
    d.outcome = Outcome::watch;
    d.reason = watch_reason(*waiting);
    d.detail = "no rule matched yet, watching as facts may change: " + text::join(parts, "; ");
  } else {
    d.outcome = Outcome::skip;
    d.reason = "no_rule_matched";
    d.detail = parts.empty() ? "no rule matched: no rules are configured"
                             : "no rule matched: " + text::join(parts, "; ");
  }
  d.rejections = std::move(rejections);
  return d;
}

}  // namespace

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::start:
      return "start";
    case Outcome::skip:
      return "skip";
    case Outcome::watch:
      return "watch";
    case Outcome::queued:
      return "queued";
  }
  return "unknown";
}

Decision evaluate(const std::vector<config::Rule>& rules, const Facts& facts,
                  const History& history, SysTime now, const config::BudgetConfig& budget) {
  if (!is_unresolved(facts.status)) {
    Decision d;
    d.reason = not_unresolved_reason(facts.status);
    d.detail = "issue is " + text::quoted(facts.status) + ", not unresolved; it is not started";
    return d;
  }
  std::vector<Rejection> rejections;
  for (const config::Rule& rule : rules) {
    const std::vector<filters::Check> checks = filters::check_rule(rule, facts, now);
    if (filters::all_passed(checks)) {
      Decision d = decide_matched(rule, budget, checks, facts, history, now);
      d.rejections = std::move(rejections);
      return d;
    }
    rejections.push_back(filters::rejection(rule, checks));
  }
  return no_rule_held(std::move(rejections));
}

std::optional<Decision> skip_for_active_run(const std::vector<config::Rule>& rules,
                                            const Facts& facts, SysTime now) {
  if (!is_unresolved(facts.status)) return std::nullopt;
  for (const config::Rule& rule : rules) {
    if (filters::all_passed(filters::check_rule(rule, facts, now))) return already_running(rule);
  }
  return std::nullopt;
}

Decision evaluate_for_operator(const std::vector<config::Rule>& rules, const Facts& facts,
                               const History& history, SysTime now,
                               const config::BudgetConfig& budget, const OperatorAsk& ask) {
  const bool retry = ask.kind == OperatorAsk::Kind::retry;
  const std::string action = retry ? "operator_retry" : "operator_start";
  if (!is_unresolved(facts.status)) return evaluate(rules, facts, history, now, budget);
  if (!ask.rule.empty() && std::none_of(rules.begin(), rules.end(), [&](const config::Rule& r) {
        return r.name == ask.rule;
      })) {
    Decision d;
    d.reason = "unknown_rule";
    d.detail = "no rule named " + text::quoted(ask.rule) + " is configured";
    return d;
  }
  std::vector<Rejection> rejections;
  for (const config::Rule& rule : rules) {
    if (!ask.rule.empty() && rule.name != ask.rule) continue;
    std::vector<filters::Check> checks = filters::check_rule(rule, facts, now);
    std::vector<std::string> bypassed;
    std::erase_if(checks, [&](const filters::Check& c) {
      const bool threshold =
          c.filter == "min_events" || c.filter == "min_users" || c.filter == "min_fixability";
      if (threshold && !c.passed) bypassed.push_back(c.detail);
      return threshold;
    });
    if (!filters::all_passed(checks)) {
      rejections.push_back(filters::rejection(rule, checks));
      continue;
    }
    Decision d = decide_matched(rule, budget, checks, facts, history, now, !retry);
    if (d.outcome == Outcome::start && d.reason == "matched") {
      d.reason = action;
      d.detail = action + " by " + ask.by + ": " + d.detail +
                 (bypassed.empty() ? "" : " (thresholds not applied: " + text::join(bypassed, ", ") + ")");
    } else {
      // Held back by a budget or the kill switch: refused, not queued (the
      // queue's later re-check would apply the thresholds again).
      const std::string_view queued = "it is queued until there is room: ";
      if (const auto at = d.detail.find(queued); d.outcome == Outcome::queued && at != std::string::npos) {
        d.detail.replace(at, queued.size(), "it is not started: ");
      }
      if (d.outcome == Outcome::queued) d.outcome = Outcome::skip;
      d.detail = action + " by " + ask.by + ": " + d.detail;
    }
    d.rejections = std::move(rejections);
    return d;
  }
  // Facts do not grow while an operator waits: nothing is watched.
  Decision d = no_rule_held(std::move(rejections));
  const std::string_view watching = "no rule matched yet, watching as facts may change: ";
  if (d.detail.starts_with(watching)) d.detail = "no rule matched: " + d.detail.substr(watching.size());
  d.outcome = Outcome::skip;
  d.reason = "no_rule_matched";
  return d;
}

bool needs_more_facts(const std::vector<config::Rule>& rules, const Facts& facts) {
  if (rules.empty()) return false;
  // Every rule depends on the status: a resolved issue is never started.
  if (facts.status.empty()) return true;
  return std::any_of(rules.begin(), rules.end(), [&](const config::Rule& rule) {
    return filters::lacks_facts_for(rule, facts);
  });
}

}  // namespace autofixd::rules
