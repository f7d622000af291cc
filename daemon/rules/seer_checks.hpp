#pragma once
// The checks a matched rule makes against Seer's own state before it may
// start anything (docs/sentry.md "Existing runs", "Continuing a run",
// "Setup preflight"). Pure: no I/O, `now` passed in.

#include <optional>
#include <string>

#include "config/config.hpp"
#include "rules/facts.hpp"

namespace autofixd::rules {

// Our earlier run ended `completed` at an earlier stopping point than the
// rule's, and Seer's latest run on the issue (when known) is still that run:
// continue it instead of paying for a new one.
std::optional<History::OurSeerRun> continuable_run(const config::Rule& rule, const Facts& facts,
                                                   const History& history);

// Why the issue counts as already triggered by someone else, or nullopt:
// Seer's latest run is not ours and is processing or was active within the
// rule's cooldown (kDefaultTriggeredWindow without one), or the issue's
// last-triggered time is that recent and no run of ours explains it.
std::optional<std::string> already_triggered(const config::Rule& rule, const Facts& facts,
                                             const History& history, SysTime now);

// Seer's latest run when it may be followed (known, not ours).
std::optional<Facts::SeerRun> followable_run(const Facts& facts);

}  // namespace autofixd::rules
