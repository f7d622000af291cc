#pragma once
// What a run's outcome tells notification targets: the notify::Outcome and
// the outbox entries for it, written with the run state that makes it true.
// Pure: no I/O.

#include <string>
#include <vector>

#include "config/config.hpp"
#include "notify/outcome.hpp"
#include "rules/evaluate.hpp"
#include "rules/facts.hpp"
#include "sentry/types.hpp"
#include "store/records.hpp"

namespace autofixd::runs {

// The issue in Sentry's UI: the link Sentry gave, else one built from the config.
std::string issue_link(const config::Config& config, const store::RunRow& run);

// The outcome a run that ended (or waits for input) reached. A run that
// never existed in Sentry is `refused` (failed before Sentry accepted a
// start) or `skipped_already_triggered` (someone else's run was found
// before the POST).
notify::OutcomeKind outcome_kind(const store::RunRow& run);

// `state` is the last autofix state read (root cause, PRs); may be null.
// `comment_body` and `marker`: the Sentry comment queued with the outcome.
notify::Outcome outcome_of(const config::Config& config, const store::RunRow& run,
                           notify::OutcomeKind kind, const sentry::AutofixState* state,
                           const std::string& comment_body = "", const std::string& marker = "");

// The outbox entries for that outcome: none when no target wants it.
std::vector<store::OutboxEntry> outcome_outbox(const config::Config& config,
                                               const store::RunRow& run, notify::OutcomeKind kind,
                                               const sentry::AutofixState* state,
                                               const std::string& comment_body = "",
                                               const std::string& marker = "");

// A decision that is news without a run: a skip because someone else's
// Seer run exists (`skipped_already_triggered`, once per such run) or
// because Seer cannot run on the project (`refused`, once per issue and
// reason). Empty for every other decision, or when no target wants it.
std::vector<store::OutboxEntry> decision_outbox(const config::Config& config,
                                                const rules::Facts& facts,
                                                const rules::Decision& decision, SysTime now);

}  // namespace autofixd::runs
