#pragma once
// Turns Sentry's HTTP answers into the error values of api.hpp. Pure
// functions over a response and the current time; no I/O.

#include <chrono>
#include <string>

#include "sentry/http_response.hpp"
#include "util/clock.hpp"
#include "util/ids.hpp"
#include "util/result.hpp"

namespace autofixd::sentry {

// Which Sentry call a response belongs to, for messages.
struct CallInfo {
  std::string name;     // "GET issue", "POST autofix", "GET comments", ...
  IssueId issue;
  bool writes = false;  // needs event:write rather than event:read
};

// "POST autofix for issue 123"
std::string describe_call(const CallInfo& call);

// A transport failure (already "sentry.transient") with the call named in front.
Error call_failed(const CallInfo& call, Error transport);

// The error for a non-2xx response:
//   402 → sentry.no_budget; 403 on GET/POST autofix other than DRF's scope
//   refusal → sentry.seer_disabled; other 401/403 → sentry.auth (names the
//   scope needed);
//   404 → sentry.not_found; 429 and 5xx → sentry.transient, with
//   retry_after when Sentry said how long to wait; other statuses →
//   sentry.rejected.
// Error::request_sent is set: Sentry received the request.
// The message reads "<call> for issue <id>: HTTP <status>: <Sentry's detail>".
Error classify_failure(const CallInfo& call, const HttpResponse& response, SysTime now);

// How long Sentry asked us to wait: Retry-After (seconds), else
// X-Sentry-Rate-Limit-Reset (epoch seconds) minus `now`, else zero. Never negative.
std::chrono::milliseconds retry_after(const HttpResponse& response, SysTime now);

// A 2xx body that could not be parsed: sentry.bad_response naming the call.
Error bad_response(const CallInfo& call, int status, const Error& parse_error);

// Sentry's 400 "You have already posted that comment."
bool is_already_posted(const HttpResponse& response);

}  // namespace autofixd::sentry
