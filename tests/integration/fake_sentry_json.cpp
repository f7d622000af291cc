#include "integration/fake_sentry_json.hpp"

#include <nlohmann/json.hpp>

#include "integration/fake_sentry_seer_json.hpp"
#include "util/time_format.hpp"

namespace autofixd::testing {

namespace {

using Json = nlohmann::json;

Json legacy_steps(const AutofixSpec& spec) {
  Json steps = Json::array();
  steps.push_back({{"type", "default"}, {"key", "start"}, {"title", "Getting started"},
                   {"status", "COMPLETED"}, {"progress", Json::array()}});
  if (!spec.root_cause.empty()) {
    steps.push_back({{"type", "root_cause_analysis"},
                     {"key", "root_cause_analysis"},
                     {"status", "COMPLETED"},
                     {"causes", {{{"id", 0}, {"description", spec.root_cause},
                                  {"root_cause_reproduction", Json::array()}}}},
                     {"selection", {{"cause_id", 0}}}});
  }
  if (!spec.solution.empty()) {
    steps.push_back({{"type", "solution"}, {"key", "solution"}, {"status", "COMPLETED"},
                     {"description", spec.solution}, {"solution", Json::array()}});
  }
  if (!spec.pr_url.empty()) {
    steps.push_back(
        {{"type", "changes"},
         {"key", "changes"},
         {"status", "COMPLETED"},
         {"changes",
          {{{"repo_name", spec.repo},
            {"title", "Fix the bug"},
            {"diff_str", "--- a/app.py\n+++ b/app.py\n"},
            {"diff", {{{"path", "app.py"}}}},
            {"pull_request", {{"pr_number", 1}, {"pr_url", spec.pr_url}}}}}}});
  }
  return steps;
}

}  // namespace

std::string issue_json(const IssueSpec& spec) {
  const std::string id = std::to_string(spec.id);
  Json issue{{"id", id},
             {"shortId", "BACKEND-" + id},
             {"title", spec.title},
             {"culprit", "app.views in divide"},
             {"level", spec.level},
             {"status", spec.status},
             {"substatus", spec.status == "unresolved" ? "ongoing" : ""},
             {"count", std::to_string(spec.count)},
             {"userCount", spec.user_count},
             {"firstSeen", "2026-01-01T00:00:00.000000Z"},
             {"lastSeen", "2026-01-02T00:00:00.000000Z"},
             {"permalink", "https://acme.sentry.io/issues/" + id + "/"},
             {"project", {{"id", "1"}, {"name", spec.project}, {"slug", spec.project},
                          {"platform", "python"}}},
             {"seerFixabilityScore", nullptr},
             {"seerAutofixLastTriggered", nullptr},
             {"seerExplorerAutofixLastTriggered", nullptr},
             {"issueType", "error"},
             {"issueCategory", "error"},
             {"isUnhandled", true}};
  if (spec.fixability) issue["seerFixabilityScore"] = *spec.fixability;
  if (!spec.priority.empty()) issue["priority"] = spec.priority;
  if (!spec.seer_last_triggered.empty()) {
    issue["seerAutofixLastTriggered"] = spec.seer_last_triggered;
  }
  if (!spec.seer_explorer_last_triggered.empty()) {
    issue["seerExplorerAutofixLastTriggered"] = spec.seer_explorer_last_triggered;
  }
  return issue.dump();
}

static std::string updated_at(const AutofixSpec& spec) {
  if (!spec.updated_at.empty()) return spec.updated_at;
  return format_utc(std::chrono::system_clock::now());
}

std::string autofix_null_json() { return R"({"autofix":null})"; }

std::string legacy_autofix_json(const AutofixSpec& spec) {
  Json autofix{{"run_id", spec.run_id},
               {"status", spec.status},
               {"updated_at", updated_at(spec)},
               {"request", {{"issue", {{"id", 42}}}}},
               {"codebases", Json::object()},
               {"steps", legacy_steps(spec)},
               {"repositories", Json::array()}};
  return Json{{"autofix", autofix}}.dump();
}

std::string agent_autofix_json(const AutofixSpec& spec) {
  AgentRunSpec run{.run_id = spec.run_id, .status = spec.status};
  run.style = BlockStyle::reply_only;
  run.updated_at = updated_at(spec);
  run.texts.repo = spec.repo;
  if (!spec.root_cause.empty()) run.texts.root_cause = spec.root_cause;
  if (!spec.solution.empty()) run.texts.solution = spec.solution;
  const bool pr = !spec.pr_url.empty();
  if (!spec.root_cause.empty() || !spec.solution.empty() || pr) {
    run.blocks.push_back({"root_cause"});
  }
  if (!spec.solution.empty() || pr) run.blocks.push_back({"solution"});
  if (pr) {
    run.blocks.push_back({"code_changes"});
    run.prs.push_back({.repo = spec.repo, .pr_url = spec.pr_url, .pr_number = 1});
  }
  return agent_run_json(run);
}

std::string start_response_json(std::int64_t run_id) {
  return Json{{"run_id", run_id}}.dump();
}

}  // namespace autofixd::testing
