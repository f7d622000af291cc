#pragma once
// Typed views of Sentry's API responses. Parsing lives in issue.hpp and
// autofix_state.hpp; these structs carry no JSON so most TUs stay light.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/clock.hpp"
#include "util/ids.hpp"

namespace autofixd::sentry {

// GET /api/0/organizations/{org}/issues/{id}/ (also the `issue` webhook's data.issue).
struct IssueDetails {
  IssueId id;
  std::string short_id;
  std::string title;
  std::string culprit;
  std::string level;   // "error", "fatal", ...
  std::string status;  // "unresolved" | "resolved" | "ignored"
  std::string substatus;              // "new", "ongoing", "regressed", "escalating" ...
  std::string priority;               // "high" | "medium" | "low"; empty when Sentry has none
  std::string issue_category;         // issueCategory: "error", "performance" ...
  std::optional<SysTime> first_seen;  // firstSeen; nullopt when absent or unreadable
  std::optional<bool> is_unhandled;   // isUnhandled; nullopt when absent
  std::string project_slug;
  std::optional<std::int64_t> count;       // Sentry sends a string; numbers accepted
  std::optional<std::int64_t> user_count;
  std::optional<double> fixability;        // seerFixabilityScore, null when unknown
  std::string web_url;                     // permalink or web_url, may be empty
  // When Seer last ran on the issue, started by anyone (Sentry's automation,
  // a person, autofixd): the later of seerAutofixLastTriggered and
  // seerExplorerAutofixLastTriggered; nullopt when never or unknown.
  std::optional<SysTime> seer_last_triggered;
  // Events in the last 30 days: the sum of stats["30d"], scoped to the
  // environments asked for (unlike `count`, which Sentry always reports
  // for every environment); nullopt when the response has no stats.
  std::optional<std::int64_t> events_30d;
};

enum class AutofixStatus {
  processing,   // processing / PROCESSING (and any unknown non-terminal value)
  completed,    // completed / COMPLETED
  error,        // error / ERROR
  cancelled,    // CANCELLED
  needs_input,  // awaiting_user_input / WAITING_FOR_USER_RESPONSE / NEED_MORE_INFORMATION
};

struct PullRequest {
  std::string repo;
  std::string url;
  std::optional<std::int64_t> number;
};

// One entry of repo_pr_states: status is pr_creation_status
// ("creating" | "completed" | "error"; "" when absent).
struct PrState {
  std::string repo;
  std::string status;
};

// One entry of coding_agents (an external agent the run was handed to).
// status: "pending" | "running" | "completed" | "failed" (lowercased).
struct CodingAgent {
  std::string id;
  std::string name;
  std::string provider;
  std::string status;
  std::string agent_url;
};

struct CodeChange {
  std::string repo;
  std::string path;  // may be empty (legacy shape has titles, not paths)
  std::string title;
  std::string diff;  // unified diff excerpt, may be empty
};

// GET .../autofix/ in either of the two shapes Sentry has used.
struct AutofixState {
  bool exists = false;  // false for {"autofix": null}
  std::optional<SentryRunId> run_id;
  std::string sentry_run_uuid;  // sentry_run_id (a UUID string), "" when absent
  AutofixStatus status = AutofixStatus::processing;
  std::string raw_status;  // as Sentry sent it, made one printable line (text::one_line)
  std::string root_cause;  // one-line / description of the selected root cause
  std::vector<std::string> root_cause_details;  // reproduction steps / five whys
  std::string solution;    // one-line summary / description
  std::vector<std::string> solution_steps;
  std::vector<CodeChange> changes;
  std::vector<PullRequest> pull_requests;
  std::string error_detail;  // any error text Sentry gave; one printable line, capped
  // When the run was triggered (legacy last_triggered_at) and last changed
  // (updated_at, both shapes); nullopt when absent or unparsable.
  std::optional<SysTime> triggered_at;
  std::optional<SysTime> updated_at;

  // Where the pipeline is (docs/sentry.md "Seer lifecycle"). Agent shape:
  bool legacy_shape = false;      // steps[] rather than blocks[]
  std::size_t block_count = 0;
  std::string last_block_step;    // blocks[-1].message.metadata.step, "" when absent
  bool block_loading = false;     // some block still has loading == true
  std::vector<PrState> pr_states;
  std::vector<CodingAgent> coding_agents;
  // Legacy shape: every step's status, uppercased as Sentry sends it.
  std::vector<std::string> legacy_step_statuses;
  std::string question;  // what Seer asked, when it waits for input; one printable line, capped
};

// What a 202 to POST .../autofix/ said: the run's ids (a continuation may
// answer without them: then the caller keeps its own).
struct StartedRun {
  std::optional<SentryRunId> run_id;
  std::string sentry_run_uuid;
};

// GET .../autofix/setup/: whether Seer can run on the issue's project.
struct SeerSetup {
  bool integration_ok = true;   // a code host integration is installed
  bool has_quota = true;        // billing.hasAutofixQuota
  bool repos_linked = true;     // seerReposLinked
};

struct Comment {
  std::string id;
  std::string text;
};

}  // namespace autofixd::sentry
