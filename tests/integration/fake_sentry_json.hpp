#pragma once
// Response bodies in Sentry's shapes (../shared/sentry-api.md §3, §4), built
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
// The agent shape: lowercase status, blocks[].artifacts[], repo_pr_states{}.
std::string agent_autofix_json(const AutofixSpec& spec = {});
// 202 body of POST autofix: {"run_id": N}
std::string start_response_json(std::int64_t run_id);

}  // namespace autofixd::testing
