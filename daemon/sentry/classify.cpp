#include "sentry/classify.hpp"

#include <charconv>
#include <optional>
#include <string_view>

#include "sentry/autofix_state.hpp"

namespace autofixd::sentry {

namespace {

std::optional<std::int64_t> parse_seconds(std::optional<std::string> text) {
  if (!text) return std::nullopt;
  std::string_view s = *text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  std::int64_t value = 0;
  // Sentry sends integers; a fractional part is ignored.
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end == s.data()) return std::nullopt;
  if (end != s.data() + s.size() && *end != '.') return std::nullopt;
  return value;
}

std::string status_line(const CallInfo& call, const HttpResponse& response) {
  std::string message = describe_call(call) + ": HTTP " + std::to_string(response.status);
  std::string detail = sentry_detail(response.body);
  if (!detail.empty()) message += ": " + detail;
  return message;
}

std::string code_for(int status) {
  if (status == 402) return "sentry.no_budget";
  if (status == 401 || status == 403) return "sentry.auth";
  if (status == 404) return "sentry.not_found";
  if (status == 429 || status >= 500 || status < 200) return "sentry.transient";
  return "sentry.rejected";
}

// A 403 on the autofix endpoints that is not DRF's scope refusal ("You do
// not have permission to perform this action.") comes from Seer itself:
// SeerPermissionError on POST ("You are not authorized to perform this
// action"), the feature checks' own messages on GET and on older servers
// ("AI features are disabled for this organization.") (docs/sentry.md
// "Errors").
bool is_seer_disabled(const CallInfo& call, const HttpResponse& response) {
  const bool autofix = call.name == "POST autofix" || call.name == "GET autofix";
  return autofix && response.status == 403 &&
         !sentry_detail(response.body).starts_with("You do not have permission");
}

}  // namespace

std::string describe_call(const CallInfo& call) {
  if (call.issue.value == 0) return call.name;  // not about one issue (the sweep's list)
  return call.name + " for issue " + call.issue.str();
}

Error call_failed(const CallInfo& call, Error transport) {
  transport.message = describe_call(call) + ": " + transport.message;
  return transport;
}

std::chrono::milliseconds retry_after(const HttpResponse& response, SysTime now) {
  using std::chrono::seconds;
  if (auto delay = parse_seconds(response.header("Retry-After")); delay && *delay >= 0) {
    return seconds(*delay);
  }
  if (auto reset = parse_seconds(response.header("X-Sentry-Rate-Limit-Reset"))) {
    auto wait = std::chrono::system_clock::time_point(seconds(*reset)) - now;
    if (wait > std::chrono::milliseconds::zero()) {
      return std::chrono::ceil<std::chrono::milliseconds>(wait);
    }
  }
  return std::chrono::milliseconds::zero();
}

Error classify_failure(const CallInfo& call, const HttpResponse& response, SysTime now) {
  if (is_seer_disabled(call, response)) {
    return make_error("sentry.seer_disabled",
                      status_line(call, response) +
                          " (Seer is not enabled for this organization or project)",
                      response.status);
  }
  Error error = make_error(code_for(response.status), status_line(call, response),
                           response.status);
  error.request_sent = true;
  if (error.code == "sentry.auth") {
    error.message += std::string(" (check that the token is valid and has the ") +
                     (call.writes ? "event:write" : "event:read") + " scope)";
  }
  if (error.code == "sentry.transient") error.retry_after = retry_after(response, now);
  return error;
}

Error bad_response(const CallInfo& call, int status, const Error& parse_error) {
  return make_error("sentry.bad_response",
                    describe_call(call) + ": HTTP " + std::to_string(status) +
                        " with a body that could not be understood: " + parse_error.message,
                    status);
}

bool is_already_posted(const HttpResponse& response) {
  if (response.status != 400) return false;
  return sentry_detail(response.body).find("already posted") != std::string::npos ||
         response.body.find("already posted") != std::string::npos;
}

}  // namespace autofixd::sentry
