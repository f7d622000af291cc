#pragma once
// The pure decision: which rule (if any) takes an issue, and why. No I/O, no
// clock of its own: `now` is passed in.
//
// Order: an issue whose status is resolved/ignored is skipped
// ("resolved", "ignored", "not_unresolved"). Otherwise rules are tried in
// file order; the first rule whose filters all hold decides: an active run
// of ours skips ("already_running"); our completed run
// at an earlier stopping point is continued ("continue_run", budgets apply,
// cooldown does not); a Seer setup problem skips ("seer_not_enabled",
// "no_seer_quota", "no_repository"); a run someone else started that is
// still processing or within the rule's cooldown (7 days without one) skips
// ("already_triggered") or is followed (on_existing_run = "follow",
// "follow_existing"); "cooldown" skips (and names when to look again); a
// start the kill switch or a budget holds back is queued ("paused",
// "rule_budget_exhausted", "budget_exhausted", "too_many_active_runs");
// otherwise the outcome is start ("matched"). When no
// rule holds, the issue is watched if some rule failed only on facts that
// can still grow or appear (events, users, fixability: "below_min_events",
// "below_min_users", "fixability_too_low", "fixability_unknown", from the
// first such rule), else skipped ("no_rule_matched").

#include <string>
#include <vector>

#include "config/config.hpp"
#include "rules/facts.hpp"

namespace autofixd::rules {

enum class Outcome { start, skip, watch, queued };
std::string_view to_string(Outcome o);

// Why one rule did not take the issue: the first filter that failed.
struct Rejection {
  std::string rule;
  std::string filter;  // the rule key: "projects", "levels", "priorities", "categories",
                       // "substatuses", "title_matches", "title_excludes", "culprit_matches",
                       // "max_age", "unhandled_only", "min_events", "min_users", "min_fixability"
  std::string reason;  // "<fact>_not_listed" (project, level, priority, category, substatus),
                       // "title_not_matched", "title_excluded", "culprit_not_matched",
                       // "too_old", "handled", "events_too_few", "users_too_few",
                       // "fixability_too_low", or "<fact>_unknown" (project, level, priority,
                       // category, substatus, title, culprit, first_seen, unhandled, events,
                       // users, fixability)
  std::string detail;  // e.g. "events 3 < min_events 10"
  bool can_change = false;  // the failing fact may grow/appear later
};

// How a start reaches Seer: a new paid run, following a run someone else
// started, or continuing the Seer run of our earlier run.
enum class StartKind { new_run, follow, continue_run };

struct Decision {
  Outcome outcome = Outcome::skip;
  std::string rule;    // deciding rule; empty when none
  std::string reason;  // reason code: matched, no_rule_matched, resolved, ignored,
                       // already_running, cooldown, below_min_events, paused,
                       // rule_budget_exhausted, budget_exhausted, too_many_active_runs ...
  std::string detail;  // one human sentence
  std::vector<Rejection> rejections;  // rules tried before the deciding one (or all)
  config::StoppingPoint stopping_point = config::StoppingPoint::root_cause;
  std::string instruction;
  StartKind start_kind = StartKind::new_run;
  std::optional<RunId> continues_run;      // continue_run: our earlier run
  std::optional<SentryRunId> sentry_run;   // follow / continue_run: the Seer run
  std::string sentry_run_uuid;
  // When a skipped issue is worth looking at again (cooldown ends).
  std::optional<SysTime> recheck_at;
};

// An operator's `autofixd start` or `retry` (app/operator_commands.cpp).
struct OperatorAsk {
  enum class Kind { start, retry };
  Kind kind = Kind::start;
  std::string by;    // the Unix user who asked, for the record
  std::string rule;  // only this rule; "" = the first rule that fits
};

// Clocks of Sentry and this host differ by up to this much.
inline constexpr Millis kSeerClockSkew{5 * 60'000};

Decision evaluate(const std::vector<config::Rule>& rules, const Facts& facts,
                  const History& history, SysTime now, const config::BudgetConfig& budget = {});

// What evaluate() decides when the issue has an active run of ours, if that
// is the skip "already_running" (the first rule whose filters hold), else
// nullopt. The history matters no further then, and no rule that does not
// match is worded, so this costs a fraction of evaluate() (intake asks it
// for every delivery: runs/repeat_hint.hpp).
std::optional<Decision> skip_for_active_run(const std::vector<config::Rule>& rules,
                                            const Facts& facts, SysTime now);

// An operator's decision: like evaluate(), but the rule's thresholds
// (min_events, min_users, min_fixability) do not apply, and only `ask.rule`
// is tried when named. Its other filters, an active run, Seer's own state
// (already_triggered, setup problems), the budgets and the kill switch all
// apply as usual; the cooldown applies to a start but not to a retry (the
// run being retried is what started it). A start is reason
// "operator_start" or "operator_retry" (continue_run and follow_existing
// keep theirs), its detail naming who asked. An issue no rule fits is
// skipped: "no_rule_matched", or "unknown_rule" when `ask.rule` is not
// configured. Never watches, never queues: a start a budget or the kill
// switch holds back is skipped with the hold's reason.
Decision evaluate_for_operator(const std::vector<config::Rule>& rules, const Facts& facts,
                               const History& history, SysTime now,
                               const config::BudgetConfig& budget, const OperatorAsk& ask);

// True when some rule's filter needs a fact that `facts` lacks (events,
// users, fixability, level, project, priority, category, substatus, title,
// culprit, firstSeen, isUnhandled, status), so issue details are worth fetching.
bool needs_more_facts(const std::vector<config::Rule>& rules, const Facts& facts);

// JSON object of the facts, as stored with each decision.
std::string facts_to_json(const Facts& facts);
// The issue's own facts back from facts_to_json, but for its id, which the
// caller knows (Seer's state is left out: it is read again before any
// start). Unreadable text gives empty facts.
Facts facts_from_json(std::string_view text);
// JSON object of the decision (outcome, rule, reason, detail, rejections).
std::string decision_to_json(const Decision& decision);

}  // namespace autofixd::rules
