#include "intake/resources.hpp"

#include "intake/facts_from_issue.hpp"
#include "intake/fields.hpp"
#include "sentry/issue_json.hpp"

// Every member read here is listed in payload_members.cpp: parse_envelope
// builds only those.
namespace autofixd::intake::resources {
namespace {

Envelope evaluate_issue(Envelope envelope, IssueId issue) {
  envelope.handling = Handling::evaluate;
  envelope.issue = issue;
  envelope.facts.issue = issue;
  return envelope;
}

// parse_issue_json names fields as `issue: field "id": <problem>`; restate
// that with the path the sender sees, `data.issue.id: <problem>`.
Error issue_shape_error(const Error& error) {
  std::string_view message = error.message;
  constexpr std::string_view kField = "issue: field \"";
  if (message.starts_with(kField)) {
    const std::string_view rest = message.substr(kField.size());
    if (const auto end = rest.find("\": "); end != std::string_view::npos) {
      return bad_shape(join_path("data.issue", rest.substr(0, end)), rest.substr(end + 3));
    }
  }
  constexpr std::string_view kIssue = "issue: ";
  if (message.starts_with(kIssue)) message.remove_prefix(kIssue.size());
  return bad_shape("data.issue", message);
}

// For issue actions we do not evaluate: keep what is cheap and certain (the
// id and status), and never refuse the delivery over the rest of the shape.
Envelope ignored_issue(Envelope envelope, const Json& data) {
  envelope.handling = Handling::ignore;
  if (envelope.action == "resolved") envelope.facts.status = "resolved";
  if (envelope.action == "ignored" || envelope.action == "archived") {
    envelope.facts.status = "ignored";
  }
  const Json* issue = member(data, "issue");
  if (issue == nullptr) return envelope;
  if (const Json* id = member(*issue, "id")) {
    if (auto value = read_id(*id, "data.issue.id")) {
      envelope.issue = IssueId{*value};
      envelope.facts.issue = IssueId{*value};
    }
  }
  if (const Json* status = member(*issue, "status"); status && status->is_string()) {
    envelope.facts.status = status->get<std::string>();
  }
  return envelope;
}

// The issue an event or error belongs to: `issue_id` (a string, sometimes a
// number), else the last segment of `issue_url`.
Result<std::int64_t> event_issue_id(const Json& event, std::string_view path) {
  auto id = optional_id(event, "issue_id", path);
  if (!id) return id.error();
  if (*id) return **id;
  auto url = optional_string(event, "issue_url", path);
  if (!url) return url.error();
  if (auto from_url = id_from_url(*url)) return *from_url;
  const std::string url_path = join_path(path, "issue_url");
  return bad_shape(join_path(path, "issue_id"),
                   url->empty() ? "missing, and " + url_path + " is missing too"
                                : "missing, and " + url_path + " has no issue id");
}

// data.event (event_alert) and data.error (error) share these fields. The
// payload's `project` is a numeric id, so the slug is known only when the
// sender added `project_slug`.
Result<Envelope> read_event_like(Envelope envelope, const Json& data, std::string_view key) {
  auto object = require_object(data, key, "data");
  if (!object) return object.error();
  const Json& event = **object;
  const std::string path = join_path("data", key);
  auto id = event_issue_id(event, path);
  if (!id) return id.error();
  auto level = optional_string(event, "level", path);
  if (!level) return level.error();
  auto title = optional_string(event, "title", path);
  if (!title) return title.error();
  auto slug = optional_string(event, "project_slug", path);
  if (!slug) return slug.error();
  auto culprit = optional_string(event, "culprit", path);
  if (!culprit) return culprit.error();
  envelope = evaluate_issue(std::move(envelope), IssueId{*id});
  // The event's culprit is the issue's unless Sentry grouped it elsewhere;
  // only a culprit the payload carries counts as known.
  if (member(event, "culprit") != nullptr) envelope.facts.culprit = std::move(*culprit);
  envelope.facts.level = std::move(*level);
  envelope.facts.title = std::move(*title);
  envelope.facts.project = std::move(*slug);
  return envelope;
}

Envelope ignore(Envelope envelope) {
  envelope.handling = Handling::ignore;
  return envelope;
}

}  // namespace

Result<Envelope> read_issue(Envelope envelope, const nlohmann::json& data) {
  if (envelope.action != "created" && envelope.action != "unresolved") {
    return ignored_issue(std::move(envelope), data);
  }
  auto issue = require_object(data, "issue", "data");
  if (!issue) return issue.error();
  auto details = sentry::parse_issue_json(**issue);
  if (!details) return issue_shape_error(details.error());
  const IssueId id = details->id;
  envelope.facts = facts_from_issue(*details);
  return evaluate_issue(std::move(envelope), id);
}

Result<Envelope> read_event_alert(Envelope envelope, const nlohmann::json& data) {
  if (envelope.action != "triggered") return ignore(std::move(envelope));
  return read_event_like(std::move(envelope), data, "event");
}

Result<Envelope> read_error(Envelope envelope, const nlohmann::json& data) {
  if (envelope.action != "created") return ignore(std::move(envelope));
  return read_event_like(std::move(envelope), data, "error");
}

Result<Envelope> read_seer(Envelope envelope, const nlohmann::json& data) {
  const Json* group = member(data, "group_id");
  if (group == nullptr) return bad_shape("data.group_id", "missing");
  auto issue = read_id(*group, "data.group_id");
  if (!issue) return issue.error();
  auto run = optional_id(data, "run_id", "data");
  if (!run) return run.error();
  envelope.handling = Handling::advance;
  envelope.issue = IssueId{*issue};
  envelope.facts.issue = IssueId{*issue};
  if (*run) envelope.seer_run = SentryRunId{**run};
  return envelope;
}

}  // namespace autofixd::intake::resources
