#include "rules/filters.hpp"

#include <algorithm>
#include <optional>

#include "rules/text.hpp"
#include "util/duration.hpp"
#include "util/time_format.hpp"

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

// Projects, levels, priorities, categories and substatuses: an empty list
// allows all. An unknown value fails but may still appear once issue details
// are fetched; a value outside the list is final (a change of priority or
// substatus comes with a webhook or the sweep, not from watching).
std::optional<Check> check_listed(std::string filter, std::string_view what,
                                  const std::vector<std::string>& list, const std::string& value) {
  if (list.empty()) return std::nullopt;
  const std::string name(what);
  if (value.empty()) {
    return failed(std::move(filter), name + "_unknown",
                  name + " unknown, rule needs one of " + text::list(list), true);
  }
  const std::string shown = name + " " + text::quoted(value);
  if (listed(list, value)) return passed(std::move(filter), shown + " in " + text::list(list));
  return failed(std::move(filter), name + "_not_listed", shown + " not in " + text::list(list),
                false);
}

std::string slashed(const config::Pattern& pattern) { return "/" + pattern.text() + "/"; }

// title_matches / culprit_matches: the text must match; an empty title or a
// culprit not yet known may still come with issue details.
std::optional<Check> check_matches(std::string filter, std::string_view what,
                                   const std::optional<config::Pattern>& pattern,
                                   const std::optional<std::string>& value) {
  if (!pattern) return std::nullopt;
  const std::string name(what);
  if (!value) {
    return failed(std::move(filter), name + "_unknown",
                  name + " unknown, rule needs a match for " + slashed(*pattern), true);
  }
  const std::string shown = name + " " + text::quoted(*value);
  if (pattern->found_in(*value)) {
    return passed(std::move(filter), shown + " matches " + slashed(*pattern));
  }
  std::string detail = shown + " does not match " + filter + " " + slashed(*pattern);
  return failed(std::move(filter), name + "_not_matched", std::move(detail), false);
}

std::optional<std::string> known_title(const Facts& facts) {
  if (facts.title.empty()) return std::nullopt;
  return facts.title;
}

std::optional<Check> check_title_excludes(const config::Rule& rule, const Facts& facts) {
  if (!rule.title_excludes) return std::nullopt;
  const std::string excluded = slashed(*rule.title_excludes);
  if (facts.title.empty()) {
    return failed("title_excludes", "title_unknown", "title unknown, rule excludes " + excluded,
                  true);
  }
  const std::string shown = "title " + text::quoted(facts.title);
  if (!rule.title_excludes->found_in(facts.title)) {
    return passed("title_excludes", shown + " does not match " + excluded);
  }
  return failed("title_excludes", "title_excluded", shown + " matches title_excludes " + excluded,
                false);
}

// Age only grows, so an issue too old stays too old. Without `now` (only
// asking which facts are missing) a known firstSeen is not judged.
std::optional<Check> check_max_age(const config::Rule& rule, const Facts& facts,
                                   const std::optional<SysTime>& now) {
  if (!rule.max_age) return std::nullopt;
  const std::string limit = "max_age " + format_duration(*rule.max_age);
  if (!facts.first_seen) {
    return failed("max_age", "first_seen_unknown", "first seen unknown, " + limit, true);
  }
  if (!now) return std::nullopt;
  const Millis age =
      std::max(Millis{0}, std::chrono::duration_cast<Millis>(*now - *facts.first_seen));
  const std::string shown =
      "first seen " + format_utc(*facts.first_seen) + " (" + format_duration(age) + " ago)";
  if (age <= *rule.max_age) return passed("max_age", shown + " <= " + limit);
  return failed("max_age", "too_old", shown + " > " + limit, false);
}

std::optional<Check> check_unhandled(const config::Rule& rule, const Facts& facts) {
  if (!rule.unhandled_only) return std::nullopt;
  if (!facts.unhandled) {
    return failed("unhandled_only", "unhandled_unknown",
                  "unhandled unknown, rule needs an unhandled issue", true);
  }
  if (*facts.unhandled) return passed("unhandled_only", "issue is unhandled");
  return failed("unhandled_only", "handled", "issue is handled, rule needs unhandled_only", false);
}

// min_events and min_users: counts only grow (or, within the environments'
// 30-day window, may grow again), so a miss can change. `where` says which
// environments counted ("" = all).
std::optional<Check> check_count(std::string_view what, const std::optional<std::int64_t>& minimum,
                                 const std::optional<std::int64_t>& value, std::string_view where) {
  if (!minimum) return std::nullopt;
  const std::string name(what);
  const std::string filter = "min_" + name;
  const std::string min_text = filter + " " + std::to_string(*minimum);
  const std::string shown = name + std::string(where);
  if (!value) return failed(filter, name + "_unknown", shown + " unknown, " + min_text, true);
  if (*value >= *minimum) {
    return passed(filter, shown + " " + std::to_string(*value) + " >= " + std::to_string(*minimum));
  }
  return failed(filter, name + "_too_few", shown + " " + std::to_string(*value) + " < " + min_text,
                true);
}

// The rule's thresholds count only its environments' events when it names some.
std::vector<std::optional<Check>> count_checks(const config::Rule& rule, const Facts& facts) {
  if (rule.environments.empty()) {
    return {check_count("events", rule.min_events, facts.events, ""),
            check_count("users", rule.min_users, facts.users, "")};
  }
  const std::string key = environments_key(rule.environments);
  const auto it = facts.in_environments.find(key);
  const EnvironmentCounts counts =
      it == facts.in_environments.end() ? EnvironmentCounts{} : it->second;
  return {check_count("events", rule.min_events, counts.events_30d, " in " + key + " (30d)"),
          check_count("users", rule.min_users, counts.users, " in " + key)};
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

// Every check of `rule`; `now` is absent only when asking which facts are
// missing (max_age then judges nothing it knows).
std::vector<Check> checks_of(const config::Rule& rule, const Facts& facts,
                             const std::optional<SysTime>& now) {
  std::vector<Check> checks;
  for (auto check :
       {check_listed("projects", "project", rule.projects, facts.project),
        check_listed("levels", "level", rule.levels, facts.level),
        check_listed("priorities", "priority", rule.priorities, facts.priority),
        check_listed("categories", "category", rule.categories, facts.category),
        check_listed("substatuses", "substatus", rule.substatuses, facts.substatus),
        check_matches("title_matches", "title", rule.title_matches, known_title(facts)),
        check_title_excludes(rule, facts),
        check_matches("culprit_matches", "culprit", rule.culprit_matches, facts.culprit),
        check_max_age(rule, facts, now), check_unhandled(rule, facts)}) {
    if (check) checks.push_back(std::move(*check));
  }
  for (auto& check : count_checks(rule, facts)) {
    if (check) checks.push_back(std::move(*check));
  }
  if (auto check = check_fixability(rule, facts.fixability)) checks.push_back(std::move(*check));
  return checks;
}

}  // namespace

std::vector<Check> check_rule(const config::Rule& rule, const Facts& facts, SysTime now) {
  return checks_of(rule, facts, now);
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
  for (const Check& check : checks_of(rule, facts, std::nullopt)) {
    if (!check.passed && !check.can_change) return false;
    lacks = lacks || check.reason.ends_with("_unknown");
  }
  return lacks;
}

}  // namespace autofixd::rules::filters
