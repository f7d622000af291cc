#include "rules/budget.hpp"

#include <algorithm>

#include "rules/text.hpp"

namespace autofixd::rules {
namespace {

// "3 runs in the last hour >= max_runs_per_hour 3"
std::string over_text(std::int64_t used, std::string_view window, std::string_view key,
                      std::int64_t limit) {
  return std::to_string(used) + (used == 1 ? " run" : " runs") + " in the last " +
         std::string(window) + " >= " + std::string(key) + " " + std::to_string(limit);
}

bool reached(const std::optional<std::int64_t>& limit, std::int64_t used) {
  return limit && used >= *limit;
}

}  // namespace

std::optional<std::int64_t> room_left(const std::optional<std::int64_t>& limit, std::int64_t used) {
  if (!limit) return std::nullopt;
  return std::max<std::int64_t>(0, *limit - used);
}

WindowCounts counted_for_budget(const BudgetUsage& usage) {
  WindowCounts counted = usage.paid;
  if (usage.simulated) {
    counted.last_hour += usage.would_be.last_hour;
    counted.last_24h += usage.would_be.last_24h;
  }
  return counted;
}

std::optional<Hold> budget_hold(const config::BudgetConfig& budget, const config::Rule& rule,
                                const BudgetUsage& usage, bool paid) {
  if (!usage.paused.empty()) return Hold{"paused", "automation is " + usage.paused, true};
  if (!paid) return std::nullopt;
  const auto it = usage.by_rule.find(rule.name);
  const WindowCounts mine = it == usage.by_rule.end() ? WindowCounts{} : it->second;
  const std::string whose = "rule " + text::quoted(rule.name) + ": ";
  if (reached(rule.max_runs_per_hour, mine.last_hour)) {
    return Hold{
        "rule_budget_exhausted",
        whose + over_text(mine.last_hour, "hour", "max_runs_per_hour", *rule.max_runs_per_hour),
        false};
  }
  if (reached(rule.max_runs_per_day, mine.last_24h)) {
    return Hold{"rule_budget_exhausted",
                whose + over_text(mine.last_24h, "24h", "max_runs_per_day", *rule.max_runs_per_day),
                false};
  }
  const WindowCounts all = counted_for_budget(usage);
  if (reached(budget.max_runs_per_hour, all.last_hour)) {
    return Hold{
        "budget_exhausted",
        over_text(all.last_hour, "hour", "[budget] max_runs_per_hour", *budget.max_runs_per_hour),
        true};
  }
  if (reached(budget.max_runs_per_day, all.last_24h)) {
    return Hold{
        "budget_exhausted",
        over_text(all.last_24h, "24h", "[budget] max_runs_per_day", *budget.max_runs_per_day),
        true};
  }
  if (reached(budget.max_active_runs, usage.active_runs)) {
    return Hold{"too_many_active_runs",
                std::to_string(usage.active_runs) + " runs active >= [budget] max_active_runs " +
                    std::to_string(*budget.max_active_runs),
                true};
  }
  return std::nullopt;
}

}  // namespace autofixd::rules
