#pragma once
// The comment autofixd posts on a second tracker's issue (Owlmetry, seed
// 003): the Sentry comment's content, a link back to the Sentry issue, and
// the tracker's own marker so a restarted daemon finds a comment it already
// posted (GET …/comments) instead of posting it twice. Pure.

#include <string>
#include <string_view>

#include "notify/outcome.hpp"

namespace autofixd::notify {

// "autofixd:tracker:run:<run>:<outcome>" for an outcome of one of our runs
// (run = autofixd's run id, each continued stage has its own);
// "autofixd:tracker:issue:<issue>:<outcome>:<at_ms>" for one without a run
// (a decision-time skip), `at` making each such outcome its own.
std::string tracker_marker(const Outcome& outcome);

// True when `body` carries exactly `marker` (as report::contains_marker:
// run 12's marker matches neither run 123's nor a longer outcome name).
bool tracker_comment_has_marker(std::string_view body, std::string_view marker);

// Markdown for the tracker comment; "" for `started` (the tracker gets a
// status change, not a comment). A finished run's comment is
// Outcome::comment_body (already escaped, already within its size limit)
// followed by a line linking the Sentry issue and carrying the marker; an
// outcome with no Sentry comment (refused, skipped_already_triggered) gets a
// short comment of its own, in the same shape as the Sentry comments.
std::string render_tracker_comment(const Outcome& outcome);

}  // namespace autofixd::notify
