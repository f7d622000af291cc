#pragma once
// What `autofixd decisions` makes of its arguments and of stored decisions.
// Pure: no store, no I/O.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "store/store.hpp"

namespace autofixd::app {

// --issue: a string of digits is Sentry's numeric issue id; anything else
// that looks like a short id (letters, digits, '_', '.', '-', with a '-'
// neither first nor last, e.g. "BACKEND-12", "IOS-APP-3F") matches the
// short id in the stored facts. nullopt for anything else ("", "12-",
// "BACKEND 12", a number too large for an id).
std::optional<store::DecisionFilter> parse_issue_filter(std::string_view text);

// One decision as a JSON object: id, issue_id (string), decision, reason,
// rule (null when none), facts (the stored object; null if it does not
// parse), detail, created_at (ISO 8601 UTC), request_id (null when none).
// Strings go through json_text() (terminal_text.hpp).
nlohmann::json decision_json(const store::DecisionSummary& decision);

// Column headings for decision_lines, one line.
std::string decision_heading();
// Two lines: time, issue, decision, reason and rule in columns; then the
// detail sentence, indented. Text goes through cell() (terminal_text.hpp):
// one printable line, the detail cut at 4000 bytes on a code point boundary.
std::string decision_lines(const store::DecisionSummary& decision);

}  // namespace autofixd::app
