#pragma once
// The message autofixd posts to a Slack incoming webhook for an outcome:
// `text` (what notifications show: outcome, issue, link) and `blocks`
// (outcome with the issue link, what happened, root cause, pull requests,
// then rule, stopping point and duration). Pure.
//
// Text from Sentry is untrusted: Slack's control characters (&, <, >) are
// escaped, so it cannot form a link, a mention or a channel ping, and every
// text object is `verbatim`, so Slack does not turn bare URLs or names in
// it into links either. Sizes stay within Slack's limits (3,000 characters
// per section, 40,000 for `text`); a cut field says so in the message.

#include <string>

#include "notify/outcome.hpp"

namespace autofixd::notify {

inline constexpr std::size_t kSlackMaxSectionChars = 3000;

// The JSON body to POST.
std::string render_slack(const Outcome& outcome);

}  // namespace autofixd::notify
