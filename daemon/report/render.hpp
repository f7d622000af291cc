#pragma once
// Renders the one Markdown comment autofixd posts on an issue when a run
// ends. Pure: no I/O.

#include <cstddef>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "sentry/types.hpp"
#include "util/ids.hpp"

namespace autofixd::report {

inline constexpr std::size_t kMaxCommentBytes = 64 * 1024;

struct RunSummary {
  SentryRunId run_id;  // Sentry's autofix run id; goes into the marker
  IssueId issue;
  std::string issue_short_id;  // e.g. "BACKEND-12"; may be empty
  std::string issue_title;     // may be empty
  std::string issue_url;       // link to the issue in Sentry's UI
  std::string rule;            // rule that started the run
  config::StoppingPoint stopping_point = config::StoppingPoint::root_cause;
  // Final run state: "completed", "failed", "needs_input", "timed_out", "cancelled",
  // or how it ended when that says more: "superseded", "cancelled_by_operator".
  std::string final_state;
  std::string failure_detail;  // what happened, for failed / timed_out; may be empty
  // The marker this comment carries; marker(run_id) when empty.
  std::string marker_text;
};

// The marker every comment carries, so a restarted daemon can find a comment
// it already posted: "autofixd:run:<run_id>" for a run's result;
// "autofixd:run:<run_id>:<stopping_point>" for a later stage of the same
// Seer run (continued by autofixd); either with ":question" appended for the
// question Seer asked while waiting for input.
std::string marker(SentryRunId run);
std::string stage_marker(SentryRunId run, config::StoppingPoint stage);
std::string question_marker(std::string_view result_marker);
// True when `text` carries exactly `marker`: "autofixd:run:12" matches
// neither "autofixd:run:123" nor "autofixd:run:12:question".
bool contains_marker(std::string_view text, std::string_view marker);
bool contains_marker(std::string_view text, SentryRunId run);

// The comment for `summary`, using `state` (the last autofix state read from
// Sentry; may be null when none was read, e.g. time-out before any result).
// At most `max_bytes` bytes (UTF-8 safe cut); when content must be cut, least
// important parts go first (code excerpts, then solution detail, then
// root-cause detail), the outcome, PR links, issue link and marker always stay,
// and the comment says it was shortened. Text from Sentry is escaped so it
// cannot break the Markdown around it.
std::string render_comment(const RunSummary& summary, const sentry::AutofixState* state,
                           std::size_t max_bytes = kMaxCommentBytes);

}  // namespace autofixd::report
