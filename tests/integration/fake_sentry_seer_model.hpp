#pragma once
// FakeSentry's model of Seer runs on one issue. Internal to FakeSentry.
//
// What it follows (Sentry's source; docs/sentry.md "Continuing a run",
// "Run state (GET)" and "Seer lifecycle" say where each fact comes from):
// - Each step (root_cause → solution → code_changes) is its own agent turn on
//   the same run: "processing" with the step's reply block loading, then
//   "completed" with the artifact. Only then does the completion hook
//   (seer/autofix/on_completion_hook.py, _maybe_continue_pipeline) start the
//   next step, so a GET in between sees "completed" short of the end.
// - The hook continues by the run's ORIGINAL stopping point, compared by
//   equality: none → never continues; at the stopping point's step → stops;
//   stopping point open_pr after code_changes → pushes the PR (creating →
//   completed); else the next step of the pipeline, if any. A continuation
//   POST (run_id / sentry_run_id + step) runs that step, then the same hook.
// - GET answers the issue's latest run (latest trigger: a start or a
//   continuation), whoever started it.
// Time is GETs: each GET of a run shows its next phase, the last repeating.
// A run that is not the latest does not advance (in Sentry it would).

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "integration/fake_sentry.hpp"
#include "integration/fake_sentry_seer_options.hpp"

namespace autofixd::testing {

using SysClock = std::chrono::system_clock;

struct SeerPhase {
  AgentRunSpec state;  // run_id, sentry_run_id and updated_at are filled when shown
  std::size_t gets = 1;
  bool completes_step = false;                     // the moment a step's agent turn finished
  std::optional<SysClock::time_point> shown_at{};  // its updated_at
};

struct SeerRun {
  SeerRunInfo info;
  SeerTexts texts;
  std::vector<SeerPhase> phases;
  std::ptrdiff_t shown = -1;  // the phase the last GET showed
  std::size_t served = 0;     // GETs that saw phases[shown]
  std::uint64_t bumped = 0;   // latest trigger, in the fake's sequence
};

// What the next start POST meets (act_then_hang, fail_start).
struct StartFault {
  bool hang = false;  // never answered; the run appears act_after later
  std::chrono::milliseconds act_after{0};
  FakeResponse response{};  // when !hang
  bool acted = false;       // when !hang: the run was created anyway
};

// A start POST acted on later (act_then_hang).
struct PendingStart {
  std::chrono::steady_clock::time_point due;
  std::string stopping_point;
  std::string step;
};

struct SeerIssue {
  SeerOptions options;
  std::vector<SeerRun> runs;  // in creation order
  std::deque<StartFault> faults;
  std::vector<PendingStart> pending;
};

// How Seer goes on after a step (or PR push) finished.
struct PlanContext {
  std::string stopping_point;  // the run's original one; "" = manual
  const SeerOptions* options = nullptr;
};

// The phases of running `step` (root_cause | solution | code_changes |
// open_pr) on a run that now looks like `from`, then of whatever the
// completion hook runs after it. Pure.
std::vector<SeerPhase> plan_step(AgentRunSpec from, std::string step, const PlanContext& context);

// The phases of a coding agent taking over the run (pending → running →
// completed with a PR in its results). Pure.
std::vector<SeerPhase> plan_handoff(AgentRunSpec from, SeerCodingAgentSpec agent,
                                    const SeerOptions& options);

// The phase the next GET of `run` shows (advancing it); nullptr when the run
// has no phases.
SeerPhase* next_phase(SeerRun& run);

// Drops the phases after the one last shown (the run's "now"): a continuation
// replaces whatever the run would have done next. Returns the current state.
AgentRunSpec cut_at_now(SeerRun& run);

}  // namespace autofixd::testing
