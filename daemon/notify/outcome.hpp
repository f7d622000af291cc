#pragma once
// What a notification target (a second tracker, Slack, a signed webhook)
// learns about a run or a decision: one value per outcome, built by the
// engine or the processor when the outcome becomes durable, stored as JSON
// in each target's outbox row, and rendered per target when it is sent.
// Pure: no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/clock.hpp"
#include "util/ids.hpp"
#include "util/result.hpp"

namespace autofixd::notify {

// The contract's outcome names (DESIGN.md "Notifications").
enum class OutcomeKind {
  started,                    // Sentry accepted a start (or continue) POST
  completed,                  // the run reached its stopping point
  failed,                     // Seer reported an error, or the run broke
  needs_input,                // Seer asks a question
  timed_out,                  // no result within [polling] timeout
  cancelled,                  // superseded, or cancelled by an operator
  refused,                    // Sentry refused the start: 402, Seer not enabled, no repository
  skipped_already_triggered,  // someone else's run exists; nothing was started
};

std::string_view to_string(OutcomeKind kind);
std::optional<OutcomeKind> outcome_from_string(std::string_view text);

struct Outcome {
  OutcomeKind kind = OutcomeKind::started;
  IssueId issue;
  std::optional<RunId> run;               // autofixd's run; none for a decision-time skip
  std::optional<SentryRunId> sentry_run;  // Seer's run id when known
  std::string rule;                       // the rule that decided
  std::string project;                    // Sentry project slug
  std::string issue_short_id;             // e.g. "BACKEND-12"; may be empty
  std::string issue_title;                // untrusted text from Sentry
  std::string issue_url;                  // the issue in Sentry's UI
  std::string stopping_point;             // "root_cause", "solution", "code_changes", "open_pr"
  std::string detail;                     // run detail or decision reason detail; may be empty
  std::string root_cause;                 // one line; empty when none is known
  std::vector<std::string> pr_urls;       // pull requests Seer opened
  std::string comment_body;               // the Sentry comment (Markdown), for finished runs
  std::string comment_marker;             // that comment's marker, e.g. "autofixd:run:42"
  std::int64_t duration_seconds = -1;     // start to end; -1 when not finished
  SysTime at{};                           // when the outcome became durable
};

// Stable JSON (stored in outbox rows; field names are the struct's).
std::string to_json(const Outcome& outcome);
// Errors (code "notify.bad_outcome") name the field that is missing or wrong.
Result<Outcome> outcome_from_json(std::string_view json);

}  // namespace autofixd::notify
