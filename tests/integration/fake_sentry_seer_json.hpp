#pragma once
// Seer's agent-shaped autofix state and the setup preflight, as Sentry's
// newest endpoints serialize them (src/sentry/seer/endpoints/group_ai_autofix.py,
// models in src/sentry/seer/agent/client_models.py,
// src/sentry/seer/endpoints/group_autofix_setup_check.py), built from values.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace autofixd::testing {

// The three agent steps in Seer's PIPELINE_ORDER, by name.
inline constexpr const char* kSeerSteps[] = {"root_cause", "solution", "code_changes"};

// How a step's blocks look.
enum class BlockStyle {
  // Sentry's source: a user prompt block carrying metadata.step, then the
  // assistant's reply (metadata null) with the artifact; the current step is
  // the LAST block whose metadata has a step (_get_current_step).
  prompt_and_reply,
  // One assistant block per step with metadata.step (the saved fixtures).
  reply_only,
};

struct SeerBlockSpec {
  std::string step;      // root_cause | solution | code_changes
  bool loading = false;  // the step's agent is still writing: no artifact yet
};

struct SeerPrSpec {
  std::string repo = "acme/backend";
  std::string status = "completed";  // pr_creation_status: creating | completed | error
  std::string pr_url{};              // "" while creating or after an error
  std::int64_t pr_number = 0;        // 0 = null
  std::string error{};               // pr_creation_error; "" = null
};

struct SeerCodingAgentSpec {
  std::string id = "agent-1";
  std::string status = "pending";  // pending | running | completed | failed
  std::string provider = "cursor_background_agent";
  std::string name = "Cursor Background Agent";
  std::string repo = "acme/backend";
  std::string pr_url{};  // results[0] once completed; "" = no result yet
  std::int64_t pr_number = 0;
  std::int64_t integration_id = 0;  // 0 = null
};

// What a run has produced, used in its artifacts and patches.
struct SeerTexts {
  // Plain words: comments escape Markdown, and the tests look for these texts.
  std::string root_cause = "The invoice total adds a missing discount for orders without a coupon.";
  std::string solution = "Treat a missing discount as zero when computing the total.";
  std::string repo = "acme/backend";
  std::string pr_url = "https://github.com/acme/backend/pull/101";
  std::int64_t pr_number = 101;
  std::string agent_pr_url = "https://github.com/acme/backend/pull/202";  // a coding agent's PR
};

// One snapshot of a run: GET .../autofix/ → {"autofix": {...}}.
struct AgentRunSpec {
  std::int64_t run_id = 777;
  std::string sentry_run_id{};        // "" = seer_run_uuid(run_id)
  std::string status = "processing";  // processing | completed | error | awaiting_user_input
  std::vector<SeerBlockSpec> blocks{};
  std::vector<SeerPrSpec> prs{};
  std::vector<SeerCodingAgentSpec> coding_agents{};
  std::string question{};  // "" = pending_user_input null
  SeerTexts texts{};
  BlockStyle style = BlockStyle::prompt_and_reply;
  std::string updated_at{};  // "" = now
};

std::string agent_run_json(const AgentRunSpec& spec);

// A stable UUID string for a numeric run id (the SeerRun mirror's uuid).
std::string seer_run_uuid(std::int64_t run_id);

// Sentry's datetime rendering, "%Y-%m-%dT%H:%M:%S.%fZ".
std::string sentry_time(std::chrono::system_clock::time_point t);

// GET .../autofix/setup/ (group_autofix_setup_check.py).
struct AutofixSetupSpec {
  bool integration_ok = true;      // an active GitHub integration is installed
  bool has_quota = true;           // billing.hasAutofixQuota
  bool repos_linked = true;        // seerReposLinked
  bool automation_enabled = true;  // autofixEnabled: Sentry's OWN automation tuning is not off
};

std::string autofix_setup_json(const AutofixSetupSpec& spec = {});

}  // namespace autofixd::testing
