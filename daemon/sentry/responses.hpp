#pragma once
// Parsers for Sentry's small responses: POST .../autofix/, GET .../comments/,
// and the human text of an error body. Pure: no I/O, never throw.

#include <string>
#include <string_view>
#include <vector>

#include "sentry/types.hpp"
#include "util/ids.hpp"
#include "util/result.hpp"

namespace autofixd::sentry {

// POST .../autofix/ → 202 {"run_id": 12345}. run_id may be a number or a
// string of digits. Errors (code "sentry.bad_response"):
//   autofix start: body is not valid JSON
//   autofix start: field "run_id": missing
//   autofix start: field "run_id": expected an integer, got ...
Result<SentryRunId> parse_start_response(std::string_view json_body);

// POST .../autofix/ → 202 {"run_id": N, "sentry_run_id": "uuid"|null};
// either may be missing (a coding agent hand-off answers
// {"successes", "failures"}). Errors: the body is not JSON.
Result<StartedRun> parse_started_run(std::string_view json_body);

// GET .../autofix/setup/ → {"integration": {"ok"}, "billing":
// {"hasAutofixQuota"}, "seerReposLinked", ...}; a missing flag counts as
// fine. Errors: not JSON, or not an object.
Result<SeerSetup> parse_autofix_setup(std::string_view json_body);

// GET .../events/latest/ → {"tags": [{"key": K, "value": V}, ...], ...}: the
// value of tag `key`, nullopt when the event has no such tag. Errors: not
// JSON, not an object, or "tags" present but not an array.
Result<std::optional<std::string>> parse_event_tag(std::string_view json_body,
                                                   std::string_view key);

// GET .../comments/ → [{"id": "...", "data": {"text": "..."}, ...}, ...],
// newest first as Sentry sends them. Entries without a string id are
// skipped; a missing text is "". Errors: not JSON, or not an array.
Result<std::vector<Comment>> parse_comments(std::string_view json_body);

// A one-line human message from an error body, for logs and Error messages:
// the "detail" of {"detail": "..."} (also "error" / "message"), a bare JSON
// string (429 and 402 send one), else the first 200 bytes of the body,
// UTF-8 safe and without control characters. "" for an empty body.
std::string sentry_detail(std::string_view body);

}  // namespace autofixd::sentry
