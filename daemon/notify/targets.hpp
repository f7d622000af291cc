#pragma once
// Which configured targets an outcome is news for, as outbox entries. Pure.
//   [[tracker]]: runs on a Sentry project it covers; `started` (only to set
//     set_status, so only when set) and the outcomes that have a Sentry
//     comment (completed, failed, needs_input, timed_out, cancelled). A run
//     that never existed (refused, skipped) is not the tracker's news.
//   [[notify]]: every outcome its `outcomes` list names (empty: all).

#include <string>
#include <vector>

#include "config/config.hpp"
#include "notify/outcome.hpp"
#include "store/records.hpp"

namespace autofixd::notify {

// "run:<run>:<outcome>" for a run's outcome; without a run, a key the
// caller makes stable (see already_triggered_key).
std::string run_event_key(RunId run, OutcomeKind kind);
// One message per issue and other party's Seer run: a flood of deliveries
// for an issue someone else is fixing says it once. `seer_run` is that run's
// id, else when Seer was last triggered (ms), else 0.
std::string already_triggered_key(IssueId issue, std::int64_t seer_run_or_time);

bool tracker_wants(const config::Tracker& tracker, const Outcome& outcome);
bool notify_wants(const config::NotifyTarget& target, const Outcome& outcome);

// One entry per target that wants `outcome`, keyed `event_key` (empty: the
// run's key, or, without a run, the decision's).
std::vector<store::OutboxEntry> outbox_entries(const config::Config& config,
                                               const Outcome& outcome,
                                               const std::string& event_key = "");

}  // namespace autofixd::notify
