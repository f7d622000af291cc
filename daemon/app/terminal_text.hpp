#pragma once
// Stored text as the CLI prints it. It may come from Sentry, Seer or a
// webhook body, and from an older autofixd that stored it raw, so a terminal
// must not act on it (escape sequences, controls) or show it as something it
// is not (bidi overrides, zero-width characters, forged lines). Pure.

#include <cstddef>
#include <string>
#include <string_view>

namespace autofixd::app {

// One printable line of at most `max_bytes`, cut on a code point boundary
// with "…" ending what was cut; for table columns and indented details.
std::string cell(std::string_view text, std::size_t max_bytes);

// Valid UTF-8 without controls, escapes, bidi or zero-width characters, not
// cut; for JSON strings (which escape newlines themselves).
std::string json_text(std::string_view text);

}  // namespace autofixd::app
