// Owlmetry's issue rules (seed 003): transitions, status side effects,
// list order and pages, JSON shapes.

#include "integration/fake_owlmetry_model.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <tuple>

namespace autofixd::testing {

namespace {

using Json = nlohmann::json;

// The seed's table, row by row.
const std::map<std::string, std::vector<std::string>, std::less<>>& transitions() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> table{
      {"new", {"in_progress", "resolved", "silenced", "snoozed"}},
      {"in_progress", {"new", "resolved", "silenced", "snoozed"}},
      {"resolved", {"new", "silenced", "snoozed"}},
      {"regressed", {"in_progress", "resolved", "silenced", "snoozed"}},
      {"silenced", {"new", "in_progress", "resolved", "snoozed"}},
      {"snoozed", {"new", "in_progress", "resolved", "silenced"}},
  };
  return table;
}

Json nullable(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace

const std::vector<std::string>& owl_statuses() {
  static const std::vector<std::string> all{"new",      "in_progress", "resolved",
                                            "silenced", "regressed",   "snoozed"};
  return all;
}

bool owl_is_status(std::string_view status) {
  const auto& all = owl_statuses();
  return std::find(all.begin(), all.end(), status) != all.end();
}

bool owl_is_settable(std::string_view status) {
  return owl_is_status(status) && status != "regressed";
}

bool owl_transition_allowed(std::string_view from, std::string_view to) {
  auto row = transitions().find(from);
  if (row == transitions().end()) return false;
  return std::find(row->second.begin(), row->second.end(), to) != row->second.end();
}

std::optional<std::string> owl_apply_status(OwlIssue& issue, const Json& body,
                                            const std::string& now) {
  if (!body.is_object() || !body.contains("status") || !body["status"].is_string()) {
    return "status is required (a string)";
  }
  const std::string to = body["status"].get<std::string>();
  if (!owl_is_settable(to)) return "invalid status: " + to;
  if (!owl_transition_allowed(issue.status, to)) {
    return "invalid status transition from " + issue.status + " to " + to;
  }
  std::optional<std::string> version;
  if (body.contains("resolved_at_version") && body["resolved_at_version"].is_string()) {
    version = body["resolved_at_version"].get<std::string>();
  }
  if (to == "resolved" && (!version || version->empty())) {
    return "resolved_at_version is required when status is resolved";
  }
  if (to == "resolved") issue.resolved_at_version = version;
  if (to == "new" || to == "in_progress") issue.resolved_at_version.reset();
  if (to == "snoozed") issue.snoozed_at = now;
  if (issue.status == "snoozed") issue.snoozed_at.reset();
  issue.status = to;
  issue.updated_at = now;
  return std::nullopt;
}

bool owl_listed_before(const OwlIssue& a, const OwlIssue& b) {
  return std::tie(a.last_seen_at, a.id) > std::tie(b.last_seen_at, b.id);
}

OwlPage owl_page(const std::vector<OwlIssue>& sorted, const std::optional<OwlIssue>& after,
                 std::size_t limit) {
  auto from = sorted.begin();
  if (after) {
    from = std::find_if(sorted.begin(), sorted.end(),
                        [&](const OwlIssue& issue) { return owl_listed_before(*after, issue); });
  }
  OwlPage page;
  const auto left = static_cast<std::size_t>(sorted.end() - from);
  page.issues.assign(from, from + static_cast<std::ptrdiff_t>(std::min(limit, left)));
  page.has_more = left > limit;
  if (page.has_more) page.cursor = page.issues.back().id;
  return page;
}

Json owl_issue_json(const OwlIssue& issue) {
  return Json{{"id", issue.id},
              {"app_id", issue.app_id},
              {"project_id", issue.project_id},
              {"status", issue.status},
              {"title", issue.title},
              {"source_module", issue.source_module},
              {"is_dev", issue.is_dev},
              {"occurrence_count", issue.occurrence_count},
              {"unique_user_count", issue.unique_user_count},
              {"resolved_at_version", nullable(issue.resolved_at_version)},
              {"first_seen_sdk_version", "0.1.0"},
              {"last_seen_sdk_version", "0.1.2"},
              {"first_seen_at", issue.first_seen_at},
              {"last_seen_at", issue.last_seen_at},
              {"last_notified_at", nullptr},
              {"snoozed_at", nullable(issue.snoozed_at)},
              {"created_at", issue.created_at},
              {"updated_at", issue.updated_at},
              {"fingerprints", Json::array({"fp-" + issue.id})},
              {"app_name", issue.app_name}};
}

Json owl_comment_json(const OwlComment& comment) {
  return Json{{"id", comment.id},
              {"issue_id", comment.issue_id},
              {"author_type", comment.author_type},
              {"author_id", comment.author_id},
              {"author_name", comment.author_name},
              {"body", comment.body},
              {"created_at", comment.created_at},
              {"updated_at", comment.updated_at}};
}

Json owl_error_json(std::string_view message) { return Json{{"error", message}}; }

std::string owl_time(std::int64_t seconds) {
  const std::time_t at = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&at, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000Z", &utc);
  return text;
}

std::string owl_now() {
  return owl_time(std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count());
}

}  // namespace autofixd::testing
