#pragma once
// Parsing of GET /api/0/organizations/{org}/issues/{id}/autofix/ in both
// shapes Sentry has served (docs/sentry.md "Run state (GET)"):
//   {"autofix": null}                              → exists == false
//   legacy: UPPERCASE status, results in steps[]
//   agent:  lowercase status, results in blocks[] and repo_pr_states{}
// Pure: no I/O, never throws. The other small Sentry response parsers
// (start, comments, error detail) are in responses.hpp, included here.

#include <string_view>

#include "sentry/responses.hpp"
#include "sentry/types.hpp"
#include "util/result.hpp"

namespace autofixd::sentry {

// Case-insensitive: processing, completed, error, cancelled (or canceled);
// awaiting_user_input / waiting_for_user_response / need_more_information →
// needs_input. Anything else (including "") → processing, so an unknown new
// status keeps the run polling until its time-out rather than ending it.
AutofixStatus map_status(std::string_view raw_status);

// "processing", "completed", "error", "cancelled", "needs_input".
std::string_view to_string(AutofixStatus status);

// On success: exists, run_id, status and raw_status, and whatever results
// the state holds so far (root cause, solution, changes, PRs, error_detail).
// Unknown or oddly typed result fields are skipped, not fatal: a partial
// comment beats none.
//
// Errors (code "sentry.bad_response"):
//   autofix: body is not valid JSON
//   autofix: expected a JSON object with an "autofix" field, got ...
//   autofix: field "autofix": expected an object or null, got ...
//   autofix: field "autofix.status": expected a string, got ...
Result<AutofixState> parse_autofix_state(std::string_view json_body);

}  // namespace autofixd::sentry
