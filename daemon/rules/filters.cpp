#include "rules/filters.hpp"

#include <algorithm>
#include <optional>

#include "rules/text.hpp"

namespace autofixd::rules::filters {
namespace {

Check passed(std::string filter, std::string detail) {
  return Check{std::move(filter), true, {}, std::move(detail), false};
}

Check failed(std::string filter, std::string reason, std::string detail, bool can_change) {
  return Check{std::move(filter), false, std::move(reason), std::move(detail), can_change};
}

bool listed(const std::vector<std::string>& list, const std::string& value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& item) { return text::iequals(item, value); });
}

// Projects and levels: an empty list allows all. An unknown value fails but
// may still appear once issue details are fetched.
std::optional<Check> check_listed(std::string_view what, const std::vector<std::string>& list,
                                  const std::string& value) {
  if (list.empty()) return std::nullopt;
  const std::string filter = std::string(what) + "s";
  const std::string name(what);
  if (value.empty()) {
    return failed(filter, name + "_unknown", name + " unknown, rule needs one of " + text::list(list),
                  true);
  }
  const std::string shown = name + " " + text::quoted(value);
  if (listed(list, value)) return passed(filter, shown + " in " + text::list(list));
  return failed(filter, name + "_not_listed", shown + " not in " + text::list(list), false);
}

// min_events and min_users: counts only grow, so a miss can change.
std::optional<Check> check_count(std::string_view what, const std::optional<std::int64_t>& minimum,
                                 const std::optional<std::int64_t>& value) {
  if (!minimum) return std::nullopt;
  const std::string name(what);
  const std::string filter = "min_" + name;
  const std::string min_text = filter + " " + std::to_string(*minimum);
  if (!value) return failed(filter, name + "_unknown", name + " unknown, " + min_text, true);
  if (*value >= *minimum) {
    return passed(filter, name + " " + std::to_string(*value) + " >= " + std::to_string(*minimum));
  }
  return failed(filter, name + "_too_few", name + " " + std::to_string(*value) + " < " + min_text,
                true);
}

// Sentry recomputes the score, and a null score is "not scored yet", so a
// miss here is watched rather than final (DESIGN.md, Rules).
std::optional<Check> check_fixability(const config::Rule& rule, const std::optional<double>& score) {
  if (!rule.min_fixability) return std::nullopt;
  const double minimum = *rule.min_fixability;
  const std::string shown_min = text::threshold(minimum, rule.min_fixability_text);
  if (!score) {
    return failed("min_fixability", "fixability_unknown",
                  "fixability unknown, min_fixability " + shown_min, true);
  }
  const std::string shown = "fixability " + text::score_against(*score, minimum);
  if (*score >= minimum) return passed("min_fixability", shown + " >= " + shown_min);
  return failed("min_fixability", "fixability_too_low", shown + " < min_fixability " + shown_min,
                true);
}

}  // namespace

std::vector<Check> check_rule(const config::Rule& rule, const Facts& facts) {
  std::vector<Check> checks;
  for (auto check : {check_listed("project", rule.projects, facts.project),
                     check_listed("level", rule.levels, facts.level),
                     check_count("events", rule.min_events, facts.events),
                     check_count("users", rule.min_users, facts.users),
                     check_fixability(rule, facts.fixability)}) {
    if (check) checks.push_back(std::move(*check));
  }
  return checks;
}

bool all_passed(const std::vector<Check>& checks) {
  return std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.passed; });
}

Rejection rejection(const config::Rule& rule, const std::vector<Check>& checks) {
  const Check* chosen = nullptr;
  for (const Check& check : checks) {
    if (check.passed) continue;
    if (chosen == nullptr) chosen = &check;
    if (!check.can_change) {
      chosen = &check;
      break;
    }
  }
  if (chosen == nullptr) return Rejection{rule.name, {}, {}, {}, false};
  return Rejection{rule.name, chosen->filter, chosen->reason, chosen->detail, chosen->can_change};
}

bool lacks_facts_for(const config::Rule& rule, const Facts& facts) {
  bool lacks = false;
  for (const Check& check : check_rule(rule, facts)) {
    if (!check.passed && !check.can_change) return false;
    lacks = lacks || check.reason.ends_with("_unknown");
  }
  return lacks;
}

}  // namespace autofixd::rules::filters
