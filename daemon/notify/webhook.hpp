#pragma once
// The JSON body autofixd POSTs to a `kind = "webhook"` notify target, and
// its signature (header X-Autofixd-Signature). Pure.
//
// Fields (README "Trackers and notifications"), in this order:
//   outcome           "started", "completed", … (DESIGN.md's names)
//   issue_id          Sentry's issue id as a string, as Sentry's API spells it
//   run_id            autofixd's run id (a number), null when no run exists
//   rule              the rule that decided
//   issue_url         the issue in Sentry's UI
//   pr_urls           pull requests Seer opened (may be empty)
//   short_id          e.g. "BACKEND-12"; "" when unknown
//   title             the issue title
//   project           the Sentry project slug
//   stopping_point    "root_cause", "solution", "code_changes", "open_pr" or ""
//   root_cause        one line; "" when none is known
//   detail            what happened, e.g. why Sentry refused; may be ""
//   sentry_run_id     Seer's run id (a number), null when unknown
//   duration_seconds  start to end (a number), null while not finished
//   at                when the outcome happened, RFC 3339 UTC
//   shortened         names of the fields cut to kMaxWebhookFieldBytes
// Text fields are sanitized (no control, bidi or zero-width characters) and
// valid UTF-8; title, root_cause and detail are cut to
// kMaxWebhookFieldBytes on a character boundary, ending in "…".

#include <cstddef>
#include <string>
#include <string_view>

#include "notify/outcome.hpp"

namespace autofixd::notify {

inline constexpr std::size_t kMaxWebhookFieldBytes = 4000;

std::string render_webhook(const Outcome& outcome);

// Lowercase hex HMAC-SHA256 of the exact `body` under `secret`.
std::string sign_webhook(std::string_view secret, std::string_view body);

}  // namespace autofixd::notify
