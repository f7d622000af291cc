#pragma once
// How FakeSentry's Seer model behaves for one issue (FakeSentry::enable_seer).
// Facts it follows, from Sentry's source (see fake_sentry_seer_model.hpp).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "integration/fake_sentry_seer_json.hpp"

namespace autofixd::testing {

// Whether the organization may use Seer.
enum class SeerAccess {
  enabled,
  // POSTs answer 403 {"detail": "You are not authorized to perform this
  // action"}; GETs work (e.g. Seer coding switched off for the org while a
  // rule asks for code changes).
  post_forbidden,
  // Seer / AI features off: POSTs as above, and GET autofix answers 403
  // {"detail": "AI features are disabled for this organization."}
  // (SeerAgentClient checks access on every call).
  disabled,
};

// Which issue field records a trigger, and when.
enum class TriggerStamp {
  // seerAutofixLastTriggered = the time each new run was started (legacy
  // trigger_autofix, any caller).
  on_start,
  // The same, and again on every continuation POST (older trigger_autofix_agent).
  on_step_triggers,
  // seerExplorerAutofixLastTriggered = the time each step completes
  // (AutofixOnCompletionHook.execute, newest); nothing at start.
  on_step_completion,
};

struct SeerOptions {
  SeerTexts texts{};  // what runs started by a POST produce
  SeerTexts elsewhere_texts{
      .root_cause = "Another run blames the cache layer for the None discount.",
      .solution = "Warm the cache before computing totals.",
      .pr_url = "https://github.com/acme/backend/pull/909",
      .pr_number = 909};  // what runs started elsewhere produce
  BlockStyle style = BlockStyle::prompt_and_reply;
  std::size_t phase_repeat = 1;  // GETs that see each phase
  // The pipeline stops for good once this step completed ("" = never): a
  // stalled pipeline, status "completed" short of the stopping point.
  std::string stall_after_step{};
  // While running this step Seer asks a question ("" = never): status
  // awaiting_user_input with pending_user_input for `input_gets` GETs, then
  // the step goes on and completes.
  std::string needs_input_in_step{};
  std::size_t input_gets = 3;
  std::string question = "Should a missing discount be treated as zero or rejected?";
  SeerAccess access = SeerAccess::enabled;
  TriggerStamp stamps = TriggerStamp::on_start;
};

// A run Sentry's automation or a person started (FakeSentry::start_run_elsewhere).
struct ElsewhereRun {
  std::string stopping_point = "root_cause";  // "" = manual: root cause only
  std::chrono::minutes ago{0};                // when it was triggered
  // processing: its pipeline runs from the start as GETs come; completed:
  // it is already at its end; error: it failed.
  std::string status = "processing";
  // Stamp seerExplorerAutofixLastTriggered instead of seerAutofixLastTriggered.
  bool explorer_field = false;
};

struct SeerRunInfo {
  std::int64_t run_id = 0;
  std::string sentry_run_id;
  bool by_post = false;        // started by a start POST (else elsewhere)
  std::string stopping_point;  // "" = none given (manual mode)
  std::chrono::system_clock::time_point triggered_at;
  std::size_t continuations = 0;  // continuation POSTs it accepted
};

}  // namespace autofixd::testing
