#pragma once
// What autofixd sends to Sentry: request paths and JSON bodies, and the one
// response field the model parsers do not cover (a posted comment's id).
// Pure functions; no I/O.

#include <string>
#include <string_view>

#include "config/config.hpp"
#include "sentry/api.hpp"
#include "util/ids.hpp"
#include "util/result.hpp"

namespace autofixd::sentry {

// Organization-scoped API paths; the org slug is percent-encoded once.
class ApiPaths {
 public:
  explicit ApiPaths(std::string_view organization);
  std::string issue(IssueId issue) const;     // /api/0/organizations/{org}/issues/{id}/
  std::string autofix(IssueId issue) const;   // .../issues/{id}/autofix/
  std::string autofix_setup(IssueId issue) const;  // .../issues/{id}/autofix/setup/
  std::string comments(IssueId issue) const;  // .../issues/{id}/comments/
  std::string latest_event(IssueId issue) const;  // .../issues/{id}/events/latest/
  // .../issues/?query=is:unresolved&statsPeriod=24h&sort=date&limit=100&project=-1
  std::string recent_issues() const;

 private:
  std::string org_prefix_;  // /api/0/organizations/{org}/issues/
};

// Sentry's wire name for a stopping point: root_cause | solution | code_changes | open_pr.
std::string_view stopping_point_name(config::StoppingPoint point);

// A new run: {"stopping_point", "user_context", "instruction"} (the two
// instruction keys omitted when empty). A continuation: {"run_id",
// "sentry_run_id" (when known), "step"} plus integration_id and provider for
// a coding agent hand-off. "repo_name" in both when set.
std::string start_autofix_body(const StartAutofix& request);

// {"text": ...}
std::string comment_body(std::string_view text);

// The "id" of the note a 201 to POST comments returned (string or number).
// Errors: code "sentry.bad_response" when the body is not such an object.
Result<std::string> parse_posted_comment_id(std::string_view body);

}  // namespace autofixd::sentry
