#pragma once
// Response bodies in Sentry's shapes (docs/sentry.md), built
// programmatically for FakeSentry and the tests that script it.

#include <cstdint>
#include <optional>
#include <string>

namespace autofixd::testing {

struct IssueSpec {
  std::int64_t id = 42;
  std::string title = "ZeroDivisionError: division by zero";
  std::string level = "error";
  std::string status = "unresolved";
  std::string project = "backend";
  std::int64_t count = 150;       // sent as a string, as Sentry does
  std::int64_t user_count = 12;
  std::optional<double> fixability = 0.7;  // null when nullopt
  std::string seer_last_triggered{};           // seerAutofixLastTriggered; "" = null
  std::string seer_explorer_last_triggered{};  // seerExplorerAutofixLastTriggered; "" = null
  std::string priority = "high";              // Sentry's issue priority; "" = absent
};

// GET /api/0/organizations/{org}/issues/{id}/
std::string issue_json(const IssueSpec& spec = {});

struct AutofixSpec {
  std::int64_t run_id = 777;
  std::string status = "PROCESSING";  // legacy: UPPERCASE; agent: lowercase
  std::string root_cause{};           // "" = no root cause yet
  std::string solution{};             // "" = no solution yet
  std::string pr_url{};               // "" = no pull request
  std::string repo = "acme/backend";
  std::string updated_at{};           // "" = now, as for a live run
};

// {"autofix": null}
std::string autofix_null_json();
// The legacy shape: UPPERCASE status, steps[] (root_cause_analysis,
// solution, changes with pull_request).
std::string legacy_autofix_json(const AutofixSpec& spec = {});
// The agent shape (fake_sentry_seer_json.hpp), one assistant block per step
// with metadata.step: a root cause gives a root_cause block; a solution adds
// a solution block; a pr_url makes it the whole pipeline up to the PR
// (root_cause, solution and code_changes blocks, repo_pr_states[repo] with
// pr_creation_status "completed"), so "completed" with a PR is at open_pr.
std::string agent_autofix_json(const AutofixSpec& spec = {});
// 202 body of POST autofix: {"run_id": N} (the legacy endpoint's answer)
std::string start_response_json(std::int64_t run_id);

}  // namespace autofixd::testing
