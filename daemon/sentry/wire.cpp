#include "sentry/wire.hpp"

#include <nlohmann/json.hpp>

#include "sentry/url.hpp"

namespace autofixd::sentry {

ApiPaths::ApiPaths(std::string_view organization)
    : org_prefix_("/api/0/organizations/" + url_encode(organization) + "/issues/") {}

std::string ApiPaths::issue(IssueId issue) const { return org_prefix_ + issue.str() + "/"; }
std::string ApiPaths::autofix(IssueId issue) const { return this->issue(issue) + "autofix/"; }
std::string ApiPaths::autofix_setup(IssueId issue) const { return autofix(issue) + "setup/"; }
std::string ApiPaths::comments(IssueId issue) const { return this->issue(issue) + "comments/"; }
std::string ApiPaths::latest_event(IssueId issue) const {
  return this->issue(issue) + "events/latest/";
}
std::string ApiPaths::recent_issues() const {
  // project=-1: every project the token may see, not only those its user
  // is a member of (docs/sentry.md "Issues").
  return org_prefix_ + "?query=is%3Aunresolved&statsPeriod=24h&sort=date&limit=100&project=-1";
}

std::string_view stopping_point_name(config::StoppingPoint point) {
  switch (point) {
    case config::StoppingPoint::root_cause: return "root_cause";
    case config::StoppingPoint::solution: return "solution";
    case config::StoppingPoint::code_changes: return "code_changes";
    case config::StoppingPoint::open_pr: return "open_pr";
  }
  return "root_cause";
}

std::string start_autofix_body(const StartAutofix& request) {
  nlohmann::json body = nlohmann::json::object();
  if (request.run_id) {
    body["run_id"] = request.run_id->value;
    if (!request.sentry_run_uuid.empty()) body["sentry_run_id"] = request.sentry_run_uuid;
    body["step"] = request.step;
    // integration_id and provider are alternatives: Sentry answers 400
    // "Cannot specify both integration_id and provider".
    if (request.coding_agent && request.coding_agent->integration_id > 0) {
      body["integration_id"] = request.coding_agent->integration_id;
    } else if (request.coding_agent) {
      body["provider"] = request.coding_agent->provider;
    }
  } else {
    body["stopping_point"] = stopping_point_name(request.stopping_point);
  }
  if (!request.repo_name.empty()) body["repo_name"] = request.repo_name;
  if (!request.instruction.empty() && !request.run_id) {
    body["user_context"] = request.instruction;
    body["instruction"] = request.instruction;
  }
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string comment_body(std::string_view text) {
  nlohmann::json body{{"text", text}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::string> parse_posted_comment_id(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("id")) {
    return make_error("sentry.bad_response", "expected a JSON object with an \"id\"");
  }
  const auto& id = json["id"];
  if (id.is_string()) return id.get<std::string>();
  if (id.is_number_integer()) return std::to_string(id.get<std::int64_t>());
  return make_error("sentry.bad_response", "comment \"id\" is neither a string nor an integer");
}

}  // namespace autofixd::sentry
