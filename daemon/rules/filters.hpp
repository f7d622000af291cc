#pragma once
// One rule's filters against one issue's facts. Internal to rules.

#include <string>
#include <vector>

#include "config/config.hpp"
#include "rules/evaluate.hpp"
#include "rules/facts.hpp"

namespace autofixd::rules::filters {

// The result of one filter the rule uses.
struct Check {
  std::string filter;  // the rule key: "projects", "title_matches", "max_age", "min_events" ...
  bool passed = false;
  std::string reason;       // when failed: a Rejection reason code
  std::string detail;       // "events 25 >= 10" or "events 3 < min_events 10"
  bool can_change = false;  // when failed: the fact may still grow or appear
};

// Every filter `rule` uses, in the order projects, levels, priorities,
// categories, substatuses, title_matches, title_excludes, culprit_matches,
// max_age (firstSeen against `now`), unhandled_only, min_events, min_users,
// min_fixability. Filters the rule leaves unset are absent, so a rule
// without filters yields an empty list (and matches everything). A filter
// whose fact is unknown fails with reason "<fact>_unknown" and can_change.
std::vector<Check> check_rule(const config::Rule& rule, const Facts& facts, SysTime now);

// True when no check failed.
bool all_passed(const std::vector<Check>& checks);

// Why the rule missed: the first failure that cannot change (that is what
// keeps the issue out for good), else the first failure. can_change is true
// only when every failure can change. Requires at least one failed check.
Rejection rejection(const config::Rule& rule, const std::vector<Check>& checks);

// True when the rule needs a fact `facts` lacks and is not already ruled
// out by a fact it has (a project or level outside its lists, a title that
// misses its pattern ...). max_age is only asked whether firstSeen is known.
bool lacks_facts_for(const config::Rule& rule, const Facts& facts);

}  // namespace autofixd::rules::filters
