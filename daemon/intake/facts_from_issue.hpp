#pragma once
// Issue details (from a webhook's data.issue or a fresh GET of the issue) as
// the facts the rules evaluate. Shared by intake and the processor, so both
// read an issue the same way.

#include "rules/facts.hpp"
#include "sentry/types.hpp"

namespace autofixd::intake {

// Copies every known field; unknown ones stay empty / nullopt, which the
// rules treat as "not known yet" rather than as zero.
rules::Facts facts_from_issue(const sentry::IssueDetails& issue);

// `webhook` with every fact `fresh` (issue details read just now) knows
// written over it: fresh wins, what it lacks keeps the webhook's value.
rules::Facts merge_fresh(rules::Facts webhook, const rules::Facts& fresh);

}  // namespace autofixd::intake
