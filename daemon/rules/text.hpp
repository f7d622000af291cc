#pragma once
// Wording shared by the rule checks and the decision sentences. Internal to
// rules.

#include <string>
#include <string_view>
#include <vector>

#include "util/clock.hpp"

namespace autofixd::rules::text {

// ASCII case-insensitive equality (project slugs, levels).
bool iequals(std::string_view a, std::string_view b);

// `[backend, web]`
std::string list(const std::vector<std::string>& items);

// A fixability score with two decimals ("0.70").
std::string score(double value);

// `value` with two decimals, or more when two decimals would make it look
// equal to `other` though it is not ("0.3999 < 0.40", never "0.40 < 0.40").
std::string score_against(double value, double other);

// The rule's fixability threshold as written: "medium (0.40)" or "0.50".
std::string threshold(double value, std::string_view as_written);

// `"name"` with the quotes. The text (titles, culprits, levels: Sentry's,
// bound for logs and terminals) is made one printable line of at most 300
// bytes (sentry::text::one_line), so it cannot forge a log line or drive a
// terminal.
std::string quoted(std::string_view s);

// Items joined with `separator`.
std::string join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace autofixd::rules::text
