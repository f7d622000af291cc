#pragma once
// How an outcome is named where people read it (a tracker comment, a chat
// message), shared by the renderers so every target says the same thing.
// The text returned here is raw: each renderer escapes it for its own
// format. Pure.

#include <cstddef>
#include <string>

#include "notify/outcome.hpp"

namespace autofixd::notify::wording {

// Issue titles are cut to this many characters in messages; the full title
// is one click away in Sentry.
inline constexpr std::size_t kMaxTitleChars = 300;

// "Seer Autofix completed", "Sentry refused to start Seer Autofix", ...
std::string headline(const Outcome& outcome);

// "BACKEND-12: Timeout in checkout" (or "issue 1170820242: …"), the title
// sanitized and cut to kMaxTitleChars with "…".
std::string issue_label(const Outcome& outcome);

// One or two sentences on why the outcome happened, built from its detail;
// "" when there is nothing to add to the headline.
std::string what_happened(const Outcome& outcome);

// "4 minutes 12 seconds", or "" when the outcome has no duration.
std::string took(const Outcome& outcome);

}  // namespace autofixd::notify::wording
