#pragma once
// Whether the budgets leave room for one more start. Pure: the counts come
// from the store (rolling windows ending at the decision), the limits from
// the config.

#include <optional>
#include <string>

#include "config/config.hpp"
#include "rules/facts.hpp"

namespace autofixd::rules {

// Why a start must wait. `reason` is a stable code: paused,
// rule_budget_exhausted, budget_exhausted, too_many_active_runs.
struct Hold {
  std::string reason;
  std::string detail;  // e.g. "100 runs in the last hour >= [budget] max_runs_per_hour 100"
  // The hold stops every rule, not only this one: nothing behind it in the
  // queue can start either.
  bool blocks_all = true;
};

// The first limit a start by `rule` would break, or nullopt. `paid`: the
// start costs a Seer run (a new or continued run); following a run someone
// else started is held only by the kill switch.
std::optional<Hold> budget_hold(const config::BudgetConfig& budget, const config::Rule& rule,
                                const BudgetUsage& usage, bool paid = true);

// Room left under one limit: nullopt when unlimited, never negative.
std::optional<std::int64_t> room_left(const std::optional<std::int64_t>& limit, std::int64_t used);

// What counts against [budget]: paid runs, plus would-be starts when the
// usage is simulated (observe mode, dry-run).
WindowCounts counted_for_budget(const BudgetUsage& usage);

}  // namespace autofixd::rules
